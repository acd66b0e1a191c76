import { describe, expect, it } from 'vitest';
import { createCloud } from '../../src/cloud.js';

const IMAGE = '70a599e0-31e7-49b7-b260-868f441e862b';
const ADMIN = { projectId: 'admin', userId: 'admin', roles: ['admin'] };

/** A server shelved and offloaded, unshelve started, then reset to active: no host, guest off. */
function hostless(version: string) {
  const cloud = createCloud({ seed: 4 });
  const headers = { 'OpenStack-API-Version': `compute ${version}` };
  const id = cloud.request({
    method: 'POST',
    path: '/v2.1/servers',
    headers,
    body: { server: { name: 'w', imageRef: IMAGE, flavorRef: '1' } },
  }).body.server.id as string;
  const act = (body: unknown, auth?: typeof ADMIN) =>
    cloud.request({
      method: 'POST',
      path: `/v2.1/servers/${id}/action`,
      headers,
      body,
      ...(auth ? { auth } : {}),
    });
  cloud.clock.advance(60_000);
  act({ shelve: null });
  cloud.clock.advance(60_000);
  act({ unshelve: null });
  expect(act({ 'os-resetState': { state: 'active' } }, ADMIN).status).toBe(202);
  const server = cloud.compute.get(id)!;
  expect(server.host).toBeNull();
  return { cloud, id, server, act };
}

describe('live-migrating a server with no host (nova/conductor/tasks/live_migrate.py)', () => {
  it('before 2.34 answers the conductor pre-check: the guest is not running, 409', () => {
    const { cloud, id, server, act } = hostless('2.1');
    const actions = server.actions.length;
    const before = JSON.stringify(cloud.snapshot().servers);
    const res = act(
      { 'os-migrateLive': { host: null, block_migration: false, disk_over_commit: false } },
      ADMIN,
    );
    expect(res.status).toBe(409);
    expect(res.body.conflictingRequest.message).toBe(
      `Cannot 'os-migrateLive' instance ${id} while it is in power_state shutdown`,
    );
    expect(server.actions.length).toBe(actions);
    expect(JSON.stringify(cloud.snapshot().servers)).toBe(before);
  });

  it('from 2.34 is accepted (the checks run after the answer) and leaves the server as it was', () => {
    const { cloud, server, act } = hostless('2.34');
    const res = act({ 'os-migrateLive': { host: null, block_migration: 'auto' } }, ADMIN);
    expect(res.status).toBe(202);
    expect(server.actions.at(-1)!.action).toBe('live-migration');
    cloud.clock.advance(60_000);
    expect(server.machine.vmState).toBe('active');
    expect(server.machine.taskState).toBeNull();
    expect(server.host).toBeNull();
    expect(server.migration).toBeNull();
  });
});
