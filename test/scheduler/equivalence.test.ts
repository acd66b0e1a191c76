import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type AggregateMetadata,
  createScheduler,
  FILTER_NAMES,
  type FilterSettings,
  type GroupPolicy,
  type Scheduler,
  type SchedulerOptions,
  type SelectionRequest,
  type WeigherName,
  type WeighingOptions,
} from '../../src/scheduler/index.js';
import { flavor, seeded } from './helpers.js';

/**
 * The indexed selection against the reference scan: two schedulers fed the same
 * hosts and the same operations must answer every select identically (picks,
 * alternates, reasons and generator draws), and the picks must always be claimable.
 */

const NAMES = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l'];
const FLAVORS = [flavor(1, 512, 1), flavor(2, 1024, 10), flavor(4, 2048, 20), flavor(1, 3000, 0)];
const POLICIES: GroupPolicy[] = [
  'affinity',
  'anti-affinity',
  'soft-affinity',
  'soft-anti-affinity',
];

const hostArb = fc.record({
  memoryMb: fc.constantFrom(2048, 4096, 4608, 8192),
  vcpus: fc.constantFrom(1, 2, 4),
  diskGb: fc.constantFrom(0, 20, 100),
  az: fc.constantFrom('nova', 'az1'),
  arm: fc.boolean(),
  ramRatio: fc.constantFrom(1, 1, 1.5, 0.5),
  hypervisorVersion: fc.constantFrom(1000, 1000, 2000),
  emulated: fc.boolean(),
});

/** Nova's defaults, RAM alone (the index's exact case), or random multipliers. */
const MULTIPLIER = fc.constantFrom(-1, 0, 0, 1, 2, 1_000_000);
const weighingArb = fc.oneof(
  fc.constant(undefined),
  fc.constant({ weightClasses: ['RAMWeigher'] as WeigherName[] }),
  fc.record({
    multipliers: fc.record(
      {
        ram_weight_multiplier: MULTIPLIER,
        cpu_weight_multiplier: MULTIPLIER,
        disk_weight_multiplier: MULTIPLIER,
        io_ops_weight_multiplier: MULTIPLIER,
        num_instances_weight_multiplier: MULTIPLIER,
        build_failure_weight_multiplier: MULTIPLIER,
        hypervisor_version_weight_multiplier: MULTIPLIER,
        soft_affinity_weight_multiplier: fc.constantFrom(0, 1, 3),
      },
      { requiredKeys: [] },
    ),
  }),
);

/** Nova's defaults (unset), or a random list drawn from every filter, with small limits. */
const filtersArb: fc.Arbitrary<FilterSettings | undefined> = fc.oneof(
  fc.constant(undefined),
  fc.record({
    enabledFilters: fc.subarray([...FILTER_NAMES]),
    maxIoOpsPerHost: fc.integer({ min: 0, max: 3 }),
    maxInstancesPerHost: fc.integer({ min: 1, max: 3 }),
    isolatedHosts: fc.subarray(['a', 'b', 'c']),
    isolatedImages: fc.subarray(['img-1']),
    restrictIsolatedHostsToIsolatedImages: fc.boolean(),
  }),
);

/**
 * Aggregates over the hosts (host i is in aggregate i % 3, when it exists), each with
 * metadata the aggregate filters and per-aggregate multipliers read.
 */
const aggregatesArb = fc.array(
  fc.record(
    {
      max_instances_per_host: fc.constantFrom('1', '2', 'x'),
      max_io_ops_per_host: fc.constantFrom('0', '1', '3'),
      filter_tenant_id: fc.constantFrom('p1', 'p2'),
      instance_type: fc.constantFrom('m1.small', 'm1.big,m1.small'),
      ram_weight_multiplier: fc.constantFrom('-1', '2.5', '0'),
      io_ops_weight_multiplier: fc.constantFrom('1', 'nan?'),
      num_instances_weight_multiplier: fc.constantFrom('1', '-3'),
      hw_architecture: fc.constantFrom('x86_64', 'aarch64'),
    },
    { requiredKeys: [] },
  ),
  { maxLength: 3 },
);

const pick = fc.array(fc.nat(), { maxLength: 4 });
/** Present one time in `1 + absent`: most requests should take the index path. */
const sometimes = <T>(arb: fc.Arbitrary<T>, absent = 4) =>
  fc.oneof({ weight: absent, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: arb });
const requestArb = fc.record({
  flavor: fc.nat(),
  count: fc.oneof(
    { weight: 3, arbitrary: fc.constant(1) },
    { weight: 1, arbitrary: fc.integer({ min: 2, max: 4 }) },
  ),
  az: sometimes(fc.constantFrom('nova', 'az1', 'az9'), 2),
  group: sometimes(
    fc.record({
      policy: fc.constantFrom(...POLICIES),
      members: pick,
      max: fc.integer({ min: 1, max: 2 }),
    }),
  ),
  ignore: sometimes(pick),
  same: sometimes(pick, 8),
  different: sometimes(pick),
  arch: sometimes(fc.constantFrom('x86_64', 'aarch64')),
  // img_hv_requested_version, hw_maxphysaddr_bits (raises where a host matches the arch),
  // hw_maxphysaddr_mode (a required trait).
  imageExtra: sometimes(
    fc.constantFrom<Record<string, string>>(
      { img_hv_requested_version: '>= 2.0' },
      { hypervisor_version_requires: '<2, >=1' },
      { hw_maxphysaddr_bits: '42' },
      { hw_maxphysaddr_mode: 'emulate' },
      { 'trait:COMPUTE_ADDRESS_SPACE_EMULATED': 'required' },
    ),
  ),
  traits: sometimes(
    fc.constantFrom<Record<string, string>>(
      { 'trait:COMPUTE_ADDRESS_SPACE_EMULATED': 'required' },
      { 'trait1:COMPUTE_ADDRESS_SPACE_EMULATED': 'forbidden' },
    ),
  ),
  requested: sometimes(fc.nat(), 10),
  forced: sometimes(fc.nat(), 10),
  query: sometimes(
    fc.constantFrom(
      '[">=", "$free_ram_mb", 3000]',
      '["<", "$num_instances", 2]',
      '["and", ["=", "$hypervisor_version", 1000], ["not", ["in", "$host", "a", "b"]]]',
      '["bogus"]',
      '["<", "$host", 1]',
      'not json',
      '{"a": 1}',
      '["=", "$free_ram_mb.x", 1]',
    ),
  ),
  capabilities: sometimes(fc.constantFrom('>= 2', '<= 2048', 's== fake')),
  project: sometimes(fc.constantFrom('p1', 'p2')),
  aggregates: sometimes(aggregatesArb, 2),
});

const opArb = fc.oneof(
  { weight: 6, arbitrary: fc.record({ op: fc.constant('select' as const), req: requestArb }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('release' as const), n: fc.nat() }) },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constantFrom(
        'disable',
        'enable',
        'force',
        'unforce',
        'kill',
        'revive',
      ) as fc.Arbitrary<'disable' | 'enable' | 'force' | 'unforce' | 'kill' | 'revive'>,
      host: fc.nat(),
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('tick' as const), ms: fc.nat(90_000) }) },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constantFrom('busy', 'idle') as fc.Arbitrary<'busy' | 'idle'>,
      n: fc.nat(),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constantFrom('build-failed', 'build-ok') as fc.Arbitrary<'build-failed' | 'build-ok'>,
      host: fc.nat(),
    }),
  },
);

type HostShape = typeof hostArb extends fc.Arbitrary<infer T> ? T : never;
type Op = typeof opArb extends fc.Arbitrary<infer T> ? T : never;
type Req = typeof requestArb extends fc.Arbitrary<infer T> ? T : never;

function toRequest(r: Req, names: readonly string[]): SelectionRequest {
  const at = (i: number) => names[i % names.length]!;
  const req: SelectionRequest = { resources: FLAVORS[r.flavor % FLAVORS.length]!, count: r.count };
  if (r.az !== undefined) req.availabilityZone = r.az;
  if (r.group !== undefined) {
    req.group = { policy: r.group.policy, memberHosts: r.group.members.map(at) };
    if (r.group.policy === 'anti-affinity') req.group.maxServerPerHost = r.group.max;
  }
  if (r.ignore !== undefined) req.ignoreHosts = r.ignore.map(at);
  if (r.same !== undefined) req.sameHost = r.same.map(at);
  if (r.different !== undefined) req.differentHost = r.different.map(at);
  if (r.arch !== undefined || r.imageExtra !== undefined) {
    req.imageProperties = {
      ...(r.arch === undefined ? {} : { hw_architecture: r.arch }),
      ...r.imageExtra,
    };
  }
  if (r.requested !== undefined) req.requestedHost = at(r.requested);
  if (r.forced !== undefined) req.forcedHost = at(r.forced);
  if (r.query !== undefined) req.query = r.query;
  if (r.capabilities !== undefined) {
    req.extraSpecs = {
      'capabilities:vcpus_total': r.capabilities,
      'capabilities:hypervisor_type': r.capabilities,
    };
  }
  if (r.traits !== undefined) req.extraSpecs = { ...req.extraSpecs, ...r.traits };
  if (r.project !== undefined) req.projectId = r.project;
  req.flavorName = 'm1.small';
  req.imageId = 'img-1';
  const aggregates = r.aggregates;
  if (aggregates !== undefined) {
    const keys = new Set(aggregates.flatMap((m) => Object.keys(m)));
    req.aggregateKeys = keys;
    req.aggregatesOf = (host: string): AggregateMetadata[] => {
      const i = names.indexOf(host) % 3;
      const m = aggregates[i];
      return m === undefined ? [] : [m as AggregateMetadata];
    };
  }
  return req;
}

function run(
  hosts: HostShape[],
  ops: Op[],
  {
    weighing,
    filters,
    ...rest
  }: Omit<SchedulerOptions, 'weighing' | 'filters'> & {
    weighing: WeighingOptions | undefined;
    filters?: FilterSettings | undefined;
  },
  seed: number,
): void {
  const options: SchedulerOptions = {
    ...rest,
    ...(weighing === undefined ? {} : { weighing }),
    ...(filters === undefined ? {} : { filters }),
  };
  const names = NAMES.slice(0, hosts.length);
  const rngs = [seeded(seed), seeded(seed)];
  const pair: Scheduler[] = (['indexed', 'scan'] as const).map((strategy, i) =>
    createScheduler({ ...options, strategy, random: rngs[i]! }),
  );
  for (const s of pair) {
    hosts.forEach((h, i) => {
      s.addHost(
        {
          name: names[i]!,
          memoryMb: h.memoryMb,
          vcpus: h.vcpus,
          diskGb: h.diskGb,
          availabilityZone: h.az,
          allocationRatio: { memoryMb: h.ramRatio },
          hypervisorVersion: h.hypervisorVersion,
          ...(h.emulated ? { traits: ['COMPUTE_ADDRESS_SPACE_EMULATED'] } : {}),
          ...(h.arm
            ? {
                supportedInstances: [
                  { architecture: 'aarch64', hypervisorType: 'fake', vmMode: 'hvm' },
                ],
              }
            : {}),
        },
        0,
      );
    });
  }
  let now = 0;
  let consumers = 0;
  const live: string[] = [];
  for (const o of ops) {
    if (o.op === 'select') {
      const request = toRequest(o.req, names);
      const [indexed, scan] = pair.map((s) => s.select(request, now));
      expect(indexed, JSON.stringify(request)).toEqual(scan);
      expect(rngs[0]!.draws).toBe(rngs[1]!.draws);
      if (indexed?.ok) {
        for (const picks of indexed.picks) {
          const id = `vm${consumers++}`;
          live.push(id);
          for (const s of pair) s.claim(id, picks[0]!, request.resources);
        }
      }
    } else if (o.op === 'release') {
      if (live.length === 0) continue;
      const [id] = live.splice(o.n % live.length, 1);
      for (const s of pair) s.release(id!);
    } else if (o.op === 'tick') {
      now += o.ms;
    } else if (o.op === 'busy' || o.op === 'idle') {
      if (live.length === 0) continue;
      const id = live[o.n % live.length]!;
      for (const s of pair) s.setBusy(id, o.op === 'busy');
    } else if (o.op === 'build-failed' || o.op === 'build-ok') {
      const host = names[o.host % names.length]!;
      for (const s of pair) s.recordBuild(host, o.op === 'build-ok');
    } else if ('host' in o) {
      const host = names[o.host % names.length]!;
      for (const s of pair) {
        if (o.op === 'disable') s.setEnabled(host, false, 'test');
        else if (o.op === 'enable') s.setEnabled(host, true);
        else if (o.op === 'force') s.setForcedDown(host, true);
        else if (o.op === 'unforce') s.setForcedDown(host, false);
        else s.setAlive(host, o.op === 'revive', now);
      }
    }
  }
  expect(pair[0]!.snapshot()).toEqual(pair[1]!.snapshot());
}

describe('indexed selection ≡ scan', () => {
  it('agrees on random layouts, requests and state changes', () => {
    fc.assert(
      fc.property(
        fc.array(hostArb, { minLength: 1, maxLength: NAMES.length }),
        fc.array(opArb, { maxLength: 40 }),
        fc.record({
          weigher: fc.constantFrom('spread' as const, 'pack' as const),
          maxAttempts: fc.integer({ min: 1, max: 4 }),
          hostSubsetSize: fc.integer({ min: 1, max: 3 }),
          weighing: weighingArb,
          filters: filtersArb,
          shuffleBestSameWeighedHosts: fc.boolean(),
        }),
        fc.nat(),
        (hosts, ops, options, seed) => run(hosts, ops, options, seed),
      ),
      { numRuns: 300 },
    );
  });

  it('agrees on multi-creates in server groups', () => {
    const multi = fc.record({
      op: fc.constant('select' as const),
      req: fc.record({
        flavor: fc.nat(),
        count: fc.integer({ min: 2, max: 4 }),
        az: fc.constant(undefined),
        group: fc.record({
          policy: fc.constantFrom(...POLICIES),
          members: pick,
          max: fc.integer({ min: 1, max: 2 }),
        }),
        ignore: sometimes(pick),
        same: fc.constant(undefined),
        different: sometimes(pick),
        arch: fc.constant(undefined),
        imageExtra: fc.constant(undefined),
        traits: fc.constant(undefined),
        requested: fc.constant(undefined),
        forced: fc.constant(undefined),
        query: fc.constant(undefined),
        capabilities: fc.constant(undefined),
        project: fc.constant(undefined),
        aggregates: fc.constant(undefined),
      }),
    });
    fc.assert(
      fc.property(
        fc.array(hostArb, { minLength: 3, maxLength: NAMES.length }),
        fc.array(fc.oneof({ weight: 3, arbitrary: multi }, { weight: 1, arbitrary: opArb }), {
          maxLength: 20,
        }),
        fc.record({
          weigher: fc.constantFrom('spread' as const, 'pack' as const),
          maxAttempts: fc.integer({ min: 2, max: 4 }),
          hostSubsetSize: fc.integer({ min: 1, max: 2 }),
          weighing: weighingArb,
          filters: filtersArb,
        }),
        fc.nat(),
        (hosts, ops, options, seed) => run(hosts, ops, options, seed),
      ),
      { numRuns: 200 },
    );
  });

  it('agrees on a few hundred hosts filled by plain selects', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(4096, 8192, 16384, 32768), { minLength: 200, maxLength: 300 }),
        fc.array(fc.nat(FLAVORS.length - 1), { minLength: 100, maxLength: 200 }),
        fc.constantFrom('spread' as const, 'pack' as const),
        (sizes, flavors, weigher) => {
          const pair = (['indexed', 'scan'] as const).map((strategy) => {
            const s = createScheduler({ strategy, weigher });
            sizes.forEach((memoryMb, i) => {
              s.addHost({ name: `host-${String(i).padStart(3, '0')}`, memoryMb }, 0);
            });
            return s;
          });
          flavors.forEach((f, i) => {
            const request = { resources: FLAVORS[f]!, count: 1 + (i % 3) };
            const [indexed, scan] = pair.map((s) => s.select(request, 0));
            expect(indexed).toEqual(scan);
            if (indexed?.ok) {
              indexed.picks.forEach((p, j) => {
                for (const s of pair) s.claim(`vm${i}-${j}`, p[0]!, request.resources);
              });
            }
          });
        },
      ),
      { numRuns: 20 },
    );
  });
});
