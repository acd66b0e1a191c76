import { describe, expect, it } from 'vitest';
import { createCloud } from '../../src/cloud.js';
import { glance, queuedImage } from './helpers.js';

// Glance routes with a routes.Mapper: `/v2/images` and `/v2/images/{image_id}` match, a
// trailing slash matches neither (Tempest's test_get_image_null_id, test_delete_image_null_id).
describe('Glance routing of a trailing slash', () => {
  it('answers 404 to GET and DELETE /v2/images/ (an empty image id) and deletes nothing', () => {
    const cloud = createCloud({ seed: 1 });
    const id = queuedImage(cloud);
    expect(glance(cloud, 'GET', '/v2/images/').status).toBe(404);
    expect(glance(cloud, 'DELETE', '/v2/images/').status).toBe(404);
    expect(glance(cloud, 'GET', `/v2/images/${id}/`).status).toBe(404);
    expect(glance(cloud, 'GET', `/v2/images/${id}`).status).toBe(200);
  });

  it('still lists at /v2/images and serves the version document at / and /versions/', () => {
    const cloud = createCloud({ seed: 1 });
    expect(glance(cloud, 'GET', '/v2/images').status).toBe(200);
    expect(glance(cloud, 'GET', '/').status).toBe(300);
    expect(glance(cloud, 'GET', '/versions/').status).toBe(200);
  });
});

// Tempest's test_get_image_member_schema / test_get_image_members_schema.
describe('Glance member schemas', () => {
  it('serves /v2/schemas/member and /v2/schemas/members', () => {
    const cloud = createCloud({ seed: 1 });
    const member = glance(cloud, 'GET', '/v2/schemas/member');
    expect(member.status).toBe(200);
    expect(member.body.name).toBe('member');
    expect(member.body.additionalProperties).toBe(false);
    expect(Object.keys(member.body.properties as object).sort()).toEqual([
      'created_at',
      'image_id',
      'member_id',
      'schema',
      'status',
      'updated_at',
    ]);
    const members = glance(cloud, 'GET', '/v2/schemas/members');
    expect(members.status).toBe(200);
    expect(members.body.name).toBe('members');
    expect((members.body.properties as Record<string, { items: unknown }>).members?.items).toEqual(
      member.body,
    );
    const images = glance(cloud, 'GET', '/v2/schemas/images').body;
    expect(images.name).toBe('images');
  });
});
