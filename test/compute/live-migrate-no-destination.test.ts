import { describe, expect, it } from 'vitest';
import { createCloud } from '../../src/cloud.js';

// Before 2.34 the API waits for the conductor's live-migration task: when its scheduler
// call (`_find_destination`, the source host ignored) raises NoValidHost, master's
// MigrateServerController answers it as a 400, after the API recorded the action and the
// conductor saved an `error` migration and the fault (docs/decisions/0013).
const IMAGE = '70a599e0-31e7-49b7-b260-868f441e862b';
const ADMIN = { projectId: 'admin', userId: 'admin', roles: ['admin'] };
const NOT_ENOUGH = 'No valid host was found. There are not enough hosts available.';

function cloudWith(hosts: number) {
  const cloud = createCloud({ seed: 6, hosts: { count: hosts } });
  const id = cloud.request({
    method: 'POST',
    path: '/v2.1/servers',
    body: { server: { name: 'w', imageRef: IMAGE, flavorRef: '1' } },
  }).body.server.id as string;
  cloud.clock.advance(60_000);
  const live = (version: string) =>
    cloud.request({
      method: 'POST',
      path: `/v2.1/servers/${id}/action`,
      headers: { 'OpenStack-API-Version': `compute ${version}` },
      body: {
        'os-migrateLive':
          version === '2.1'
            ? { host: null, block_migration: false, disk_over_commit: false }
            : { host: null, block_migration: 'auto' },
      },
      auth: ADMIN,
    });
  return { cloud, id, live, server: cloud.compute.get(id)! };
}

describe('a live migration with no other host', () => {
  it('before 2.34 answers NoValidHost as a 400 and keeps the records', () => {
    for (const version of ['2.1', '2.30']) {
      const { cloud, id, live, server } = cloudWith(1);
      const host = server.host;
      const res = live(version);
      expect(res.status, version).toBe(400);
      expect(res.body.badRequest.message).toBe(NOT_ENOUGH);
      expect(server.actions.at(-1)).toMatchObject({ action: 'live-migration', message: 'Error' });
      expect(server.fault).toMatchObject({ code: 500, message: NOT_ENOUGH });
      const migrations = cloud.request({
        method: 'GET',
        path: '/v2.1/os-migrations',
        headers: { 'OpenStack-API-Version': 'compute 2.80' },
        auth: ADMIN,
      }).body.migrations as { instance_uuid: string; status: string }[];
      expect(migrations.filter((m) => m.instance_uuid === id).map((m) => m.status)).toEqual([
        'error',
      ]);
      cloud.clock.advance(60_000);
      expect(server.machine.vmState).toBe('active');
      expect(server.machine.taskState).toBeNull();
      expect(server.host).toBe(host);
    }
  });

  it('from 2.34 is accepted, the scheduler refusing after the answer', () => {
    const { live } = cloudWith(1);
    expect(live('2.34').status).toBe(202);
  });

  it('before 2.34 goes ahead when another host would take the server', () => {
    const { cloud, live, server } = cloudWith(2);
    const host = server.host;
    expect(live('2.1').status).toBe(202);
    cloud.clock.advance(120_000);
    expect(server.machine.vmState).toBe('active');
    expect(server.host).not.toBe(host);
  });
});
