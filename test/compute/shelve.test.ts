import { describe, expect, it } from 'vitest';
import { DEFAULT_EPOCH_MS } from '../../src/clock/virtual-clock.js';
import * as ops from '../../src/compute/operations.js';
import { flavorResources } from '../../src/compute/server.js';
import { recordSteps } from '../support/drive.js';
import { ADMIN, active, engine, MEMBER, settle, statusOf } from '../support/engine.js';

// §3.6: shelved_offload_time 0 offloads in the shelve itself, > 0 leaves it to the
// _poll_shelved_instances periodic task (every shelved_poll_interval = 3600 s), < 0 never.

const E = DEFAULT_EPOCH_MS;
const SHELVE = ['shelving', 'shelving_image_pending_upload', 'shelving_image_uploading'].map(
  (task) => `active/${task}`,
);

function shelved(shelvedOffloadTime: number) {
  const cloud = engine({ config: { shelvedOffloadTime } });
  const server = active(cloud);
  const host = server.host!;
  const shelvedAt = cloud.clock.now();
  const steps = recordSteps(cloud, server);
  ops.shelve(cloud.compute, server, MEMBER);
  settle(cloud, server);
  return { cloud, server, host, steps, shelvedAt };
}

describe('shelve (§3.6)', () => {
  it('offloads at once with shelved_offload_time 0: no host, claim released', () => {
    const { cloud, server, host, steps } = shelved(0);
    expect(steps).toEqual([...SHELVE, 'shelved/shelving_offloading', 'shelved_offloaded/null']);
    expect(statusOf(server)).toBe('SHELVED_OFFLOADED');
    expect(server.machine.powerState).toBe(4);
    expect(server.host).toBeNull();
    expect(cloud.scheduler.claimsOf(server.id)).toEqual([]);
    expect(cloud.scheduler.claimsOnHost(host)).toEqual([]);
    // Still counts against the instances quota.
    expect(cloud.compute.usageOf(MEMBER.projectId).instances).toBe(1);
  });

  it('with shelved_offload_time > 0 stays SHELVED, keeps its claim, until the hourly poll', () => {
    const { cloud, server, host, steps, shelvedAt } = shelved(60);
    expect(steps).toEqual([...SHELVE, 'shelved/null']);
    expect(statusOf(server)).toBe('SHELVED');
    expect(server.shelvedAt).toBe(shelvedAt);
    expect(cloud.scheduler.claimsOf(server.id)).toHaveLength(1);
    cloud.clock.advanceTo(E + 3_599_999);
    expect(statusOf(server)).toBe('SHELVED');
    cloud.clock.advanceTo(E + 3_600_000);
    expect(server.machine.taskState).toBe('shelving_offloading');
    settle(cloud, server);
    expect(statusOf(server)).toBe('SHELVED_OFFLOADED');
    expect(server.host).toBeNull();
    expect(cloud.scheduler.claimsOnHost(host)).toEqual([]);
  });

  it('offloads only servers shelved for longer than shelved_offload_time at the poll', () => {
    // Shelved a few seconds after the epoch; at the first poll (3600 s) it has been
    // shelved for less than 3599 s, so only the second poll (7200 s) offloads it.
    const { cloud, server, shelvedAt } = shelved(3599);
    expect(E + 3_600_000 - shelvedAt).toBeLessThan(3_599_000);
    cloud.clock.advanceTo(E + 3_600_000);
    expect(statusOf(server)).toBe('SHELVED');
    cloud.clock.advanceTo(E + 7_199_999);
    expect(statusOf(server)).toBe('SHELVED');
    cloud.clock.advanceTo(E + 7_200_000);
    settle(cloud, server);
    expect(statusOf(server)).toBe('SHELVED_OFFLOADED');
  });

  it('never offloads with shelved_offload_time -1', () => {
    const { cloud, server } = shelved(-1);
    cloud.clock.advance(48 * 3600_000);
    expect(statusOf(server)).toBe('SHELVED');
    expect(server.host).not.toBeNull();
    // …but shelveOffload (admin) still does.
    ops.shelveOffload(cloud.compute, server, ADMIN);
    settle(cloud, server);
    expect(statusOf(server)).toBe('SHELVED_OFFLOADED');
  });

  it('unshelves a SHELVED server on its own host without scheduling', () => {
    const { cloud, server, host } = shelved(-1);
    const steps = recordSteps(cloud, server);
    ops.unshelve(cloud.compute, server, MEMBER);
    settle(cloud, server);
    expect(steps).toEqual(['shelved/unshelving', 'shelved/powering-on', 'active/null']);
    expect(statusOf(server)).toBe('ACTIVE');
    expect(server.host).toBe(host);
    expect(cloud.scheduler.claimsOf(server.id)).toHaveLength(1);
    expect(server.shelvedAt).toBeNull();
  });

  it('unshelves a SHELVED_OFFLOADED server onto a scheduled host with a new claim', () => {
    const { cloud, server } = shelved(0);
    const steps = recordSteps(cloud, server);
    ops.unshelve(cloud.compute, server, MEMBER);
    settle(cloud, server);
    expect(steps).toEqual([
      'shelved_offloaded/unshelving',
      'shelved_offloaded/spawning',
      'active/null',
    ]);
    expect(statusOf(server)).toBe('ACTIVE');
    expect(server.host).not.toBeNull();
    expect(cloud.scheduler.claimsOf(server.id)).toEqual([
      {
        consumerId: server.id,
        host: server.host,
        resources: flavorResources(server.flavor, false),
      },
    ]);
  });

  it('returns an offloaded server to SHELVED_OFFLOADED when no host is found', () => {
    const { cloud, server } = shelved(0);
    for (const host of cloud.hosts.list()) cloud.hosts.disable(host.name);
    const steps = recordSteps(cloud, server);
    ops.unshelve(cloud.compute, server, MEMBER);
    settle(cloud, server);
    expect(steps).toEqual(['shelved_offloaded/unshelving', 'shelved_offloaded/null']);
    expect(statusOf(server)).toBe('SHELVED_OFFLOADED');
    expect(server.host).toBeNull();
  });
});
