import { describe, expect, it } from 'vitest';
import { action, activeServer, V } from './helpers.js';

const OTHER = { projectId: 'other-project', userId: 'mallory', roles: ['member'] };

function tags(
  cloud: ReturnType<typeof activeServer>['cloud'],
  method: string,
  path: string,
  auth?: typeof OTHER,
) {
  return cloud.request({ method, path, headers: V, ...(auth ? { auth } : {}) });
}

describe('server tags as nova/api/openstack/compute/server_tags.py answers', () => {
  it('adds a tag while the server is rebooting: no task_state check', () => {
    const { cloud, id } = activeServer();
    action(cloud, id, { reboot: { type: 'SOFT' } });
    expect(tags(cloud, 'PUT', `/v2.1/servers/${id}/tags/t1`).status).toBe(201);
  });

  it('refuses writes on a shelved server with 409 naming the action', () => {
    const { cloud, id } = activeServer();
    expect(action(cloud, id, { shelve: null }).status).toBe(202);
    cloud.clock.advance(600_000);
    const res = tags(cloud, 'PUT', `/v2.1/servers/${id}/tags/t1`);
    expect(res.status).toBe(409);
    expect(res.body.conflictingRequest.message).toBe(
      `Cannot 'update tag' instance ${id} while it is in vm_state shelved_offloaded`,
    );
    const all = tags(cloud, 'DELETE', `/v2.1/servers/${id}/tags`);
    expect(all.body.conflictingRequest.message).toContain("Cannot 'delete tags'");
  });

  it("says 'Server … has no tag' on show and 'Instance … has no tag' on delete", () => {
    const { cloud, id } = activeServer();
    const show = tags(cloud, 'GET', `/v2.1/servers/${id}/tags/nope`);
    expect(show.status).toBe(404);
    expect(show.body.itemNotFound.message).toBe(`Server ${id} has no tag 'nope'`);
    const del = tags(cloud, 'DELETE', `/v2.1/servers/${id}/tags/nope`);
    expect(del.status).toBe(404);
    expect(del.body.itemNotFound.message).toBe(`Instance ${id} has no tag 'nope'`);
  });

  it("ends an invalid tag's 400 with jsonschema's message", () => {
    const { cloud, id } = activeServer();
    const res = tags(cloud, 'PUT', `/v2.1/servers/${id}/tags/a,b`);
    expect(res.status).toBe(400);
    expect(res.body.badRequest.message).toBe(
      "Tag 'a,b' is invalid. It must be a non empty string without characters '/' and ','. Validation error message: 'a,b' does not match '^[^,/]*$'",
    );
  });

  it("answers 403 with the policy rule for another project's server", () => {
    const { cloud, id } = activeServer();
    const res = tags(cloud, 'GET', `/v2.1/servers/${id}/tags`, OTHER);
    expect(res.status).toBe(403);
    expect(res.body.forbidden.message).toBe(
      "Policy doesn't allow os_compute_api:os-server-tags:index to be performed.",
    );
  });
});
