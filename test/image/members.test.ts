import { describe, expect, it } from 'vitest';
import { createCloud } from '../../src/cloud.js';
import { ADMIN, DEMO, glance, OCTET, OTHER, queuedImage, type Who } from './helpers.js';

const THIRD = { projectId: 'third', userId: 'carol', roles: ['member'] };
const READER = { projectId: 'other', userId: 'rita', roles: ['reader'] };

/** An active image of `demo`, shared (Glance's default visibility). */
function sharedImage() {
  const cloud = createCloud({ seed: 4 });
  const id = queuedImage(cloud);
  glance(cloud, 'PUT', `/v2/images/${id}/file`, {
    body: new Uint8Array([1, 2, 3]),
    headers: OCTET,
  });
  cloud.clock.advance(10_000);
  return { cloud, id };
}

const add = (
  cloud: ReturnType<typeof createCloud>,
  id: string,
  member: unknown,
  auth: Who = DEMO,
) => glance(cloud, 'POST', `/v2/images/${id}/members`, { body: { member }, auth });
const setStatus = (cloud: ReturnType<typeof createCloud>, id: string, status: unknown, auth: Who) =>
  glance(cloud, 'PUT', `/v2/images/${id}/members/${auth.projectId}`, { body: { status }, auth });
const listed = (cloud: ReturnType<typeof createCloud>, auth: Who, query = '') =>
  (glance(cloud, 'GET', `/v2/images${query}`, { auth }).body.images as { id: string }[]).map(
    (i) => i.id,
  );

describe('Glance image members', () => {
  it('adds a pending member that sees the image but lists it only once accepted', () => {
    const { cloud, id } = sharedImage();
    expect(glance(cloud, 'GET', `/v2/images/${id}`, { auth: OTHER }).status).toBe(404);
    const res = add(cloud, id, 'other');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      member_id: 'other',
      image_id: id,
      status: 'pending',
      created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
      updated_at: expect.any(String),
      schema: '/v2/schemas/member',
    });
    expect(glance(cloud, 'GET', `/v2/images/${id}`, { auth: OTHER }).status).toBe(200);
    expect(listed(cloud, OTHER)).not.toContain(id);
    expect(listed(cloud, OTHER, '?member_status=pending')).toContain(id);
    expect(setStatus(cloud, id, 'accepted', OTHER).body.status).toBe('accepted');
    expect(listed(cloud, OTHER)).toContain(id);
    expect(listed(cloud, OTHER, '?visibility=shared')).toContain(id);
    expect(setStatus(cloud, id, 'rejected', OTHER).status).toBe(200);
    expect(listed(cloud, OTHER)).not.toContain(id);
    expect(listed(cloud, THIRD)).not.toContain(id);
  });

  it('shows the owner every member and a member only its own row', () => {
    const { cloud, id } = sharedImage();
    add(cloud, id, 'other');
    add(cloud, id, 'third');
    const all = glance(cloud, 'GET', `/v2/images/${id}/members`);
    expect(all.body.schema).toBe('/v2/schemas/members');
    expect((all.body.members as { member_id: string }[]).map((m) => m.member_id)).toEqual([
      'other',
      'third',
    ]);
    const own = glance(cloud, 'GET', `/v2/images/${id}/members`, { auth: OTHER });
    expect((own.body.members as { member_id: string }[]).map((m) => m.member_id)).toEqual([
      'other',
    ]);
    const peer = glance(cloud, 'GET', `/v2/images/${id}/members/third`, { auth: OTHER });
    expect(peer.status).toBe(404);
    expect(peer.body.message).toBe(`third not found in the member list of the image ${id}.`);
    expect(glance(cloud, 'GET', `/v2/images/${id}/members/other`, { auth: READER }).status).toBe(
      200,
    );
  });

  it("lets a member boot from the image it was given, as Nova reads Glance with the user's project", () => {
    const { cloud, id } = sharedImage();
    const boot = () =>
      cloud.request({
        method: 'POST',
        path: '/v2.1/servers',
        auth: OTHER,
        headers: { 'X-OpenStack-Nova-API-Version': '2.37' },
        body: { server: { name: 's', imageRef: id, flavorRef: '1', networks: 'none' } },
      }).status;
    expect(boot()).toBe(400);
    add(cloud, id, 'other');
    expect(boot()).toBe(202);
  });

  it.each([
    ['no body', undefined, 'Body expected in request.'],
    ['no member key', {}, 'Member to be added not specified'],
    ['an empty member', { member: '' }, "Member can't be empty"],
    ['a list body', [], 'Expected a member in the form: {"member": "image_id"}'],
  ])('refuses a create with %s (400)', (_, body, message) => {
    const { cloud, id } = sharedImage();
    const res = glance(cloud, 'POST', `/v2/images/${id}/members`, { body });
    expect(res.status).toBe(400);
    expect(res.body.message).toBe(message);
    expect(glance(cloud, 'GET', `/v2/images/${id}/members`).body.members).toEqual([]);
  });

  it('refuses members on an image that is not shared, and a duplicate', () => {
    const { cloud, id } = sharedImage();
    expect(add(cloud, id, 'other').status).toBe(200);
    const twice = add(cloud, id, 'other');
    expect(twice.status).toBe(409);
    expect(twice.body.message).toBe(`Member other is duplicated for image ${id}`);
    const priv = queuedImage(cloud, DEMO, { visibility: 'private' });
    const res = add(cloud, priv, 'other');
    expect(res.status).toBe(403);
    expect(res.body.message).toBe(`Not allowed to create members for image ${priv}.`);
    const list = glance(cloud, 'GET', `/v2/images/${priv}/members`);
    expect(list.body.message).toBe(
      `Not allowed to list members for image ${priv}: Only shared images have members.`,
    );
    expect(glance(cloud, 'GET', `/v2/images/${priv}/members/other`).status).toBe(404);
  });

  it("keeps the owner's and the member's powers apart (Glance's default policies)", () => {
    const { cloud, id } = sharedImage();
    add(cloud, id, 'other');
    const memberAdds = add(cloud, id, 'third', OTHER);
    expect(memberAdds.status).toBe(403);
    expect(memberAdds.body.message).toBe('You are not authorized to complete add_member action.');
    const ownerAccepts = glance(cloud, 'PUT', `/v2/images/${id}/members/other`, {
      body: { status: 'accepted' },
    });
    expect(ownerAccepts.body.message).toBe(
      'You are not authorized to complete modify_member action.',
    );
    const memberLeaves = glance(cloud, 'DELETE', `/v2/images/${id}/members/other`, { auth: OTHER });
    expect(memberLeaves.body.message).toBe(
      'You are not authorized to complete delete_member action.',
    );
    expect(add(cloud, id, 'third', ADMIN).status).toBe(200);
    expect(glance(cloud, 'DELETE', `/v2/images/${id}/members/other`).status).toBe(204);
    expect(glance(cloud, 'GET', `/v2/images/${id}`, { auth: OTHER }).status).toBe(404);
  });

  it('refuses a status that is not pending, accepted or rejected', () => {
    const { cloud, id } = sharedImage();
    add(cloud, id, 'other');
    const res = setStatus(cloud, id, 'maybe', OTHER);
    expect(res.status).toBe(400);
    expect(res.body.message).toBe(
      'Incorrect request: Status must be "pending", "accepted" or "rejected".',
    );
    expect(
      glance(cloud, 'PUT', `/v2/images/${id}/members/other`, { body: {}, auth: OTHER }).body
        .message,
    ).toBe('Status not specified');
    expect(
      glance(cloud, 'GET', `/v2/images/${id}/members/other`, { auth: OTHER }).body.status,
    ).toBe('pending');
  });

  it('keeps memberships across a snapshot and restore', () => {
    const { cloud, id } = sharedImage();
    add(cloud, id, 'other');
    setStatus(cloud, id, 'accepted', OTHER);
    const restored = createCloud({ restore: JSON.parse(JSON.stringify(cloud.snapshot())) });
    expect(listed(restored, OTHER)).toContain(id);
    expect(JSON.stringify(restored.snapshot())).toBe(JSON.stringify(cloud.snapshot()));
  });
});
