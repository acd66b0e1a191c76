import { describe, expect, it } from 'vitest';
import { DEFAULT_EPOCH_MS } from '../../src/clock/virtual-clock.js';
import { NOT_ENOUGH_HOSTS } from '../../src/compute/compute.js';
import * as ops from '../../src/compute/operations.js';
import { flavorResources } from '../../src/compute/server.js';
import { into, recordSteps } from '../support/drive.js';
import { ADMIN, active, engine, flavor, MEMBER, settle, statusOf } from '../support/engine.js';

// §3.3 and §8.1a: during a resize the source allocation moves to the migration record and
// the server allocates the new flavor on the destination; confirm frees the source side,
// revert the destination side.

const OLD = flavorResources(flavor('1'), false);
const NEW = flavorResources(flavor('2'), false);
const ZERO = { vcpus: 0, memoryMb: 0, diskGb: 0 };
const add = (a: typeof OLD, b: typeof OLD) => ({
  vcpus: a.vcpus + b.vcpus,
  memoryMb: a.memoryMb + b.memoryMb,
  diskGb: a.diskGb + b.diskGb,
});

function resized() {
  const cloud = engine();
  const server = active(cloud);
  const source = server.host!;
  ops.resize(cloud.compute, server, MEMBER, flavor('2'));
  settle(cloud, server);
  const migration = server.migration!;
  const dest = migration.destHost!;
  return { cloud, server, source, dest, migrationId: migration.id };
}

describe('resize claims (§8.1a)', () => {
  it('holds both claims during VERIFY_RESIZE: source under the migration, dest under the server', () => {
    const { cloud, server, source, dest, migrationId } = resized();
    expect(statusOf(server)).toBe('VERIFY_RESIZE');
    expect(dest).not.toBe(source);
    expect(server.host).toBe(dest);
    expect(server.migration?.status).toBe('finished');
    expect(cloud.scheduler.claimsOf(migrationId)).toEqual([
      { consumerId: migrationId, host: source, resources: OLD },
    ]);
    expect(cloud.scheduler.claimsOf(server.id)).toEqual([
      { consumerId: server.id, host: dest, resources: NEW },
    ]);
    expect(cloud.scheduler.usage(source)).toEqual(OLD);
    expect(cloud.scheduler.usage(dest)).toEqual(NEW);
  });

  it('holds both claims already while RESIZE runs, once the destination is chosen', () => {
    const cloud = engine();
    const server = active(cloud);
    const source = server.host!;
    ops.resize(cloud.compute, server, MEMBER, flavor('2'));
    cloud.clock.advance(1000); // resize_prep (1 s) chose the destination
    expect(statusOf(server)).toBe('RESIZE');
    expect(server.machine.taskState).toBe('resize_migrating');
    const migration = server.migration!;
    expect(cloud.scheduler.claimsOf(migration.id)).toEqual([
      { consumerId: migration.id, host: source, resources: OLD },
    ]);
    expect(cloud.scheduler.claimsOf(server.id)[0]?.host).toBe(migration.destHost);
  });

  it('confirm frees the source side', () => {
    const { cloud, server, source, dest, migrationId } = resized();
    const migration = server.migration!;
    ops.confirmResize(cloud.compute, server, MEMBER);
    settle(cloud, server);
    expect(statusOf(server)).toBe('ACTIVE');
    expect(migration.status).toBe('confirmed');
    expect(server.migration).toBeNull();
    expect(cloud.scheduler.claimsOf(migrationId)).toEqual([]);
    expect(cloud.scheduler.claimsOf(server.id)).toEqual([
      { consumerId: server.id, host: dest, resources: NEW },
    ]);
    expect(cloud.scheduler.usage(source)).toEqual(ZERO);
    expect(server.flavor.id).toBe('2');
  });

  it('revert frees the destination side and puts the server back with its old flavor', () => {
    const { cloud, server, source, dest, migrationId } = resized();
    const migration = server.migration!;
    ops.revertResize(cloud.compute, server, MEMBER);
    expect(statusOf(server)).toBe('REVERT_RESIZE');
    settle(cloud, server);
    expect(statusOf(server)).toBe('ACTIVE');
    expect(migration.status).toBe('reverted');
    expect(server.host).toBe(source);
    expect(server.flavor.id).toBe('1');
    expect(cloud.scheduler.claimsOf(migrationId)).toEqual([]);
    expect(cloud.scheduler.claimsOf(server.id)).toEqual([
      { consumerId: server.id, host: source, resources: OLD },
    ]);
    expect(cloud.scheduler.usage(dest)).toEqual(ZERO);
  });

  it('a same-host resize (allow_resize_to_same_host) consumes old + new on that host', () => {
    const cloud = engine({ hosts: { count: 1 }, config: { allowResizeToSameHost: true } });
    const server = active(cloud);
    const host = server.host!;
    ops.resize(cloud.compute, server, MEMBER, flavor('2'));
    settle(cloud, server);
    expect(statusOf(server)).toBe('VERIFY_RESIZE');
    expect(cloud.scheduler.usage(host)).toEqual(add(OLD, NEW));
    ops.confirmResize(cloud.compute, server, MEMBER);
    settle(cloud, server);
    expect(cloud.scheduler.usage(host)).toEqual(NEW);
  });

  it('deleting a server in VERIFY_RESIZE frees both claims', () => {
    const { cloud, server, migrationId } = resized();
    ops.deleteServer(cloud.compute, server, MEMBER);
    settle(cloud, server);
    expect(server.deleted).toBe(true);
    expect(cloud.scheduler.claimsOf(server.id)).toEqual([]);
    expect(cloud.scheduler.claimsOf(migrationId)).toEqual([]);
    for (const host of cloud.hosts.list()) expect(cloud.scheduler.usage(host.name)).toEqual(ZERO);
  });
});

describe('resize_confirm_window (§3.3)', () => {
  it('auto-confirms at the first 60 s tick after the window, not before', () => {
    const cloud = engine({ config: { resizeConfirmWindow: 120 } });
    const server = active(cloud);
    ops.resize(cloud.compute, server, MEMBER, flavor('2'));
    settle(cloud, server);
    const finishedAt = server.updatedAt;
    const E = DEFAULT_EPOCH_MS;
    const tick = E + (Math.floor((finishedAt + 120_000 - E) / 60_000) + 1) * 60_000;
    cloud.clock.advanceTo(tick - 1);
    expect(statusOf(server)).toBe('VERIFY_RESIZE');
    cloud.clock.advanceTo(tick);
    // The confirm is under way: no task_state, still VERIFY_RESIZE (§1.4).
    expect(statusOf(server)).toBe('VERIFY_RESIZE');
    settle(cloud, server);
    expect(statusOf(server)).toBe('ACTIVE');
    expect(server.migration).toBeNull();
    expect(cloud.scheduler.claimsOf(server.id)).toHaveLength(1);
  });

  it('never auto-confirms with the default window 0', () => {
    const { cloud, server } = resized();
    cloud.clock.advance(24 * 3600_000);
    expect(statusOf(server)).toBe('VERIFY_RESIZE');
  });
});

describe('a resize that cannot be scheduled (§3.3, §8.2)', () => {
  it.each(['active', 'stopped'] as const)(
    'returns a %s server on a single host to its state with task None and a hidden fault',
    (origin) => {
      const cloud = engine({ hosts: { count: 1 } });
      const server = into(cloud, origin);
      const host = server.host!;
      const before = cloud.scheduler.claimsOf(server.id);
      const status = statusOf(server);
      const steps = recordSteps(cloud, server);
      ops.resize(cloud.compute, server, MEMBER, flavor('2'));
      settle(cloud, server);
      expect(steps).toEqual([`${origin}/resize_prep`, `${origin}/null`]);
      expect(statusOf(server)).toBe(status);
      expect(server.machine.taskState).toBeNull();
      expect(server.fault?.code).toBe(500);
      // Placement offers the host; ignore_hosts then leaves none (_ensure_sufficient_hosts).
      expect(server.fault?.message).toBe(NOT_ENOUGH_HOSTS);
      expect(server.flavor.id).toBe('1');
      expect(server.migration).toBeNull();
      expect(server.host).toBe(host);
      expect(cloud.scheduler.claimsOf(server.id)).toEqual(before);
    },
  );

  it('cold migrate fails on one host even with allow_resize_to_same_host', () => {
    const cloud = engine({ hosts: { count: 1 }, config: { allowResizeToSameHost: true } });
    const server = active(cloud);
    ops.migrate(cloud.compute, server, ADMIN, null);
    settle(cloud, server);
    expect(statusOf(server)).toBe('ACTIVE');
    expect(server.fault?.message).toBe(NOT_ENOUGH_HOSTS);
  });
});

// Regression (npm run fuzz): a resize abandoned by os-resetState while it moved (scheduled,
// not finished: the migration holds the source's claim, the server the destination's, and
// the server still runs on the source) dropped the source's claim when the next resize
// started, so that move took its source from server.host while the claim sat on the old
// destination.
describe('a resize over one abandoned by os-resetState', () => {
  it('gives the source claim back to the server and drops the old destination before moving again', () => {
    const cloud = engine({ hosts: { count: 3 } });
    const server = active(cloud);
    const source = server.host!;
    ops.resize(cloud.compute, server, MEMBER, flavor('2'));
    cloud.clock.advance(2_000); // scheduled, resize_migrating
    const first = server.migration!;
    expect(first.status).toBe('migrating');
    const oldDest = first.destHost!;
    ops.resetState(cloud.compute, server, ADMIN, 'active');
    expect(server.host).toBe(source);
    const consumers = (host: string) => cloud.scheduler.claimsOnHost(host).map((c) => c.consumerId);
    ops.resize(cloud.compute, server, MEMBER, flavor('3'));
    expect(first.status).toBe('error');
    expect(consumers(source)).toEqual([server.id]);
    expect(consumers(oldDest)).toEqual([]);
    expect(cloud.scheduler.usage(source)).toEqual(flavorResources(flavor('1'), false));
    settle(cloud, server);
    expect(statusOf(server)).toBe('VERIFY_RESIZE');
    const second = server.migration!;
    expect(second.sourceHost).toBe(source);
    expect(consumers(source)).toEqual([second.id]);
    expect(consumers(second.destHost!)).toEqual([server.id]);
    expect(cloud.scheduler.usage(second.destHost!)).toEqual(flavorResources(flavor('3'), false));
  });
});
