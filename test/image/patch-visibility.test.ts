import { describe, expect, it } from 'vitest';
import {
  ADMIN,
  activeImage,
  DEMO,
  glance,
  newCloud,
  OTHER,
  PATCH,
  queuedImage,
} from './helpers.js';

const patch = (cloud: ReturnType<typeof newCloud>, id: string, ops: unknown, auth = DEMO) =>
  glance(cloud, 'PATCH', `/v2/images/${id}`, { body: ops, headers: PATCH, auth });

describe('PATCH with JSON-patch', () => {
  it('adds, replaces and removes properties and writable base fields', () => {
    const cloud = newCloud();
    const id = queuedImage(cloud);
    const res = patch(cloud, id, [
      { op: 'add', path: '/os_distro', value: 'cirros' },
      { op: 'replace', path: '/name', value: 'renamed' },
      { op: 'replace', path: '/min_ram', value: 512 },
      { op: 'add', path: '/tags', value: ['a', 'b', 'a'] },
      { op: 'replace', path: '/disk_format', value: 'qcow2' },
    ]);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      name: 'renamed',
      os_distro: 'cirros',
      min_ram: 512,
      tags: ['a', 'b'],
      disk_format: 'qcow2',
    });
    const removed = patch(cloud, id, [{ op: 'remove', path: '/os_distro' }]);
    expect(removed.body.os_distro).toBeUndefined();
  });

  it("answers Glance's errors and changes nothing when one op fails", () => {
    const cloud = newCloud();
    const id = activeImage(cloud);
    const before = glance(cloud, 'GET', `/v2/images/${id}`).body;
    const cases: [unknown, number, string][] = [
      [
        [{ op: 'replace', path: '/status', value: 'active' }],
        403,
        "Attribute 'status' is read-only.",
      ],
      [
        [{ op: 'replace', path: '/checksum', value: 'x' }],
        403,
        "Attribute 'checksum' is read-only.",
      ],
      [
        [{ op: 'add', path: '/os_glance_x', value: 'x' }],
        403,
        "Attribute 'os_glance_x' is reserved.",
      ],
      [[{ op: 'remove', path: '/name' }], 403, 'Property name may not be removed.'],
      [[{ op: 'remove', path: '/nope' }], 409, 'Property nope does not exist.'],
      [[{ op: 'replace', path: '/nope', value: 'x' }], 409, 'Property nope does not exist.'],
      [
        [{ op: 'replace', path: '/disk_format', value: 'raw' }],
        403,
        'Attribute disk_format can be only replaced for a queued image.',
      ],
      [
        [{ op: 'replace', path: '/visibility', value: 'nope' }],
        400,
        "Provided object does not match schema 'image': 'nope' is not one of ['community', 'public', 'private', 'shared']",
      ],
      [
        [{ op: 'move', path: '/name' }],
        400,
        'Invalid operation: `move`. It must be one of the following: add, remove, replace.',
      ],
      [[{ op: 'add', path: 'name', value: 1 }], 400, 'Pointer `name` does not start with "/".'],
      [[{ op: 'add', path: '/name' }], 400, 'Operation "add" requires a member named "value".'],
      [{ op: 'add' }, 400, 'Request body must be a JSON array of operation objects.'],
      [
        [
          { op: 'replace', path: '/name', value: 'changed' },
          { op: 'replace', path: '/owner', value: 'other' },
        ],
        403,
        "Owner can't be updated by non admin.",
      ],
    ];
    for (const [ops, code, message] of cases) {
      const res = patch(cloud, id, ops);
      expect(res.status, JSON.stringify(ops)).toBe(code);
      expect(res.body.message, JSON.stringify(ops)).toBe(message);
    }
    expect(glance(cloud, 'GET', `/v2/images/${id}`).body).toEqual(before);
    const wrongType = glance(cloud, 'PATCH', `/v2/images/${id}`, {
      body: [],
      headers: { 'content-type': 'application/json' },
    });
    expect(wrongType.status).toBe(415);
    expect(wrongType.headers['accept-patch']).toBe(
      'application/openstack-images-v2.0-json-patch, application/openstack-images-v2.1-json-patch',
    );
  });

  it('lets only the owner project (or an admin) modify; public needs an admin', () => {
    const cloud = newCloud();
    const id = activeImage(cloud, 'x', DEMO, { visibility: 'community' });
    const stranger = patch(cloud, id, [{ op: 'replace', path: '/name', value: 'x' }], OTHER);
    expect(stranger.status).toBe(403);
    expect(stranger.body.message).toBe('You are not authorized to complete modify_image action.');
    const publicize = patch(cloud, id, [{ op: 'replace', path: '/visibility', value: 'public' }]);
    expect(publicize.status).toBe(403);
    expect(publicize.body.message).toBe(
      'You are not authorized to complete publicize_image action.',
    );
    const made = glance(cloud, 'POST', '/v2/images', { body: { name: 'p', visibility: 'public' } });
    expect(made.status).toBe(403);
    expect(
      patch(cloud, id, [{ op: 'replace', path: '/visibility', value: 'public' }], ADMIN).status,
    ).toBe(200);
  });

  it('tags with PUT and DELETE', () => {
    const cloud = newCloud();
    const id = queuedImage(cloud);
    expect(glance(cloud, 'PUT', `/v2/images/${id}/tags/web`).status).toBe(204);
    expect(glance(cloud, 'PUT', `/v2/images/${id}/tags/web`).status).toBe(204);
    expect(glance(cloud, 'GET', `/v2/images/${id}`).body.tags).toEqual(['web']);
    expect(glance(cloud, 'DELETE', `/v2/images/${id}/tags/db`).status).toBe(404);
    expect(glance(cloud, 'DELETE', `/v2/images/${id}/tags/web`).status).toBe(204);
    const unknown = glance(cloud, 'PUT', '/v2/images/nope/tags/web');
    expect(unknown.body.message).toBe('Image nope not found.');
  });
});

describe('create', () => {
  it("refuses read-only, reserved and badly typed fields in Glance's words", () => {
    const cloud = newCloud();
    const cases: [unknown, number, string][] = [
      [{ status: 'active' }, 403, "Attribute 'status' is read-only."],
      [{ self: '/x' }, 403, "Attribute 'self' is read-only."],
      [{ size: 5 }, 403, "Attribute 'size' is read-only."],
      [{ deleted: 'x' }, 403, "Attribute 'deleted' is reserved."],
      [{ os_glance_import_task: 'x' }, 403, "Attribute 'os_glance_import_task' is reserved."],
      [
        { min_ram: 'big' },
        400,
        "Provided object does not match schema 'image': 'big' is not of type 'integer'",
      ],
      [
        { color: 3 },
        400,
        "Provided object does not match schema 'image': 3 is not of type 'string'",
      ],
      [{ owner: 'other' }, 403, "You are not permitted to create images owned by 'other'"],
    ];
    for (const [body, code, message] of cases) {
      const res = glance(cloud, 'POST', '/v2/images', { body });
      expect(res.status, JSON.stringify(body)).toBe(code);
      expect(res.body.message, JSON.stringify(body)).toBe(message);
    }
    const id = '11111111-2222-4333-8444-555555555555';
    expect(glance(cloud, 'POST', '/v2/images', { body: { id } }).status).toBe(201);
    const again = glance(cloud, 'POST', '/v2/images', { body: { id } });
    expect(again.status).toBe(409);
    expect(again.body.message).toBe(`Image ID ${id} already exists!`);
    expect(glance(cloud, 'POST', '/v2/images', { body: '{' }).body.message).toBe(
      'Malformed JSON in request body.',
    );
    expect(
      glance(cloud, 'POST', '/v2/images', { body: { owner: 'other' }, auth: ADMIN }).body.owner,
    ).toBe('other');
  });
});

describe('visibility and listing', () => {
  it("shows each project its own, public and community images, as Glance's list does", () => {
    const cloud = newCloud();
    const priv = queuedImage(cloud, DEMO, { visibility: 'private', name: 'priv' });
    const shared = queuedImage(cloud, DEMO, { name: 'shared' });
    const community = queuedImage(cloud, DEMO, { visibility: 'community', name: 'comm' });
    const names = (auth = DEMO, query = '') =>
      glance(cloud, 'GET', `/v2/images${query}`, { auth }).body.images.map(
        (i: { name: string }) => i.name,
      );
    expect(names()).toEqual(expect.arrayContaining(['priv', 'shared', 'comm']));
    expect(names(OTHER)).not.toEqual(expect.arrayContaining(['priv']));
    expect(names(OTHER).filter((n: string) => ['priv', 'shared', 'comm'].includes(n))).toEqual([]);
    expect(names(OTHER, '?visibility=community')).toEqual(['comm']);
    expect(glance(cloud, 'GET', `/v2/images/${priv}`, { auth: OTHER }).status).toBe(404);
    expect(glance(cloud, 'GET', `/v2/images/${shared}`, { auth: OTHER }).status).toBe(404);
    expect(glance(cloud, 'GET', `/v2/images/${community}`, { auth: OTHER }).status).toBe(200);
    // Admins list everything but other projects' community images, unless asked for them.
    expect(names(ADMIN)).toEqual(expect.arrayContaining(['priv', 'shared']));
    expect(names(ADMIN)).not.toContain('comm');
    expect(names(ADMIN, '?visibility=all')).toContain('comm');
    expect(names(DEMO, '?visibility=private')).toEqual(['priv']);
    expect(names(DEMO, '?status=queued&sort=name:asc')).toEqual(['comm', 'priv', 'shared']);
    const bad = glance(cloud, 'GET', '/v2/images?visibility=nope');
    expect(bad.status).toBe(400);
    expect(bad.body.message).toBe('Invalid visibility value: nope');
    expect(glance(cloud, 'GET', '/v2/images?sort_key=nope').body.message).toBe(
      'Invalid sort key: nope. It must be one of the following: name, status, container_format, disk_format, size, id, created_at, updated_at.',
    );
    expect(glance(cloud, 'GET', '/v2/images?limit=x').body.message).toBe(
      'limit param must be an integer',
    );
  });

  it('filters by tag, owner and member_status, and pages with next links', () => {
    const cloud = newCloud();
    const tagged = queuedImage(cloud, DEMO, { tags: ['gold'] });
    const byTag = glance(cloud, 'GET', '/v2/images?tag=gold').body.images;
    expect(byTag.map((i: { id: string }) => i.id)).toEqual([tagged]);
    expect(glance(cloud, 'GET', '/v2/images?owner=demo').body.images).toHaveLength(1);
    expect(glance(cloud, 'GET', '/v2/images?member_status=all').status).toBe(200);
    expect(glance(cloud, 'GET', '/v2/images?member_status=x').body.message).toBe(
      'Invalid status: x',
    );
    const first = glance(cloud, 'GET', '/v2/images?limit=3&sort=name:asc').body;
    expect(first.images).toHaveLength(3);
    expect(first.first).toBe('/v2/images?limit=3&sort=name%3Aasc');
    expect(first.next).toBe(`/v2/images?limit=3&sort=name%3Aasc&marker=${first.images[2].id}`);
    const rest = glance(cloud, 'GET', first.next).body;
    expect(rest.images).toHaveLength(3);
    expect(rest.images[0].id).not.toBe(first.images[2].id);
    const unknown = glance(cloud, 'GET', '/v2/images?marker=nope');
    expect(unknown.status).toBe(400);
  });
});
