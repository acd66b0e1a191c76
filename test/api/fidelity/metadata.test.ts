import { describe, expect, it } from 'vitest';
import { action, activeServer, show, V } from './helpers.js';

describe('server metadata during a task (nova/compute/api.py: task_state=None)', () => {
  it('writes and deletes while the server is rebooting', () => {
    const { cloud, id } = activeServer();
    expect(action(cloud, id, { reboot: { type: 'HARD' } }).status).toBe(202);
    expect(show(cloud, id)['OS-EXT-STS:task_state']).toBe('rebooting_hard');

    const put = cloud.request({
      method: 'PUT',
      path: `/v2.1/servers/${id}/metadata/k`,
      headers: V,
      body: { meta: { k: 'v' } },
    });
    expect(put.status).toBe(200);
    const del = cloud.request({
      method: 'DELETE',
      path: `/v2.1/servers/${id}/metadata/k`,
      headers: V,
    });
    expect(del.status).toBe(204);
    expect(show(cloud, id).metadata).toEqual({});
  });

  it("still refuses a vm_state outside Nova's list, naming the delete", () => {
    const { cloud, id } = activeServer();
    cloud.request({
      method: 'PUT',
      path: `/v2.1/servers/${id}/metadata/k`,
      headers: V,
      body: { meta: { k: 'v' } },
    });
    expect(action(cloud, id, { rescue: null }).status).toBe(200);
    cloud.clock.advance(60_000);
    const del = cloud.request({
      method: 'DELETE',
      path: `/v2.1/servers/${id}/metadata/k`,
      headers: V,
    });
    expect(del.status).toBe(409);
    expect(del.body.conflictingRequest.message).toBe(
      `Cannot 'delete metadata' instance ${id} while it is in vm_state rescued`,
    );
  });
});
