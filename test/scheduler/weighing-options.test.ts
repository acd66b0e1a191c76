import { describe, expect, it } from 'vitest';
import {
  type AggregateMetadata,
  createScheduler,
  type Scheduler,
  type SchedulerOptions,
  type SelectionRequest,
} from '../../src/scheduler/index.js';
import { flavor, one, seeded } from './helpers.js';

const small = flavor(1, 512, 1);

function hosts(options: SchedulerOptions, sizes: Record<string, number>): Scheduler {
  const s = createScheduler(options);
  for (const [name, memoryMb] of Object.entries(sizes)) s.addHost({ name, memoryMb }, 0);
  return s;
}

function withAggregates(
  request: SelectionRequest,
  aggregates: Record<string, AggregateMetadata[]>,
): SelectionRequest {
  return {
    ...request,
    aggregatesOf: (host) => aggregates[host] ?? [],
    aggregateKeys: new Set(Object.values(aggregates).flatMap((l) => l.flatMap(Object.keys))),
  };
}

function picks(s: Scheduler, request: SelectionRequest): string[] | null {
  const result = s.select(request, 0);
  return result.ok ? result.picks[0]! : null;
}

describe.each(['indexed', 'scan'] as const)('weighing options (%s)', (strategy) => {
  it('an aggregate ram_weight_multiplier overrides the option on its hosts (min over aggregates)', () => {
    const s = hosts({ strategy }, { a: 32768, b: 16384, c: 8192 });
    expect(picks(s, one(small))).toEqual(['a', 'b', 'c']);
    // a weighs RAM with -1 (the smaller of 2 and -1): its normalised 1.0 costs it 1.0.
    const packA = withAggregates(one(small), {
      a: [{ ram_weight_multiplier: '2' }, { ram_weight_multiplier: '-1' }],
    });
    expect(picks(s, packA)).toEqual(['b', 'c', 'a']);
    // A value float() refuses leaves the option's multiplier.
    const bad = withAggregates(one(small), { a: [{ ram_weight_multiplier: 'lots' }] });
    expect(picks(s, bad)).toEqual(['a', 'b', 'c']);
  });

  it('an aggregate can switch on a weigher whose option is 0', () => {
    const s = hosts(
      { strategy, weighing: { weightClasses: ['RAMWeigher', 'NumInstancesWeigher'] } },
      {
        a: 32768,
        b: 32768,
      },
    );
    s.claim('vm-1', 'a', small);
    // b has more free RAM; num_instances_weight_multiplier (0 in the config) set to 1e6 by
    // the aggregates makes a's one instance count for more.
    const request = withAggregates(one(small), {
      a: [{ num_instances_weight_multiplier: '1000000' }],
      b: [{ num_instances_weight_multiplier: '1000000' }],
    });
    expect(picks(s, one(small))).toEqual(['b', 'a']);
    expect(picks(s, request)).toEqual(['a', 'b']);
  });

  it('shuffle_best_same_weighed_hosts draws among the tied best, from the given generator', () => {
    const seen = new Set<string>();
    for (let seed = 0; seed < 20; seed++) {
      const random = seeded(seed);
      const s = hosts(
        { strategy, shuffleBestSameWeighedHosts: true, random },
        { a: 16384, b: 16384, c: 16384, d: 8192 },
      );
      const chosen = picks(s, one(small))!;
      expect(chosen[0]).not.toBe('d');
      expect(chosen.slice(1)).not.toContain(chosen[0]);
      seen.add(chosen[0]!);
      // The same seed gives the same choice.
      const again = hosts(
        { strategy, shuffleBestSameWeighedHosts: true, random: seeded(seed) },
        { a: 16384, b: 16384, c: 16384, d: 8192 },
      );
      expect(picks(again, one(small))).toEqual(chosen);
    }
    expect(seen).toEqual(new Set(['a', 'b', 'c']));
  });

  it('shuffle draws nothing when one host is best', () => {
    const random = seeded(1);
    const s = hosts(
      { strategy, shuffleBestSameWeighedHosts: true, random },
      { a: 32768, b: 16384 },
    );
    expect(picks(s, one(small))).toEqual(['a', 'b']);
    expect(random.draws).toBe(0);
  });

  it('shuffle needs a seeded generator', () => {
    expect(() => createScheduler({ shuffleBestSameWeighedHosts: true })).toThrow(RangeError);
  });

  it('countFailedBuilds: false keeps failed_builds at 0; a success still resets', () => {
    const off = hosts({ strategy, countFailedBuilds: false }, { a: 32768 });
    off.recordBuild('a', false);
    expect(off.failedBuilds('a')).toBe(0);
    const on = hosts({ strategy }, { a: 32768 });
    on.recordBuild('a', false);
    on.recordBuild('a', false);
    expect(on.failedBuilds('a')).toBe(2);
    on.recordBuild('a', true);
    expect(on.failedBuilds('a')).toBe(0);
  });
});
