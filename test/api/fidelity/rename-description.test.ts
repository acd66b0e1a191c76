import { describe, expect, it } from 'vitest';
import { activeServer, IMAGE, show } from './helpers.js';

// Found by the differential against real Nova (gen-2024 step 62): servers.py `update` sets
// only display_name on a rename; `create` is the one place a name becomes the description.
describe('a rename leaves the description alone', () => {
  it('at 2.1, on a server created at 2.37 without a description', () => {
    const { cloud, id } = activeServer();
    const put = cloud.request({
      method: 'PUT',
      path: `/v2.1/servers/${id}`,
      headers: { 'OpenStack-API-Version': 'compute 2.1' },
      body: { server: { name: 'renamed' } },
    });
    expect(put.status).toBe(200);
    const server = show(cloud, id);
    expect(server.name).toBe('renamed');
    expect(server.description).toBeNull();
  });

  it('while a create before 2.19 still copies the name into the description', () => {
    const { cloud } = activeServer();
    const res = cloud.request({
      method: 'POST',
      path: '/v2.1/servers',
      headers: { 'OpenStack-API-Version': 'compute 2.1' },
      body: { server: { name: 'old-style', flavorRef: '1', imageRef: IMAGE } },
    });
    expect(res.status).toBe(202);
    expect(show(cloud, res.body.server.id).description).toBe('old-style');
  });
});
