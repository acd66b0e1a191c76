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
  // Regression: the refusal left no trace, where master's API records the action before it
  // calls the conductor, and the conductor saves its `error` migration and the fault before
  // the exception reaches the API (docs/decisions/0013-refused-live-migration-records.md).
  it('before 2.34 answers the conductor pre-check (409) and leaves its records, as Nova does', () => {
    const { cloud, id, server, act } = hostless('2.1');
    const actions = server.actions.length;
    const res = act(
      { 'os-migrateLive': { host: null, block_migration: false, disk_over_commit: false } },
      ADMIN,
    );
    expect(res.status).toBe(409);
    expect(res.body.conflictingRequest.message).toBe(
      `Cannot 'os-migrateLive' instance ${id} while it is in power_state shutdown`,
    );
    expect(server.actions.length).toBe(actions + 1);
    expect(server.actions.at(-1)).toMatchObject({ action: 'live-migration', message: 'Error' });
    // Before 2.34 the API calls the conductor's migrate_server (conductor/api.py
    // live_migrate_instance with async_ false), whose event is `conductor_migrate_server`.
    expect(server.actions.at(-1)!.events.map((e) => [e.event, e.result])).toEqual([
      ['conductor_migrate_server', 'Error'],
    ]);
    expect(server.fault).toMatchObject({
      code: 400,
      message: `Instance ${id} in power_state shutdown. Cannot live migrate while the instance is in this state.`,
    });
    const migrations = cloud.request({
      method: 'GET',
      path: '/v2.1/os-migrations',
      headers: { 'OpenStack-API-Version': 'compute 2.80' },
      auth: ADMIN,
    }).body.migrations as { instance_uuid: string; status: string; migration_type: string }[];
    expect(migrations.filter((m) => m.instance_uuid === id)).toEqual([
      expect.objectContaining({ status: 'error', migration_type: 'live-migration' }),
    ]);
    // The server itself is as it was: active, no task, no host, no migration in flight.
    expect(server.machine.vmState).toBe('active');
    expect(server.machine.taskState).toBeNull();
    expect(server.migration).toBeNull();
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

  // Regression: the accepted request left no migration and no fault behind, where master's
  // conductor (`_live_migrate`) saves the migration it created as `error` and records the
  // exception as the instance fault.
  it('from 2.34 records an error migration from no host, the fault and the failed conductor event', () => {
    const { cloud, id, server, act } = hostless('2.34');
    const at = cloud.clock.now();
    expect(act({ 'os-migrateLive': { host: null, block_migration: 'auto' } }, ADMIN).status).toBe(
      202,
    );
    const headers = { 'OpenStack-API-Version': 'compute 2.80' };
    const list = cloud.request({
      method: 'GET',
      path: '/v2.1/os-migrations',
      headers,
      auth: ADMIN,
    });
    expect(list.status).toBe(200);
    const mine = list.body.migrations.filter(
      (m: { instance_uuid: string }) => m.instance_uuid === id,
    );
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({
      status: 'error',
      migration_type: 'live-migration',
      source_compute: null,
      dest_compute: null,
    });
    // Its guest is off too, and that check comes first (InstanceInvalidState, an Invalid: 400).
    expect(server.fault).toMatchObject({
      code: 400,
      message: `Instance ${id} in power_state shutdown. Cannot live migrate while the instance is in this state.`,
    });
    expect(server.fault!.created).toBe(at);
    const actions = cloud.request({
      method: 'GET',
      path: `/v2.1/servers/${id}/os-instance-actions`,
      headers,
      auth: ADMIN,
    }).body.instanceActions as { action: string; request_id: string; message: string | null }[];
    const live = actions.find((a) => a.action === 'live-migration')!;
    expect(live.message).toBe('Error');
    const detail = cloud.request({
      method: 'GET',
      path: `/v2.1/servers/${id}/os-instance-actions/${live.request_id}`,
      headers,
      auth: ADMIN,
    }).body.instanceAction;
    expect(detail.events).toHaveLength(1);
    expect(detail.events[0]).toMatchObject({
      event: 'conductor_live_migrate_instance',
      result: 'Error',
    });
    // It holds nothing: no claim for the record, and the server is as it was.
    expect(cloud.scheduler.claimsOnHost('compute-1').map((c) => c.consumerId)).not.toContain(
      mine[0].uuid,
    );
    expect(server.machine.taskState).toBeNull();
  });

  it('from 2.34 a guest that is not running fails the first check: 400 InstanceInvalidState fault, source recorded', () => {
    const cloud = createCloud({ seed: 4 });
    const headers = { 'OpenStack-API-Version': 'compute 2.34' };
    const id = cloud.request({
      method: 'POST',
      path: '/v2.1/servers',
      headers,
      body: { server: { name: 'w', imageRef: IMAGE, flavorRef: '1' } },
    }).body.server.id as string;
    const act = (body: unknown) =>
      cloud.request({
        method: 'POST',
        path: `/v2.1/servers/${id}/action`,
        headers,
        body,
        auth: ADMIN,
      });
    cloud.clock.advance(60_000);
    act({ 'os-stop': null });
    cloud.clock.advance(60_000);
    expect(act({ 'os-resetState': { state: 'active' } }).status).toBe(202);
    const server = cloud.compute.get(id)!;
    const host = server.host;
    expect(host).not.toBeNull();
    expect(act({ 'os-migrateLive': { host: null, block_migration: 'auto' } }).status).toBe(202);
    expect(server.fault).toMatchObject({
      code: 400,
      message: `Instance ${id} in power_state shutdown. Cannot live migrate while the instance is in this state.`,
    });
    const record = [...cloud.compute.migrations.values()].at(-1)!;
    expect(record).toMatchObject({ status: 'error', sourceHost: host, destHost: null });
    expect(server.migration).toBeNull();
    expect(server.host).toBe(host);
  });
});
