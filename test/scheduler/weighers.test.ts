import { describe, expect, it } from 'vitest';
import {
  createScheduler,
  restoreScheduler,
  type SchedulerOptions,
  WEIGHERS,
} from '../../src/scheduler/index.js';
import { resolveWeighing } from '../../src/scheduler/weighers.js';
import { chosen, flavor, one } from './helpers.js';

const small = flavor(1, 512, 1);

describe.each(['indexed', 'scan'] as const)('weighers (%s)', (strategy) => {
  const make = (options: SchedulerOptions = {}) => createScheduler({ ...options, strategy });
  const first = (s: ReturnType<typeof make>) => chosen(s, s.select(one(small), 0))[0];

  it('RAMWeigher: the most free RAM wins; a negative multiplier packs', () => {
    for (const [multiplier, expected] of [
      [1, 'b'],
      [-1, 'a'],
    ] as const) {
      const s = make({ weighing: { multipliers: { ram_weight_multiplier: multiplier } } });
      s.addHost({ name: 'a', memoryMb: 8192 }, 0);
      s.addHost({ name: 'b', memoryMb: 16384 }, 0);
      expect(first(s)).toBe(expected);
    }
  });

  it('CPUWeigher: more free vCPUs (total × ratio − used) win, unless its multiplier is 0', () => {
    const build = (options: SchedulerOptions) => {
      const s = make(options);
      s.addHost({ name: 'a', vcpus: 8 }, 0);
      s.addHost({ name: 'b', vcpus: 16 }, 0);
      return s;
    };
    expect(first(build({}))).toBe('b');
    expect(first(build({ weighing: { multipliers: { cpu_weight_multiplier: 0 } } }))).toBe('a');
  });

  it('DiskWeigher: more free disk wins', () => {
    const s = make();
    s.addHost({ name: 'a', diskGb: 100 }, 0);
    s.addHost({ name: 'b', diskGb: 200 }, 0);
    expect(first(s)).toBe('b');
  });

  it('IoOpsWeigher: a host with a build in flight loses until the build ends', () => {
    const s = make();
    s.addHost({ name: 'a' }, 0);
    s.addHost({ name: 'b' }, 0);
    // A zero-sized claim keeps RAM, CPU and disk equal.
    s.claim('vm-1', 'a', flavor(0, 0, 0));
    expect(first(s)).toBe('a');
    s.setBusy('vm-1', true);
    expect(first(s)).toBe('b');
    s.setBusy('vm-1', false);
    expect(first(s)).toBe('a');
  });

  it('IoOpsWeigher counts a busy consumer whose claim moves or goes', () => {
    const s = make();
    s.addHost({ name: 'a' }, 0);
    s.addHost({ name: 'b' }, 0);
    s.setBusy('vm-1', true);
    s.claim('vm-1', 'a', flavor(0, 0, 0));
    expect(first(s)).toBe('b');
    s.moveClaim('vm-1', 'migration-1');
    expect(first(s)).toBe('a');
    s.release('migration-1');
    s.claim('vm-1', 'b', flavor(0, 0, 0));
    s.release('vm-1');
    expect(first(s)).toBe('a');
  });

  it('NumInstancesWeigher: off by default (multiplier 0.0); negative prefers fewer instances', () => {
    const build = (options: SchedulerOptions) => {
      const s = make(options);
      s.addHost({ name: 'a' }, 0);
      s.addHost({ name: 'b' }, 0);
      s.claim('vm-1', 'a', flavor(0, 0, 0));
      return s;
    };
    expect(first(build({}))).toBe('a');
    const spread = { weighing: { multipliers: { num_instances_weight_multiplier: -1 } } };
    expect(first(build(spread))).toBe('b');
  });

  it('BuildFailureWeigher: a failed build sends the next one elsewhere; a success resets it', () => {
    const s = make();
    s.addHost({ name: 'a', memoryMb: 65536 }, 0);
    s.addHost({ name: 'b' }, 0);
    expect(first(s)).toBe('a');
    s.recordBuild('a', false);
    expect(s.failedBuilds('a')).toBe(1);
    expect(first(s)).toBe('b');
    s.recordBuild('a', true);
    expect(s.failedBuilds('a')).toBe(0);
    expect(first(s)).toBe('a');
  });

  it('HypervisorVersionWeigher: the newer hypervisor wins', () => {
    const s = make();
    s.addHost({ name: 'a', hypervisorVersion: 1000 }, 0);
    s.addHost({ name: 'b', hypervisorVersion: 2000 }, 0);
    expect(first(s)).toBe('b');
    const off = make({ weighing: { multipliers: { hypervisor_version_weight_multiplier: 0 } } });
    off.addHost({ name: 'a', hypervisorVersion: 1000 }, 0);
    off.addHost({ name: 'b', hypervisorVersion: 2000 }, 0);
    expect(first(off)).toBe('a');
  });

  it('weight_classes leaves out the weighers not listed', () => {
    const s = make({ weighing: { weightClasses: ['RAMWeigher'] } });
    s.addHost({ name: 'a', memoryMb: 16384, vcpus: 4 }, 0);
    s.addHost({ name: 'b', memoryMb: 8192, vcpus: 64 }, 0);
    expect(first(s)).toBe('a');
    const all = make();
    all.addHost({ name: 'a', memoryMb: 16384, vcpus: 4 }, 0);
    all.addHost({ name: 'b', memoryMb: 8192, vcpus: 64 }, 0);
    // RAM 1 + CPU 16/256 for a; RAM 0.5 + CPU 1 for b
    expect(first(all)).toBe('b');
  });

  it("weigher 'pack' stacks by RAM, CPU and disk", () => {
    const s = make({ weigher: 'pack' });
    s.addHost({ name: 'a', memoryMb: 16384, vcpus: 16, diskGb: 500 }, 0);
    s.addHost({ name: 'b', memoryMb: 8192, vcpus: 8, diskGb: 250 }, 0);
    expect(first(s)).toBe('b');
  });

  it('a multi-create spreads over equal hosts: each pick adds an I/O op and an instance', () => {
    const s = make();
    for (const name of ['a', 'b', 'c']) s.addHost({ name }, 0);
    expect(chosen(s, s.select({ resources: small, count: 3 }, 0))).toEqual(['a', 'b', 'c']);
  });
});

describe('weigher options', () => {
  it("have Nova master's defaults", () => {
    const byOption = Object.fromEntries(WEIGHERS.map((w) => [w.option, w.defaultMultiplier]));
    expect(byOption).toMatchObject({
      ram_weight_multiplier: 1,
      cpu_weight_multiplier: 1,
      disk_weight_multiplier: 1,
      io_ops_weight_multiplier: -1,
      num_instances_weight_multiplier: 0,
      build_failure_weight_multiplier: 1_000_000,
      cross_cell_move_weight_multiplier: 1_000_000,
      hypervisor_version_weight_multiplier: 1,
      soft_affinity_weight_multiplier: 1,
      soft_anti_affinity_weight_multiplier: 1,
      pci_weight_multiplier: 1,
      image_props_weight_multiplier: 0,
    });
    // Build failures count against a host: its multiplier is negated when applied.
    const failures = resolveWeighing().find((w) => w.def.name === 'BuildFailureWeigher');
    expect(failures?.multiplier).toBe(-1_000_000);
  });

  it('refuse unknown weighers and options, non-numbers and negative soft multipliers', () => {
    expect(() => resolveWeighing({ weightClasses: ['RamWeigher' as never] })).toThrow(
      /unknown weigher "RamWeigher"/,
    );
    expect(() => resolveWeighing({ multipliers: { ram_multiplier: 1 } })).toThrow(
      /unknown weight multiplier "ram_multiplier"/,
    );
    expect(() => resolveWeighing({ multipliers: { ram_weight_multiplier: Number.NaN } })).toThrow(
      /ram_weight_multiplier must be a finite number/,
    );
    expect(() => resolveWeighing({ multipliers: { soft_affinity_weight_multiplier: -1 } })).toThrow(
      /soft_affinity_weight_multiplier must be >= 0/,
    );
    expect(() => createScheduler({ weighing: { multipliers: { x: 1 } } })).toThrow(RangeError);
  });
});

describe('weigher state in snapshots', () => {
  function busyCloud() {
    const s = createScheduler();
    s.addHost({ name: 'a' }, 0);
    s.addHost({ name: 'b' }, 0);
    s.addHost({ name: 'c' }, 0);
    s.setBusy('vm-1', true);
    s.claim('vm-1', 'a', flavor(0, 0, 0));
    s.recordBuild('b', false);
    s.recordBuild('b', false);
    return s;
  }

  it('keeps failed builds and busy consumers, and restores to the same selections', () => {
    const s = busyCloud();
    const snap = JSON.parse(JSON.stringify(s.snapshot()));
    expect(snap.busy).toEqual(['vm-1']);
    expect(
      snap.hosts.find((h: { spec: { name: string } }) => h.spec.name === 'b').failedBuilds,
    ).toBe(2);
    const copy = restoreScheduler(snap);
    expect(JSON.stringify(copy.snapshot())).toBe(JSON.stringify(snap));
    expect(copy.failedBuilds('b')).toBe(2);
    expect(copy.select(one(small), 0)).toEqual(s.select(one(small), 0));
    expect(chosen(copy, copy.select(one(small), 0))).toEqual(['c']);
  });

  it('writes neither field when nothing failed or is busy (old snapshots keep their bytes)', () => {
    const s = createScheduler();
    s.addHost({ name: 'a' }, 0);
    s.claim('vm-1', 'a', small);
    const snap = s.snapshot();
    expect('busy' in snap).toBe(false);
    expect(snap.hosts.some((h) => 'failedBuilds' in h)).toBe(false);
    expect(JSON.stringify(restoreScheduler(snap).snapshot())).toBe(JSON.stringify(snap));
  });
});
