import { describe, expect, it } from 'vitest';
import { createCloud } from '../../src/cloud.js';
import * as ops from '../../src/compute/operations.js';
import {
  ADMIN,
  active,
  build,
  engine,
  flavor,
  MEMBER,
  settle,
  statusOf,
} from '../support/engine.js';

describe('regressions found in review', () => {
  it('restores per-project quotas with the cloud', () => {
    const cloud = engine();
    cloud.compute.projectQuotas.set('demo', { instances: 1 });
    const restored = createCloud({ restore: JSON.parse(JSON.stringify(cloud.snapshot())) });
    expect(restored.compute.quotasOf('demo').instances).toBe(1);
  });

  it('times out a build stuck in a task (instance_build_timeout watches vm_state building)', () => {
    const cloud = engine({ config: { instanceBuildTimeout: 60, stepMs: { spawning: 3_600_000 } } });
    const [server] = build(cloud);
    cloud.clock.advance(10 * 60_000);
    expect(statusOf(server!)).toBe('ERROR');
  });

  it('counts the auto-confirm window from the finished move, not from later updates', () => {
    const cloud = engine({ config: { resizeConfirmWindow: 120 } });
    const server = active(cloud);
    ops.resize(cloud.compute, server, MEMBER, flavor('2'));
    settle(cloud, server);
    expect(statusOf(server)).toBe('VERIFY_RESIZE');
    for (let i = 0; i < 5; i++) {
      ops.lock(cloud.compute, server, MEMBER, null);
      ops.unlock(cloud.compute, server, MEMBER);
      cloud.clock.advance(60_000);
    }
    expect(statusOf(server)).toBe('ACTIVE');
  });

  it('releases the claims of a move abandoned by os-resetState', () => {
    const cloud = engine();
    const server = active(cloud);
    ops.resize(cloud.compute, server, MEMBER, flavor('2'));
    settle(cloud, server);
    ops.resetState(cloud.compute, server, ADMIN, 'active');
    ops.resize(cloud.compute, server, MEMBER, flavor('3'));
    settle(cloud, server);
    ops.deleteServer(cloud.compute, server, ADMIN, true);
    settle(cloud, server);
    for (const host of cloud.scheduler.hosts()) {
      expect(host.used).toEqual({ vcpus: 0, memoryMb: 0, diskGb: 0 });
    }
  });

  it('reclaims in the same order after a restore as straight through', () => {
    const config = { reclaimInstanceInterval: 60 };
    const cloud = engine({ config, trace: true });
    const a = active(cloud);
    const b = active(cloud, { name: 'b' });
    ops.deleteServer(cloud.compute, b, MEMBER);
    ops.deleteServer(cloud.compute, a, MEMBER);
    const restored = createCloud({
      restore: JSON.parse(JSON.stringify(cloud.snapshot())),
      trace: true,
    });
    const before = cloud.trace!.length;
    cloud.clock.advance(300_000);
    restored.clock.advance(300_000);
    expect(JSON.stringify(restored.trace)).toBe(JSON.stringify(cloud.trace!.slice(before)));
  });

  it('refuses a config that would break a step later, when the cloud is made', () => {
    expect(() => createCloud({ config: { jitter: 2 } })).toThrow(RangeError);
    expect(() => createCloud({ config: { stepMs: { spawning: Number.NaN } } })).toThrow(
      /stepMs.spawning/,
    );
    expect(() => createCloud({ config: { periodicInterval: 0 } })).toThrow(RangeError);
  });
});

describe('API state that a snapshot keeps', () => {
  it('per-user quotas and deleted controller services survive a restore', () => {
    const cloud = createCloud({ seed: 3 });
    const admin = { projectId: 'admin', userId: 'root', roles: ['admin'] };
    const v = { 'OpenStack-API-Version': 'compute latest' };
    const put = cloud.request({
      method: 'PUT',
      path: '/v2.1/os-quota-sets/demo?user_id=alice',
      headers: v,
      auth: admin,
      body: { quota_set: { key_pairs: 0 } },
    });
    expect(put.status).toBe(200);
    const services = cloud.request({
      method: 'GET',
      path: '/v2.1/os-services',
      headers: v,
      auth: admin,
    });
    const scheduler = services.body.services.find(
      (s: { binary: string }) => s.binary === 'nova-scheduler',
    );
    expect(
      cloud.request({
        method: 'DELETE',
        path: `/v2.1/os-services/${scheduler.id}`,
        headers: v,
        auth: admin,
      }).status,
    ).toBe(204);

    const restored = createCloud({ restore: JSON.parse(JSON.stringify(cloud.snapshot())) });
    const quota = restored.request({
      method: 'GET',
      path: '/v2.1/os-quota-sets/demo?user_id=alice',
      headers: v,
      auth: admin,
    });
    expect(quota.body.quota_set.key_pairs).toBe(0);
    const after = restored.request({
      method: 'GET',
      path: '/v2.1/os-services',
      headers: v,
      auth: admin,
    });
    expect(after.body.services.some((s: { binary: string }) => s.binary === 'nova-scheduler')).toBe(
      false,
    );
  });
});

describe('a live migration the conductor refuses before 2.34', () => {
  // Nova master records the action, the error migration and the fault before the API
  // answers the conductor's error (docs/decisions/0013-refused-live-migration-records.md).
  it('is refused for a server without a host, and leaves the records Nova writes', () => {
    const cloud = engine();
    const server = active(cloud);
    ops.shelve(cloud.compute, server, MEMBER);
    settle(cloud, server);
    expect(server.host).toBeNull();
    ops.resetState(cloud.compute, server, ADMIN, 'active');
    const recorded = server.actions.length;
    // Nova's API lets it through; the conductor's pre-check refuses the guest that is off.
    expect(() => ops.liveMigrate(cloud.compute, server, ADMIN, null)).toThrow(
      `Cannot 'os-migrateLive' instance ${server.id} while it is in power_state shutdown`,
    );
    expect(server.actions.length).toBe(recorded + 1);
    expect(server.actions.at(-1)?.action).toBe('live-migration');
    expect(server.fault?.code).toBe(400);
    expect(server.migration).toBeNull();
    expect(server.machine.taskState).toBeNull();
  });
});

describe('volume-backed servers (§2.3)', () => {
  const BFV = { imageRef: '', volumes: [{ id: 'vol-1', deleteOnTermination: true }] };

  it('shelve goes straight to SHELVED_OFFLOADED, without image upload steps', () => {
    const cloud = engine({ config: { shelvedOffloadTime: -1 } });
    const server = active(cloud, BFV);
    const steps: string[] = [];
    cloud.events.on('server.step', (e) => steps.push(`${e.vmState}/${e.taskState}`));
    ops.shelve(cloud.compute, server, MEMBER);
    settle(cloud, server);
    expect(steps).toEqual(['active/shelving', 'shelved_offloaded/null']);
    expect(server.host).toBeNull();
  });

  it('createImage leaves the task_state alone', () => {
    const cloud = engine();
    const server = active(cloud, BFV);
    ops.createImage(cloud.compute, server, MEMBER, false);
    expect(server.machine.taskState).toBeNull();
    expect(server.actions.at(-1)?.action).toBe('createImage');
  });
});
