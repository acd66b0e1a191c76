import { describe, expect, it } from 'vitest';
import { DEFAULT_EPOCH_MS } from '../../src/clock/virtual-clock.js';
import type { Cloud } from '../../src/cloud.js';
import * as ops from '../../src/compute/operations.js';
import type { Server } from '../../src/compute/server.js';
import { recordSteps } from '../support/drive.js';
import { active, engine, MEMBER, settle, statusOf } from '../support/engine.js';

// §3.1: with reclaim_instance_interval > 0, DELETE is a soft delete; the reclaim periodic
// task (60 s oslo tick) hard-deletes at the first tick strictly after deleted_at + interval.

const INTERVAL_S = 3600;
const E = DEFAULT_EPOCH_MS;

function softDeletedAt(atMs: number): { cloud: Cloud; server: Server } {
  const cloud = engine({ config: { reclaimInstanceInterval: INTERVAL_S } });
  const server = active(cloud);
  cloud.clock.advanceTo(E + atMs);
  ops.deleteServer(cloud.compute, server, MEMBER);
  settle(cloud, server);
  return { cloud, server };
}

describe('soft delete and reclaim (§3.1)', () => {
  it('soft-deletes: SOFT_DELETED, deleted_at at request time, claim and record kept', () => {
    const { cloud, server } = softDeletedAt(30_000);
    expect(statusOf(server)).toBe('SOFT_DELETED');
    expect(server.machine.vmState).toBe('soft-delete');
    expect(server.machine.powerState).toBe(4);
    expect(server.deleted).toBe(false);
    expect(server.deletedAt).toBe(E + 30_000);
    expect(cloud.scheduler.claimsOf(server.id)).toHaveLength(1);
    // …but it no longer counts against the quota.
    expect(cloud.compute.usageOf(MEMBER.projectId)).toEqual({ instances: 0, cores: 0, ram: 0 });
  });

  it('reclaims at the first tick strictly after deleted_at + interval, not a tick before', () => {
    const { cloud, server } = softDeletedAt(30_000);
    // deleted_at + interval = E + 3,630 s; ticks at E + 60 s·n → E + 3,660 s.
    cloud.clock.advanceTo(E + 3_659_999);
    expect(statusOf(server)).toBe('SOFT_DELETED');
    const reclaimed: string[][] = [];
    cloud.events.on('periodic', (e) => {
      if (e.task === 'reclaim') reclaimed.push([...e.affected]);
    });
    cloud.clock.advanceTo(E + 3_660_000);
    expect(server.deleted).toBe(true);
    expect(statusOf(server)).toBe('DELETED');
    expect(server.terminatedAt).toBe(E + 3_660_000);
    expect(reclaimed).toEqual([[server.id]]);
    expect(cloud.scheduler.claimsOf(server.id)).toEqual([]);
  });

  it('does not reclaim on a tick exactly at deleted_at + interval (strictly older)', () => {
    const { cloud, server } = softDeletedAt(60_000);
    // deleted_at + interval = E + 3,660 s, itself a tick: too young there, gone at 3,720 s.
    cloud.clock.advanceTo(E + 3_660_000);
    expect(statusOf(server)).toBe('SOFT_DELETED');
    cloud.clock.advanceTo(E + 3_719_999);
    expect(statusOf(server)).toBe('SOFT_DELETED');
    cloud.clock.advanceTo(E + 3_720_000);
    expect(server.deleted).toBe(true);
  });

  it('restores before the reclaim: ACTIVE again, deleted_at cleared, never reclaimed', () => {
    const { cloud, server } = softDeletedAt(30_000);
    cloud.clock.advanceTo(E + 3_000_000);
    const steps = recordSteps(cloud, server);
    ops.restore(cloud.compute, server, MEMBER);
    settle(cloud, server);
    expect(steps).toEqual(['soft-delete/restoring', 'active/null']);
    expect(statusOf(server)).toBe('ACTIVE');
    expect(server.deletedAt).toBeNull();
    expect(cloud.compute.usageOf(MEMBER.projectId).instances).toBe(1);
    cloud.clock.advanceTo(E + 10_000_000);
    expect(statusOf(server)).toBe('ACTIVE');
  });

  it('forceDelete hard-deletes a soft-deleted server at once, and any other', () => {
    const { cloud, server } = softDeletedAt(30_000);
    const steps = recordSteps(cloud, server);
    ops.deleteServer(cloud.compute, server, MEMBER, true);
    settle(cloud, server);
    expect(steps).toEqual(['soft-delete/deleting', 'deleted/null']);
    expect(server.deleted).toBe(true);
    expect(cloud.scheduler.claimsOf(server.id)).toEqual([]);

    const other = active(cloud);
    ops.deleteServer(cloud.compute, other, MEMBER, true);
    settle(cloud, other);
    expect(other.deleted).toBe(true);
  });

  it('the reclaim task skips servers on a dead compute and takes them once it is back', () => {
    const { cloud, server } = softDeletedAt(30_000);
    cloud.hosts.down(server.host!);
    cloud.clock.advanceTo(E + 3_700_000);
    expect(statusOf(server)).toBe('SOFT_DELETED');
    cloud.hosts.up(server.host!);
    cloud.clock.advanceTo(E + 3_720_000);
    expect(server.deleted).toBe(true);
  });
});

describe('quota usage follows deletes (regression: usage was never taken back)', () => {
  it('hard delete frees instances, cores and ram', () => {
    const cloud = engine();
    const server = active(cloud);
    expect(cloud.compute.usageOf(MEMBER.projectId)).toEqual({ instances: 1, cores: 1, ram: 512 });
    ops.deleteServer(cloud.compute, server, MEMBER);
    settle(cloud, server);
    expect(cloud.compute.usageOf(MEMBER.projectId)).toEqual({ instances: 0, cores: 0, ram: 0 });
  });

  it('a resize counts the new flavor, a revert the old one', () => {
    const cloud = engine();
    const server = active(cloud);
    ops.resize(cloud.compute, server, MEMBER, { ...server.flavor, id: '2', vcpus: 2, ram: 2048 });
    settle(cloud, server);
    expect(cloud.compute.usageOf(MEMBER.projectId)).toEqual({ instances: 1, cores: 2, ram: 2048 });
    ops.revertResize(cloud.compute, server, MEMBER);
    settle(cloud, server);
    expect(cloud.compute.usageOf(MEMBER.projectId)).toEqual({ instances: 1, cores: 1, ram: 512 });
  });
});
