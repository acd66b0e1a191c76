import { describe, expect, it } from 'vitest';
import {
  createScheduler,
  type FilterName,
  type Scheduler,
  type SelectionRequest,
} from '../../src/scheduler/index.js';
import { flavor, one } from './helpers.js';

// Filters that raise in Nova master fail the whole scheduling call (no host is "just
// filtered out"): JsonFilter on a malformed `query`, ImagePropertiesFilter on an image's
// hw_maxphysaddr_bits (it reads cpu_info, a JSON string, with `.get`).

const small = flavor(1, 512, 1);

function three(enabledFilters: FilterName[], strategy: 'indexed' | 'scan'): Scheduler {
  const s = createScheduler({ filters: { enabledFilters }, strategy });
  s.addHost({ name: 'a', memoryMb: 32768 }, 0);
  s.addHost({ name: 'b', memoryMb: 16384 }, 0);
  s.addHost(
    {
      name: 'c',
      memoryMb: 8192,
      supportedInstances: [{ architecture: 'aarch64', hypervisorType: 'fake', vmMode: 'hvm' }],
    },
    0,
  );
  return s;
}

function outcome(s: Scheduler, request: SelectionRequest): string {
  const r = s.select(request, 0);
  if (r.ok) return r.picks[0]![0]!;
  return r.reason === 'filter-error' ? `raises ${r.error}` : r.reason;
}

describe.each(['indexed', 'scan'] as const)('filters that raise (%s)', (strategy) => {
  const json = (query: string) =>
    outcome(three(['JsonFilter'], strategy), { ...one(small), query });

  it('JsonFilter: what Python raises, by the class name the conductor records', () => {
    expect(json('not json')).toBe('raises RemoteError'); // json.decoder.JSONDecodeError
    expect(json('["nope", 1]')).toBe('raises KeyError');
    expect(json('{"a": 1}')).toBe('raises KeyError'); // query[0] of a dict
    expect(json('5')).toBe('raises TypeError'); // an int is not subscriptable
    expect(json('[["="], 1]')).toBe('raises TypeError'); // a list is unhashable
    expect(json('["<", "$host", 5]')).toBe('raises TypeError'); // str < int
    expect(json('["=", "$free_ram_mb.x", 1]')).toBe('raises AttributeError'); // int.get
    expect(json('["=", "$cpu_info.arch", "x86_64"]')).toBe('raises AttributeError'); // a str
  });

  it('JsonFilter: what Python evaluates without raising', () => {
    expect(json('0')).toBe('a'); // a falsy query passes every host
    expect(json('{}')).toBe('a');
    expect(json('["=", "$nothing", 1]')).toBe('not-enough-hosts'); // None dropped: one arg
    expect(json('["<", ["not", 1], ["not", 0]]')).toBe('a'); // [False] < [True]
    expect(json('"<ab"')).toBe('a'); // a str query is its characters: '<', 'a', 'b'
    expect(json('">ab"')).toBe('not-enough-hosts');
    expect(json('["=", {"k": 1}, {"k": true}]')).toBe('a'); // 1 == True inside dicts
    expect(json('["in", "$host", "b", "c"]')).toBe('b');
    // Python's json reads NaN and Infinity; NaN is true and equals nothing.
    expect(json('["<", "$free_ram_mb", Infinity]')).toBe('a');
    expect(json('["or", NaN]')).toBe('a');
    expect(json('["=", NaN, NaN]')).toBe('not-enough-hosts');
    expect(json('["=", "NaN", "NaN"]')).toBe('a'); // strings stay strings
  });

  it('a query that raises fails the call even when other hosts would pass', () => {
    // `$stats.num_instances` is a str: ordering it against an int raises on every host.
    expect(json('["or", ["=", "$host", "a"], ["<", "$stats.num_instances", 1]]')).toBe(
      'raises TypeError',
    );
  });

  it('filters before JsonFilter shield hosts from it; Placement comes first', () => {
    const s = three(['ComputeFilter', 'JsonFilter'], strategy);
    for (const host of ['a', 'b', 'c']) s.setEnabled(host, false);
    expect(outcome(s, { ...one(small), query: '["nope"]' })).toBe('no-candidates');
    const t = three(['ComputeFilter', 'JsonFilter'], strategy);
    for (const host of ['a', 'b', 'c']) t.setForcedDown(host, true);
    expect(outcome(t, { ...one(small), query: '["nope"]' })).toBe('not-enough-hosts');
    t.setForcedDown('c', false);
    expect(outcome(t, { ...one(small), query: '["nope"]' })).toBe('raises KeyError');
  });

  it('the first raising filter in enabled_filters order wins', () => {
    const request = {
      ...one(small),
      query: '["nope"]',
      imageProperties: { hw_architecture: 'x86_64', hw_maxphysaddr_bits: '42' },
    };
    expect(outcome(three(['JsonFilter', 'ImagePropertiesFilter'], strategy), request)).toBe(
      'raises KeyError',
    );
    expect(outcome(three(['ImagePropertiesFilter', 'JsonFilter'], strategy), request)).toBe(
      'raises AttributeError',
    );
  });
});

describe.each(['indexed', 'scan'] as const)('extra-spec operators that raise (%s)', (strategy) => {
  const specs = (extraSpecs: Record<string, string>) =>
    outcome(three(['ComputeCapabilitiesFilter'], strategy), { ...one(small), extraSpecs });

  it('float() of a value that is no number raises ValueError; `<or>` alone, IndexError', () => {
    expect(specs({ 'capabilities:hypervisor_type': '>= 2' })).toBe('raises ValueError');
    expect(specs({ 'capabilities:vcpus_total': '>= many' })).toBe('raises ValueError');
    expect(specs({ 'capabilities:hypervisor_type': '<or>' })).toBe('raises IndexError');
    expect(specs({ 'capabilities:vcpus_total': '>= 16' })).toBe('a');
    // A capability the host lacks is None: the filter fails the host before comparing.
    expect(specs({ 'capabilities:nothing': '>= many' })).toBe('not-enough-hosts');
  });
});

describe.each(['indexed', 'scan'] as const)('ImagePropertiesFilter inputs (%s)', (strategy) => {
  const image = (props: Record<string, string>, hosts?: (s: Scheduler) => void) => {
    const s = three(['ImagePropertiesFilter'], strategy);
    hosts?.(s);
    return outcome(s, { ...one(small), imageProperties: props });
  };

  it('img_hv_requested_version against the host’s hypervisor_version (1000 is 1.0)', () => {
    expect(image({ hw_architecture: 'x86_64', img_hv_requested_version: '>= 1.0' })).toBe('a');
    expect(image({ hw_architecture: 'x86_64', img_hv_requested_version: '>=2' })).toBe(
      'not-enough-hosts',
    );
    expect(image({ hw_architecture: 'x86_64', img_hv_requested_version: '== 1.0.0' })).toBe('a');
    expect(image({ hw_architecture: 'x86_64', hypervisor_version_requires: '<1, >0.5' })).toBe(
      'not-enough-hosts',
    );
    // The version alone asks nothing: only an arch, hv type or vm mode makes the filter look.
    expect(image({ img_hv_requested_version: '>=9' })).toBe('a');
    // A host newer than the requirement passes; the others do not.
    expect(
      image({ hw_architecture: 'x86_64', img_hv_requested_version: '>=2.1' }, (s) => {
        s.removeHost('a');
        s.addHost({ name: 'a', hypervisorVersion: 2_001_000 }, 0);
      }),
    ).toBe('a');
  });

  it('hw_maxphysaddr_bits raises only where a host matches the rest', () => {
    expect(image({ hw_maxphysaddr_bits: '42' })).toBe('a'); // no arch: never read
    expect(image({ hw_architecture: 'aarch64', hw_maxphysaddr_bits: '42' })).toBe(
      'raises AttributeError',
    );
    expect(image({ hw_architecture: 'ppc64', hw_maxphysaddr_bits: '42' })).toBe('not-enough-hosts');
  });

  it('vm modes canonicalize (baremetal is hvm) and a value may match any member of the triple', () => {
    expect(image({ hw_vm_mode: 'baremetal' })).toBe('a');
    // `_compare_props` tests membership: 'fake' (a hypervisor type) named as the vm mode.
    expect(image({ vm_mode: 'fake' })).toBe('a');
  });

  it('hw_maxphysaddr_mode asks Placement for the COMPUTE_ADDRESS_SPACE_* trait', () => {
    const s = createScheduler({ strategy });
    s.addHost({ name: 'plain', memoryMb: 32768 }, 0);
    s.addHost({ name: 'emu', memoryMb: 8192, traits: ['COMPUTE_ADDRESS_SPACE_EMULATED'] }, 0);
    expect(outcome(s, { ...one(small), imageProperties: { hw_maxphysaddr_mode: 'emulate' } })).toBe(
      'emu',
    );
    expect(
      outcome(s, { ...one(small), imageProperties: { hw_maxphysaddr_mode: 'passthrough' } }),
    ).toBe('no-candidates');
    // The flavor's hw:maxphysaddr_mode comes first.
    expect(
      outcome(s, {
        ...one(small),
        extraSpecs: { 'hw:maxphysaddr_mode': 'emulate' },
        imageProperties: { hw_maxphysaddr_mode: 'passthrough' },
      }),
    ).toBe('emu');
  });
});

describe('the rebuild check', () => {
  it('runs only the enabled filters that run on rebuild, on the one host', () => {
    const s = three(['ComputeFilter', 'ImagePropertiesFilter', 'JsonFilter'], 'indexed');
    s.setForcedDown('c', true);
    const arm = { ...one(small), imageProperties: { hw_architecture: 'aarch64' } };
    expect(s.checkRebuild(arm, 'c', 0)).toEqual({ ok: true, picks: [['c']] });
    expect(s.checkRebuild(arm, 'a', 0)).toEqual({ ok: false, reason: 'not-enough-hosts' });
    // JsonFilter does not run on rebuild: a bad query changes nothing.
    expect(s.checkRebuild({ ...arm, query: 'not json' }, 'c', 0).ok).toBe(true);
    expect(s.checkRebuild(arm, 'gone', 0)).toEqual({ ok: false, reason: 'not-enough-hosts' });
  });

  it('claims nothing', () => {
    const s = three(['ImagePropertiesFilter'], 'scan');
    s.checkRebuild(one(flavor(4, 4096, 10)), 'a', 0);
    expect(s.usage('a')).toEqual({ vcpus: 0, memoryMb: 0, diskGb: 0 });
  });
});
