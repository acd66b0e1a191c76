import { describe, expect, it } from 'vitest';
import {
  createScheduler,
  restoreScheduler,
  type Scheduler,
  type SchedulerOptions,
  type SchedulerSnapshot,
} from '../../src/scheduler/index.js';
import { flavor, seeded } from './helpers.js';

function populated(options: SchedulerOptions): Scheduler {
  const s = createScheduler(options);
  for (let i = 0; i < 12; i++) {
    s.addHost(
      {
        name: `c${i}`,
        memoryMb: 8192 * (1 + (i % 3)),
        vcpus: 4 + (i % 2) * 4,
        availabilityZone: i % 4 === 0 ? 'az1' : 'nova',
        ...(i === 5 ? { traits: ['CUSTOM_GPU'], reserved: { memoryMb: 1024 } } : {}),
      },
      i * 100,
    );
  }
  s.setEnabled('c1', false, 'broken fan');
  s.setForcedDown('c2', true);
  s.setAlive('c3', false, 5_000);
  s.setAlive('c4', false, 50_000);
  for (let i = 0; i < 20; i++) {
    const r = s.select(
      { resources: flavor(1 + (i % 2), 1024 * (1 + (i % 4)), 10), count: 1 },
      60_000,
    );
    if (r.ok) s.claim(`vm${i}`, r.picks[0]![0]!, flavor(1 + (i % 2), 1024 * (1 + (i % 4)), 10));
  }
  s.moveClaim('vm3', 'mig3');
  return s;
}

function replay(s: Scheduler): unknown[] {
  const out: unknown[] = [];
  for (let i = 0; i < 15; i++) {
    const now = 60_000 + i * 10_000;
    const request = {
      resources: flavor(1, 2048, 20),
      count: 1 + (i % 3),
      ...(i % 5 === 0 ? { availabilityZone: 'az1' } : {}),
      ...(i % 4 === 1
        ? { group: { policy: 'anti-affinity' as const, memberHosts: ['c0', 'c6'] } }
        : {}),
    };
    const r = s.select(request, now);
    out.push(
      r,
      ['c3', 'c4', 'c1', 'c2', 'c0'].map((h) => s.hostStatus(h, now)),
    );
    if (!r.ok) continue;
    for (const [j, p] of r.picks.entries()) s.claim(`new${i}-${j}`, p[0]!, request.resources);
  }
  return out;
}

describe('snapshot', () => {
  it('round-trips through JSON to an identical scheduler', () => {
    const original = populated({});
    const json = JSON.parse(JSON.stringify(original.snapshot())) as SchedulerSnapshot;
    const copy = restoreScheduler(json);
    expect(copy.snapshot()).toEqual(original.snapshot());
    expect(copy.hosts()).toEqual(original.hosts());
    expect(copy.claimsOf('mig3')).toEqual(original.claimsOf('mig3'));
    const expected = replay(original);
    expect(expected.some((r) => (r as { ok?: boolean }).ok === false)).toBe(true);
    expect(replay(copy)).toEqual(expected);
    expect(copy.snapshot()).toEqual(original.snapshot());
  });

  it('selects identically with host_subset_size when the generator is in step', () => {
    const rng = seeded(3);
    const original = populated({ hostSubsetSize: 2, random: rng });
    const json = JSON.parse(JSON.stringify(original.snapshot())) as SchedulerSnapshot;
    const inStep = seeded(3);
    while (inStep.draws < rng.draws) inStep.int(0, 2);
    const copy = restoreScheduler(json, { hostSubsetSize: 2, random: inStep });
    expect(replay(copy)).toEqual(replay(original));
  });

  it('keeps service state and heartbeats', () => {
    const s = populated({});
    const snap = s.snapshot();
    const c3 = snap.hosts.find((h) => h.spec.name === 'c3')!;
    expect(c3).toMatchObject({ alive: false, lastHeartbeat: 5_000, enabled: true });
    expect(snap.hosts.find((h) => h.spec.name === 'c1')).toMatchObject({
      enabled: false,
      disabledReason: 'broken fan',
    });
    expect(snap.hosts.find((h) => h.spec.name === 'c2')?.forcedDown).toBe(true);
    const copy = restoreScheduler(JSON.parse(JSON.stringify(snap)) as SchedulerSnapshot);
    expect(copy.hostStatus('c3', 65_000)).toBe('UP');
    expect(copy.hostStatus('c3', 65_001)).toBe('UNKNOWN');
    expect(copy.hostStatus('c1', 0)).toBe('MAINTENANCE');
    expect(copy.hostStatus('c2', 0)).toBe('DOWN');
  });

  it('refuses an unknown snapshot version', () => {
    expect(() =>
      restoreScheduler({ version: 2, hosts: [], claims: [] } as unknown as SchedulerSnapshot),
    ).toThrow(RangeError);
  });
});
