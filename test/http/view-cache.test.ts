import { describe, expect, it } from 'vitest';
import { serverViewCache } from '../../src/api/views/server-view-cache.js';
import { IMAGE_ID, NETWORK_ID, serve } from './helpers.js';

const V = { 'OpenStack-API-Version': 'compute 2.73' };

describe('server views over HTTP come from the per-server cache, and follow every change', () => {
  it('sends the same bytes twice, then the lock, a /_sim force-down and the clock', async () => {
    const { call, token, server } = await serve();
    const demo = await token('demo');
    const created = await call('/compute/v2.1/servers', {
      method: 'POST',
      token: demo,
      body: JSON.stringify({
        server: {
          name: 'vm',
          imageRef: IMAGE_ID,
          flavorRef: '1',
          networks: [{ uuid: NETWORK_ID }],
        },
      }),
    });
    expect(created.status).toBe(202);
    const id = created.body.server.id as string;
    const admin0 = await token('admin');
    await call('/_sim/clock/advance', {
      method: 'POST',
      token: admin0,
      body: JSON.stringify({ ms: 60_000 }),
    });
    const show = () => call(`/compute/v2.1/servers/${id}`, { token: demo, headers: V });
    const list = () => call('/compute/v2.1/servers/detail', { token: demo, headers: V });
    const first = await show();
    expect(first.body.server).toMatchObject({ status: 'ACTIVE', locked: false });
    expect((await show()).text).toBe(first.text);
    expect(serverViewCache(server.cloud).size.entries).toBe(1);
    const page = await list();
    // A detail item is the GET's view less `server_groups` (2.71: GET only).
    const { server_groups: groups, ...item } = first.body.server;
    expect(groups).toEqual([]);
    expect(page.body.servers[0]).toEqual(item);
    expect((await list()).text).toBe(page.text);

    const lock = await call(`/compute/v2.1/servers/${id}/action`, {
      method: 'POST',
      token: demo,
      body: JSON.stringify({ lock: null }),
    });
    expect(lock.status).toBe(202);
    expect((await show()).body.server.locked).toBe(true);
    expect((await list()).body.servers[0].locked).toBe(true);

    // A host forced down through the control API reaches an admin's view (host_status)
    // without a Nova request; the clock advanced through it too.
    const admin = await token('admin');
    const adminShow = () => call(`/compute/v2.1/servers/${id}`, { token: admin, headers: V });
    const up = await adminShow();
    expect(up.body.server.host_status).toBe('UP');
    expect((await adminShow()).text).toBe(up.text);
    const host = up.body.server['OS-EXT-SRV-ATTR:host'] as string;
    const forced = await call(`/_sim/hosts/${host}/force-down`, {
      method: 'POST',
      token: admin,
      body: '{}',
    });
    expect(forced.status).toBe(200);
    expect((await adminShow()).body.server.host_status).toBe('DOWN');
    const refused = await call(`/compute/v2.1/servers/${id}/action`, {
      method: 'POST',
      token: demo,
      body: JSON.stringify({ 'os-start': null }),
    });
    expect(refused.status).toBe(409);
    const advanced = await call('/_sim/clock/advance', {
      method: 'POST',
      token: admin,
      body: JSON.stringify({ ms: 60_000 }),
    });
    expect(advanced.status).toBe(200);
    expect((await show()).text).toBe(
      JSON.stringify(
        server.cloud.request({
          method: 'GET',
          path: `/v2.1/servers/${id}`,
          headers: V,
          auth: {
            projectId: created.body.server.tenant_id ?? first.body.server.tenant_id,
            userId: first.body.server.user_id,
            roles: ['member'],
          },
        }).body,
      ),
    );
  });
});
