import { describe, expect, it } from 'vitest';
import {
  type AggregateMetadata,
  createScheduler,
  DEFAULT_ENABLED_FILTERS,
  type FilterName,
  type FilterSettings,
  type Scheduler,
  type SelectionRequest,
} from '../../src/scheduler/index.js';
import { flavor, one } from './helpers.js';

const small = flavor(1, 512, 1);

/** Three hosts: `a` has the most free RAM, so it wins unless a filter takes it out. */
function three(filters: FilterSettings, strategy: 'indexed' | 'scan' = 'indexed'): Scheduler {
  const s = createScheduler({ filters, strategy });
  s.addHost({ name: 'a', memoryMb: 32768 }, 0);
  s.addHost({ name: 'b', memoryMb: 16384 }, 0);
  s.addHost({ name: 'c', memoryMb: 8192 }, 0);
  return s;
}

function best(s: Scheduler, request: SelectionRequest): string | null {
  const result = s.select(request, 0);
  return result.ok ? result.picks[0]![0]! : null;
}

function only(...names: FilterName[]): FilterSettings {
  return { enabledFilters: names };
}

describe.each(['indexed', 'scan'] as const)('enabled_filters (%s)', (strategy) => {
  it("defaults to Nova master's five filters", () => {
    expect(DEFAULT_ENABLED_FILTERS).toEqual([
      'ComputeFilter',
      'ComputeCapabilitiesFilter',
      'ImagePropertiesFilter',
      'ServerGroupAntiAffinityFilter',
      'ServerGroupAffinityFilter',
    ]);
  });

  it('refuses an unknown filter as nova-scheduler does at start', () => {
    expect(() =>
      createScheduler({ filters: only('AvailabilityZoneFilter' as FilterName) }),
    ).toThrow('Scheduler Host Filter AvailabilityZoneFilter could not be found.');
  });

  it('runs no filter that is not enabled: a down host passes without ComputeFilter', () => {
    for (const [filters, expected] of [
      [only('ComputeFilter'), 'b'],
      [only('AllHostsFilter'), 'a'],
    ] as const) {
      const s = three(filters, strategy);
      s.setAlive('a', false, -120_000);
      expect(best(s, one(small))).toBe(expected);
    }
  });

  it('ImagePropertiesFilter only when enabled', () => {
    const arm = { ...one(small), imageProperties: { hw_architecture: 'aarch64' } };
    expect(best(three({}, strategy), arm)).toBeNull();
    expect(best(three(only('ComputeFilter'), strategy), arm)).toBe('a');
  });

  it('image_properties_default_architecture stands in for a missing hw_architecture', () => {
    const s = three({ imagePropertiesDefaultArchitecture: 'aarch64' }, strategy);
    expect(best(s, one(small))).toBeNull();
    expect(best(s, { ...one(small), imageProperties: { hw_architecture: 'x86_64' } })).toBe('a');
    expect(
      best(three({ imagePropertiesDefaultArchitecture: 'x86_64' }, strategy), one(small)),
    ).toBe('a');
    expect(() => three({ imagePropertiesDefaultArchitecture: 'z80' as 'x86_64' })).toThrow(
      RangeError,
    );
  });

  it('server group filters only when enabled', () => {
    const group = { ...one(small), group: { policy: 'affinity' as const, memberHosts: ['c'] } };
    expect(best(three({}, strategy), group)).toBe('c');
    expect(best(three(only('ComputeFilter'), strategy), group)).toBe('a');
    const anti = {
      ...one(small),
      group: { policy: 'anti-affinity' as const, memberHosts: ['a'] },
    };
    expect(best(three({}, strategy), anti)).toBe('b');
    expect(best(three(only('ServerGroupAffinityFilter'), strategy), anti)).toBe('a');
  });

  it('NumInstancesFilter: max_instances_per_host, counting this request too', () => {
    const s = three({ enabledFilters: ['NumInstancesFilter'], maxInstancesPerHost: 1 }, strategy);
    s.claim('vm-1', 'a', small);
    expect(best(s, one(small))).toBe('b');
    const result = s.select({ resources: small, count: 3 }, 0);
    expect(result).toEqual({ ok: false, reason: 'not-enough-hosts' });
    expect(s.select({ resources: small, count: 2 }, 0)).toMatchObject({ ok: true });
  });

  it('IoOpsFilter: max_io_ops_per_host (default 8) of busy consumers', () => {
    const s = three({ enabledFilters: ['IoOpsFilter'], maxIoOpsPerHost: 1 }, strategy);
    s.setBusy('vm-1', true);
    s.claim('vm-1', 'a', small);
    expect(best(s, one(small))).toBe('b');
    const defaults = three(only('IoOpsFilter'), strategy);
    for (let i = 0; i < 8; i++) {
      defaults.setBusy(`vm-${i}`, true);
      defaults.claim(`vm-${i}`, 'a', small);
    }
    expect(best(defaults, one(small))).toBe('b');
  });

  it('IsolatedHostsFilter: isolated images only on isolated hosts, and the restriction', () => {
    const settings = {
      enabledFilters: ['IsolatedHostsFilter'] as FilterName[],
      isolatedImages: ['img-iso'],
      isolatedHosts: ['c'],
    };
    expect(best(three(settings, strategy), { ...one(small), imageId: 'img-iso' })).toBe('c');
    expect(best(three(settings, strategy), { ...one(small), imageId: 'img-other' })).toBe('a');
    const free = three(
      { ...settings, isolatedHosts: ['a'], restrictIsolatedHostsToIsolatedImages: true },
      strategy,
    );
    expect(best(free, { ...one(small), imageId: 'img-other' })).toBe('b');
    const loose = three(
      { ...settings, isolatedHosts: ['a'], restrictIsolatedHostsToIsolatedImages: false },
      strategy,
    );
    expect(best(loose, { ...one(small), imageId: 'img-other' })).toBe('a');
    // No isolated images: isolated hosts take nothing while the restriction holds.
    const none = three({ enabledFilters: ['IsolatedHostsFilter'], isolatedHosts: ['a'] }, strategy);
    expect(best(none, one(small))).toBe('b');
  });

  it('ComputeCapabilitiesFilter matches capabilities: extra specs to HostState', () => {
    const s = three({}, strategy);
    const specs = (extraSpecs: Record<string, string>) => ({ ...one(small), extraSpecs });
    expect(best(s, specs({ 'capabilities:free_ram_mb': '<= 16000' }))).toBe('b');
    expect(best(s, specs({ 'capabilities:hypervisor_type': 's== fake' }))).toBe('a');
    expect(best(s, specs({ 'capabilities:hypervisor_type': 'QEMU' }))).toBeNull();
    // Unscoped keys count only when HostState has them; other scopes are not this filter's.
    expect(best(s, specs({ vcpus_total: '32' }))).toBeNull();
    expect(best(s, specs({ 'hw:cpu_cores': '8', color: 'blue' }))).toBe('a');
    // cpu_info is the fake driver's JSON string, walked key by key.
    expect(best(s, specs({ 'capabilities:cpu_info:arch': 'x86_64' }))).toBe('a');
    expect(best(s, specs({ 'capabilities:cpu_info:topology:sockets': '>= 4' }))).toBe('a');
    expect(best(s, specs({ 'capabilities:cpu_info:features': '<in> clflush' }))).toBe('a');
    expect(best(s, specs({ 'capabilities:cpu_info:arch': 'aarch64' }))).toBeNull();
    // It reports no maxphysaddr: master's hw:maxphysaddr_bits fits nowhere.
    expect(best(s, specs({ 'hw:maxphysaddr_bits': '42' }))).toBeNull();
  });

  it('JsonFilter evaluates the query hint against HostState', () => {
    const s = three(only('JsonFilter'), strategy);
    const q = (query: string) => best(s, { ...one(small), query });
    expect(q('["<", "$free_ram_mb", 20000]')).toBe('b');
    expect(q('["and", ["=", "$hypervisor_type", "fake"], ["in", "$host", "c"]]')).toBe('c');
    expect(q('["not", ["=", "$host", "a"]]')).toBe('b');
    expect(q('[]')).toBe('a');
    expect(q('["nope", 1]')).toBeNull();
  });

  it('SimpleCIDRAffinityFilter compares build_near_host_ip with the computes’ my_ip', () => {
    const s = three(only('SimpleCIDRAffinityFilter'), strategy);
    expect(best(s, { ...one(small), buildNearHostIp: '192.168.0.77' })).toBe('a');
    expect(best(s, { ...one(small), buildNearHostIp: '192.168.1.77' })).toBeNull();
    expect(best(s, { ...one(small), buildNearHostIp: '192.168.1.77', cidr: '/16' })).toBe('a');
    expect(best(s, { ...one(small), buildNearHostIp: '192.168.1.7', cidr: '/255.255.0.0' })).toBe(
      'a',
    );
  });

  it('NUMATopologyFilter: no host reports a NUMA topology', () => {
    const s = three(only('NUMATopologyFilter', 'PciPassthroughFilter', 'MetricsFilter'), strategy);
    expect(best(s, one(small))).toBe('a');
    expect(best(s, { ...one(small), extraSpecs: { 'hw:numa_nodes': '1' } })).toBeNull();
    expect(best(s, { ...one(small), imageProperties: { hw_mem_page_size: 'large' } })).toBeNull();
  });

  describe('aggregate filters', () => {
    const aggregates: Record<string, AggregateMetadata[]> = {
      a: [{ max_instances_per_host: '1', max_io_ops_per_host: '0', instance_type: 'm1.big' }],
      b: [{ filter_tenant_id: 'p1,p2', ssd: 'true' }, { max_instances_per_host: '7' }],
      c: [],
    };
    const withAggregates = (request: SelectionRequest): SelectionRequest => ({
      ...request,
      aggregatesOf: (host) => aggregates[host] ?? [],
      aggregateKeys: new Set(Object.values(aggregates).flatMap((l) => l.flatMap(Object.keys))),
    });

    it('AggregateNumInstancesFilter and AggregateIoOpsFilter take the smallest aggregate value', () => {
      const num = three(only('AggregateNumInstancesFilter'), strategy);
      num.claim('vm-1', 'a', small);
      expect(best(num, withAggregates(one(small)))).toBe('b');
      const io = three(only('AggregateIoOpsFilter'), strategy);
      expect(best(io, withAggregates(one(small)))).toBe('b');
    });

    it('AggregateTypeAffinityFilter keeps other flavors off typed aggregates', () => {
      const s = three(only('AggregateTypeAffinityFilter'), strategy);
      expect(best(s, withAggregates({ ...one(small), flavorName: 'm1.tiny' }))).toBe('b');
      expect(best(s, withAggregates({ ...one(small), flavorName: 'm1.big' }))).toBe('a');
    });

    it('AggregateMultiTenancyIsolation and AggregateInstanceExtraSpecsFilter', () => {
      const tenancy = three(only('AggregateMultiTenancyIsolation'), strategy);
      const stranger = withAggregates({ ...one(small), projectId: 'p9' });
      const shut = three(only('AggregateMultiTenancyIsolation'), strategy);
      shut.setEnabled('a', false);
      expect(best(shut, stranger)).toBe('c');
      expect(best(tenancy, withAggregates({ ...one(small), projectId: 'p2' }))).toBe('a');
      const specs = three(only('AggregateInstanceExtraSpecsFilter'), strategy);
      expect(best(specs, withAggregates({ ...one(small), extraSpecs: { ssd: 'true' } }))).toBe('b');
      expect(
        best(specs, withAggregates({ ...one(small), extraSpecs: { ssd: '<or> no <or> true' } })),
      ).toBe('b');
    });

    it('AggregateImagePropertiesIsolation honours the namespace option', () => {
      const agg: Record<string, AggregateMetadata[]> = {
        a: [{ 'os.distro': 'ubuntu' }],
        b: [],
        c: [],
      };
      const request = {
        ...one(small),
        imageProperties: { 'os.distro': 'fedora' },
        aggregatesOf: (host: string) => agg[host] ?? [],
        aggregateKeys: new Set(['os.distro']),
      };
      expect(best(three(only('AggregateImagePropertiesIsolation'), strategy), request)).toBe('b');
      const other = three(
        {
          enabledFilters: ['AggregateImagePropertiesIsolation'],
          aggregateImagePropertiesIsolationNamespace: 'hw',
        },
        strategy,
      );
      expect(best(other, request)).toBe('a');
    });
  });
});

describe('regressions', () => {
  it('without ComputeFilter a forced-down host is a candidate on the indexed path too', () => {
    for (const strategy of ['indexed', 'scan'] as const) {
      const s = createScheduler({ strategy, filters: { enabledFilters: [] } });
      s.addHost({ name: 'a', memoryMb: 2048 }, 0);
      s.addHost({ name: 'b', memoryMb: 2048 }, 0);
      s.setForcedDown('a', true);
      expect(s.select({ resources: small, count: 2 }, 0)).toMatchObject({ ok: true });
    }
  });
});
