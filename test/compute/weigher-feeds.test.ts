import { describe, expect, it } from 'vitest';
import { createCloud } from '../../src/cloud.js';
import { isConfigError } from '../../src/options/check.js';
import { build, engine, settle } from '../support/engine.js';

// What the compute tells the scheduler's weighers: I/O workload (IoOpsWeigher) and
// build results (BuildFailureWeigher), as Nova's compute Stats report them.

describe('weigher feeds from the compute', () => {
  it('a failed build counts against its host: the next build avoids it (BuildFailureWeigher)', () => {
    const cloud = engine({ hosts: { count: 3 } });
    cloud.addFault({ kind: 'build-failure', count: 1 });
    const hosts: (string | null)[] = [];
    cloud.events.on('server.step', (e) => {
      if (e.taskState === 'spawning') hosts.push(e.host);
    });
    const [first] = build(cloud);
    settle(cloud, first!);
    const [failed, landed] = hosts;
    expect(cloud.scheduler.failedBuilds(failed!)).toBe(1);
    expect(cloud.scheduler.failedBuilds(landed!)).toBe(0);
    // Two empty hosts remain; by name alone the failed one would come first.
    const empty = cloud.scheduler
      .hosts()
      .map((h) => h.name)
      .filter((name) => name !== landed);
    expect(empty[0]).toBe(failed);
    const [next] = build(cloud);
    settle(cloud, next!);
    expect(next!.host).toBe(empty[1]);
  });

  it('a success resets the count', () => {
    const cloud = engine({ hosts: { count: 1 } });
    const host = cloud.scheduler.hosts()[0]!.name;
    cloud.scheduler.recordBuild(host, false);
    const [server] = build(cloud);
    settle(cloud, server!);
    expect(server!.host).toBe(host);
    expect(cloud.scheduler.failedBuilds(host)).toBe(0);
  });

  it('a building server is an I/O op on its host until it is ACTIVE (IoOpsWeigher)', () => {
    const cloud = engine({ hosts: { count: 2 } });
    const [server] = build(cloud);
    for (let i = 0; i < 100 && server!.host === null; i++) cloud.clock.advance(100);
    expect(server!.machine.vmState).toBe('building');
    expect(cloud.scheduler.snapshot().busy).toEqual([server!.id]);
    settle(cloud, server!);
    expect(server!.machine.vmState).toBe('active');
    expect(cloud.scheduler.snapshot().busy).toBeUndefined();
  });
});

describe('weigher config', () => {
  it('takes nova.conf multipliers and weight classes', () => {
    const cloud = createCloud({
      hosts: [
        { name: 'big', memoryMb: 65536 },
        { name: 'small', memoryMb: 8192 },
      ],
      config: { weightMultipliers: { ram_weight_multiplier: -1.0 } },
    });
    const pick = cloud.scheduler.select(
      { resources: { vcpus: 1, memoryMb: 512, diskGb: 1 }, count: 1 },
      0,
    );
    expect(pick.ok && pick.picks[0]![0]).toBe('small');
  });

  it('refuses unknown options, wrong types and negative soft multipliers with a clear error', () => {
    const attempt = (config: object) => {
      try {
        createCloud({ config } as never);
      } catch (error) {
        return error as Error;
      }
      throw new Error('no error');
    };
    const unknown = attempt({ weightMultipliers: { ram_multiplier: 1 } });
    expect(isConfigError(unknown)).toBe(true);
    expect(unknown.message).toMatch(/ram_multiplier/);
    expect(isConfigError(attempt({ weightMultipliers: { cpu_weight_multiplier: 'high' } }))).toBe(
      true,
    );
    expect(attempt({ weightMultipliers: { soft_affinity_weight_multiplier: -1 } }).message).toMatch(
      /soft_affinity_weight_multiplier/,
    );
    expect(attempt({ weightClasses: ['RamWeigher'] }).message).toMatch(/weightClasses/);
  });
});
