import { describe, expect, it } from 'vitest';
import * as ops from '../../src/compute/operations.js';
import { build, engine, MEMBER, statusOf } from '../support/engine.js';

// The clock's loop guard (STYLE.md: a loop limit whose error names the culprit) must
// catch timers that re-schedule themselves with no delay, not a crowd of servers.

const BIG = { count: 4, vcpus: 10_000, memoryMb: 10_000_000, diskGb: 1_000_000 };
const ZERO_STEPS = {
  default: 0,
  none: 0,
  scheduling: 0,
  networking: 0,
  block_device_mapping: 0,
  spawning: 0,
};

// Thousands of transitions per test: allow for a busy CI machine.
describe('clock loop guard and crowds of servers', { timeout: 60_000 }, () => {
  it('builds 1,000 servers created one by one at the same instant', () => {
    const cloud = engine({ hosts: BIG });
    const servers = Array.from({ length: 1000 }, (_, i) => build(cloud, { name: `s${i}` })[0]!);
    expect(() => cloud.clock.advance(60_000)).not.toThrow();
    expect(servers.every((s) => statusOf(s) === 'ACTIVE')).toBe(true);
    // No step is left: only nova-compute's power sync, which repeats (syncPowerStateInterval).
    expect(cloud.clock.pendingCount()).toBe(1);
    expect(cloud.clock.runAll()).toBe(0);
  });

  it('builds a multi-create of 1,000 and deletes them all at the same instant', () => {
    const cloud = engine({ hosts: BIG });
    const servers = build(cloud, { count: 1000 });
    cloud.clock.advance(60_000);
    expect(servers.every((s) => statusOf(s) === 'ACTIVE')).toBe(true);
    for (const server of servers) ops.deleteServer(cloud.compute, server, MEMBER);
    expect(() => cloud.clock.advance(60_000)).not.toThrow();
    expect(servers.every((s) => s.deleted)).toBe(true);
    for (const host of cloud.hosts.list()) {
      expect(cloud.scheduler.claimsOnHost(host.name)).toEqual([]);
    }
  });

  it('builds 1,000 servers whose steps all take 0 ms, within one instant', () => {
    const cloud = engine({ hosts: BIG, config: { stepMs: ZERO_STEPS } });
    const start = cloud.clock.now();
    const servers = build(cloud, { count: 1000 });
    expect(() => cloud.clock.advance(0)).not.toThrow();
    expect(cloud.clock.now()).toBe(start);
    expect(servers.every((s) => statusOf(s) === 'ACTIVE')).toBe(true);
  });
});
