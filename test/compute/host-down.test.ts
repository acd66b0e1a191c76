import { describe, expect, it } from 'vitest';
import { NOT_ENOUGH_HOSTS } from '../../src/compute/compute.js';
import * as ops from '../../src/compute/operations.js';
import { flavorResources } from '../../src/compute/server.js';
import { into, recordSteps } from '../support/drive.js';
import { ADMIN, active, build, engine, MEMBER, settle, statusOf } from '../support/engine.js';

// §8.4: a dead nova-compute does no work, status never changes because of it, host_status
// tells; evacuate needs it down; delete on it is local.

const REBUILD = ['rebuilding', 'rebuild_block_device_mapping', 'rebuild_spawning'];

describe('steps stall while the host is down (§8.4)', () => {
  it('keeps a reboot at REBOOT for as long as the host is down, then finishes it', () => {
    const cloud = engine();
    const server = active(cloud);
    const host = server.host!;
    ops.reboot(cloud.compute, server, MEMBER, false);
    cloud.hosts.down(host);
    const steps = recordSteps(cloud, server);
    cloud.clock.advance(3600_000);
    expect(statusOf(server)).toBe('REBOOT');
    expect(server.machine.taskState).toBe('rebooting');
    expect(steps).toEqual([]);
    cloud.hosts.up(host);
    settle(cloud, server);
    expect(steps).toEqual(['active/reboot_pending', 'active/reboot_started', 'active/null']);
    expect(statusOf(server)).toBe('ACTIVE');
  });

  it('stalls a build scheduled onto a host that then dies', () => {
    const cloud = engine({ hosts: { count: 1 } });
    const [server] = build(cloud);
    cloud.clock.advance(1000); // scheduled, building/None
    expect(server!.host).toBe('compute-1');
    cloud.hosts.down('compute-1');
    cloud.clock.advance(600_000);
    expect(statusOf(server!)).toBe('BUILD');
    cloud.hosts.up('compute-1');
    settle(cloud, server!);
    expect(statusOf(server!)).toBe('ACTIVE');
  });

  it('accepts casts to a dead host: stop waits with powering-off (status ACTIVE)', () => {
    const cloud = engine();
    const server = active(cloud);
    cloud.hosts.down(server.host!);
    cloud.clock.advance(120_000);
    ops.stop(cloud.compute, server, MEMBER);
    cloud.clock.advance(120_000);
    expect(statusOf(server)).toBe('ACTIVE');
    expect(server.machine.taskState).toBe('powering-off');
    cloud.hosts.up(server.host!);
    settle(cloud, server);
    expect(statusOf(server)).toBe('SHUTOFF');
  });

  it('reports host_status UP, then UNKNOWN after service_down_time (60 s), UP again', () => {
    const cloud = engine();
    const server = active(cloud);
    const host = server.host!;
    cloud.hosts.down(host);
    cloud.clock.advance(60_000);
    expect(cloud.hosts.status(host)).toBe('UP');
    expect(cloud.compute.isHostUp(host)).toBe(true);
    cloud.clock.advance(1);
    expect(cloud.hosts.status(host)).toBe('UNKNOWN');
    expect(cloud.compute.isHostUp(host)).toBe(false);
    expect(statusOf(server)).toBe('ACTIVE');
    cloud.hosts.up(host);
    expect(cloud.hosts.status(host)).toBe('UP');
    expect(cloud.hosts.status(null)).toBe('');
  });

  it('answers changePassword on a dead compute with 500 at once (no RPC reply)', () => {
    const cloud = engine();
    const server = active(cloud);
    cloud.hosts.down(server.host!);
    expect(() => ops.changePassword(cloud.compute, server, MEMBER)).toThrow(
      expect.objectContaining({ code: 500 }),
    );
    expect(statusOf(server)).toBe('PASSWORD');
  });

  it('runs host-down and host-up fault rules on the clock (atMs: epoch ms)', () => {
    const cloud = engine();
    const server = active(cloud);
    const host = server.host!;
    const t = cloud.clock.now();
    cloud.addFault({ kind: 'host-down', host, atMs: t + 1_000 });
    cloud.addFault({ kind: 'host-up', host, atMs: t + 200_000 });
    ops.reboot(cloud.compute, server, MEMBER, true);
    cloud.clock.advance(500);
    expect(cloud.compute.isHostAlive(host)).toBe(true);
    cloud.clock.advance(100_000);
    expect(cloud.hosts.status(host)).toBe('UNKNOWN');
    expect(statusOf(server)).toBe('HARD_REBOOT');
    cloud.clock.advance(100_000);
    settle(cloud, server);
    expect(statusOf(server)).toBe('ACTIVE');
  });
});

describe('evacuate (§2.2, §2.3, §8.4)', () => {
  function downed(origin: 'active' | 'stopped' | 'error' = 'active') {
    const cloud = engine({ hosts: { count: 2 } });
    const server = into(cloud, origin);
    const source = server.host!;
    cloud.hosts.down(source);
    return { cloud, server, source };
  }

  it('is refused while the source is up, and within service_down_time after it died', () => {
    const { cloud, server, source } = downed();
    cloud.clock.advance(30_000);
    expect(() =>
      ops.evacuate(cloud.compute, server, ADMIN, { host: null, toStopped: false }),
    ).toThrow(`Compute service of ${source} is still in use.`);
    expect(server.actions.at(-1)?.action).not.toBe('evacuate');
  });

  it('rebuilds the server on another host and frees the source claim', () => {
    const { cloud, server, source } = downed();
    cloud.clock.advance(61_000);
    const steps = recordSteps(cloud, server);
    ops.evacuate(cloud.compute, server, ADMIN, { host: null, toStopped: false });
    expect(statusOf(server)).toBe('REBUILD');
    settle(cloud, server);
    expect(steps).toEqual([...REBUILD.map((t) => `active/${t}`), 'active/null']);
    expect(statusOf(server)).toBe('ACTIVE');
    expect(server.host).not.toBe(source);
    expect(server.migration).toBeNull();
    expect(cloud.scheduler.claimsOf(server.id)).toEqual([
      {
        consumerId: server.id,
        host: server.host,
        resources: flavorResources(server.flavor, false),
      },
    ]);
    expect(cloud.scheduler.claimsOnHost(source)).toEqual([]);
  });

  // Regression (found by the harness): a second evacuation while the first was scheduled
  // dropped the source's claim (the migration's) though the server still ran there.
  it('evacuates over an evacuation in flight, keeping the claims where the server is', () => {
    const { cloud, server, source } = downed();
    cloud.clock.advance(61_000);
    ops.evacuate(cloud.compute, server, ADMIN, { host: null, toStopped: false });
    cloud.clock.advance(1_000);
    const first = server.migration!;
    expect(first.status).toBe('migrating');
    const dest = first.destHost!;
    ops.evacuate(cloud.compute, server, ADMIN, { host: null, toStopped: false });
    expect(first.status).toBe('error');
    expect(server.host).toBe(source);
    const consumers = (host: string) => cloud.scheduler.claimsOnHost(host).map((c) => c.consumerId);
    expect(consumers(source)).toEqual([server.id]);
    expect(consumers(dest)).toEqual([]);
    settle(cloud, server);
    expect(statusOf(server)).toBe('ACTIVE');
    expect(server.host).toBe(dest);
    expect(consumers(dest)).toEqual([server.id]);
    expect(consumers(source)).toEqual([]);
  });

  it('evacuates over a step stalled on the dead host, which is then forgotten', () => {
    const { cloud, server, source } = downed();
    ops.reboot(cloud.compute, server, MEMBER, true);
    cloud.clock.advance(61_000);
    expect(statusOf(server)).toBe('HARD_REBOOT');
    // Nova checks no task_state for an evacuation: it takes over the stuck reboot.
    ops.evacuate(cloud.compute, server, ADMIN, { host: null, toStopped: false });
    settle(cloud, server);
    expect(statusOf(server)).toBe('ACTIVE');
    const steps = recordSteps(cloud, server);
    cloud.hosts.up(source);
    cloud.clock.advance(60_000);
    expect(steps).toEqual([]);
  });

  it.each([
    ['active', false, 'active', 1],
    ['stopped', false, 'stopped', 4],
    ['error', false, 'active', 1],
    // 2.95+: every evacuated server ends stopped, except one in error.
    ['active', true, 'stopped', 4],
    ['stopped', true, 'stopped', 4],
    ['error', true, 'active', 1],
  ] as const)('from %s (to stopped: %s) ends %s', (origin, toStopped, vm, power) => {
    const { cloud, server } = downed(origin);
    cloud.clock.advance(61_000);
    const steps = recordSteps(cloud, server);
    ops.evacuate(cloud.compute, server, ADMIN, { host: null, toStopped });
    settle(cloud, server);
    const tail = vm === 'stopped' ? ['active/powering-off', 'stopped/null'] : ['active/null'];
    expect(steps).toEqual([...REBUILD.map((t) => `${origin}/${t}`), ...tail]);
    expect(server.machine).toMatchObject({ vmState: vm, taskState: null, powerState: power });
  });

  it('with no other host goes to ERROR with a NoValidHost fault, on its dead host', () => {
    const cloud = engine({ hosts: { count: 1 } });
    const server = active(cloud);
    cloud.hosts.down('compute-1');
    cloud.clock.advance(61_000);
    const steps = recordSteps(cloud, server);
    ops.evacuate(cloud.compute, server, ADMIN, { host: null, toStopped: false });
    settle(cloud, server);
    expect(steps).toEqual(['active/rebuilding', 'error/null']);
    expect(statusOf(server)).toBe('ERROR');
    // Placement still offers the dead host; ComputeFilter removes it: "not enough hosts".
    expect(server.fault).toMatchObject({ code: 500, message: NOT_ENOUGH_HOSTS });
    expect(server.host).toBe('compute-1');
    expect(cloud.scheduler.claimsOf(server.id)).toHaveLength(1);
  });
});

describe('delete on a down host (§3.1, §8.4)', () => {
  it('is local and immediate once the service reads as down', () => {
    const cloud = engine();
    const server = active(cloud);
    cloud.hosts.down(server.host!);
    cloud.clock.advance(61_000);
    const steps = recordSteps(cloud, server);
    ops.deleteServer(cloud.compute, server, MEMBER);
    expect(steps).toEqual(['deleted/null']);
    expect(server.deleted).toBe(true);
    expect(cloud.scheduler.claimsOf(server.id)).toEqual([]);
  });

  it('is a hard delete even with soft delete on', () => {
    const cloud = engine({ config: { reclaimInstanceInterval: 3600 } });
    const server = active(cloud);
    cloud.hosts.down(server.host!);
    cloud.clock.advance(61_000);
    ops.deleteServer(cloud.compute, server, MEMBER);
    expect(server.deleted).toBe(true);
  });

  it('before service_down_time is a cast that waits for the compute', () => {
    const cloud = engine();
    const server = active(cloud);
    cloud.hosts.down(server.host!);
    ops.deleteServer(cloud.compute, server, MEMBER);
    cloud.clock.advance(120_000);
    expect(server.machine.taskState).toBe('deleting');
    expect(server.deleted).toBe(false);
    // A second DELETE once the service reads as down is done locally.
    ops.deleteServer(cloud.compute, server, MEMBER);
    expect(server.deleted).toBe(true);
  });
});
