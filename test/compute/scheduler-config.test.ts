import { describe, expect, it } from 'vitest';
import { type Cloud, createCloud } from '../../src/cloud.js';
import type { CloudConfigInput } from '../../src/config.js';
import { call } from '../api/catalog/helpers.js';
import { IMAGE } from '../api/extras/helpers.js';
import { build, engine, settle } from '../support/engine.js';

// The scheduler's nova.conf options as a cloud runs them: enabled_filters (with the
// deprecated hintFilters / aggregateFilters added to it), per-aggregate weight
// multipliers, host_subset_size, and consecutive_build_service_disable_threshold.

function bootOn(cloud: Cloud, body: Record<string, unknown> = {}): Record<string, string> {
  const res = call(cloud, 'POST', 'servers', {
    body: { server: { name: 's', imageRef: IMAGE, flavorRef: '1' }, ...body },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  cloud.clock.advance(60_000);
  const id = (res.body as { server: { id: string } }).server.id;
  return (
    call(cloud, 'GET', `servers/${id}`, { admin: true }).body as {
      server: Record<string, string>;
    }
  ).server;
}

const ARM_IMAGE = {
  id: IMAGE,
  name: 'arm',
  status: 'active' as const,
  visibility: 'public' as const,
  minDisk: 0,
  minRam: 0,
  size: 1024,
  properties: { hw_architecture: 'aarch64' },
  ownerProjectId: null,
};

function cloudWith(config: CloudConfigInput, seed = 3): Cloud {
  return createCloud({
    seed,
    hosts: [
      { name: 'big', memoryMb: 65536 },
      { name: 'mid', memoryMb: 32768 },
      { name: 'small', memoryMb: 16384 },
    ],
    config,
  });
}

function aggregateOn(cloud: Cloud, host: string, metadata: Record<string, string>): void {
  const res = call(cloud, 'POST', 'os-aggregates', {
    admin: true,
    body: { aggregate: { name: `agg-${host}` } },
  });
  const id = (res.body as { aggregate: { id: number } }).aggregate.id;
  call(cloud, 'POST', `os-aggregates/${id}/action`, { admin: true, body: { add_host: { host } } });
  call(cloud, 'POST', `os-aggregates/${id}/action`, {
    admin: true,
    body: { set_metadata: { metadata } },
  });
}

describe('config.enabledFilters', () => {
  it('refuses a filter nova-scheduler does not know (AvailabilityZoneFilter left master)', () => {
    expect(() =>
      createCloud({ config: { enabledFilters: ['AvailabilityZoneFilter' as 'ComputeFilter'] } }),
    ).toThrow(/enabledFilters\[0\]/);
  });

  it('turns same_host on when listed; the deprecated hintFilters adds to the list', () => {
    for (const config of [
      { enabledFilters: ['ComputeFilter' as const, 'SameHostFilter' as const] },
      { hintFilters: ['SameHostFilter' as const] },
    ]) {
      const cloud = cloudWith(config);
      const first = bootOn(cloud);
      const second = bootOn(cloud, { 'os:scheduler_hints': { same_host: first.id } });
      expect(second['OS-EXT-SRV-ATTR:host']).toBe(first['OS-EXT-SRV-ATTR:host']);
    }
    // Three equal hosts: spreading puts the second server elsewhere when the hint is ignored.
    const off = createCloud({ seed: 3, hosts: { count: 3 } });
    const first = bootOn(off);
    const second = bootOn(off, { 'os:scheduler_hints': { same_host: first.id } });
    expect(second['OS-EXT-SRV-ATTR:host']).not.toBe(first['OS-EXT-SRV-ATTR:host']);
  });

  it('feeds the filters the flavor, the project and the hints (NumInstancesFilter, JsonFilter)', () => {
    const num = cloudWith({ enabledFilters: ['NumInstancesFilter'], maxInstancesPerHost: 1 });
    const hosts = [bootOn(num), bootOn(num), bootOn(num)].map((s) => s['OS-EXT-SRV-ATTR:host']);
    expect(hosts).toEqual(['big', 'mid', 'small']);
    expect(bootOn(num).status).toBe('ERROR');
    const json = cloudWith({ enabledFilters: ['JsonFilter'] });
    const picked = bootOn(json, {
      'os:scheduler_hints': { query: '["<", "$free_ram_mb", 20000]' },
    });
    expect(picked['OS-EXT-SRV-ATTR:host']).toBe('small');
  });

  it("ImagePropertiesFilter (a default) reads the image's properties", () => {
    const cloud = createCloud({
      hosts: { count: 2 },
      catalog: {
        images: [ARM_IMAGE] as never,
      },
    });
    const server = bootOn(cloud);
    expect(server.status).toBe('ERROR');
    const ok = createCloud({
      hosts: { count: 2 },
      config: { enabledFilters: ['ComputeFilter'] },
      catalog: {
        images: [ARM_IMAGE] as never,
      },
    });
    expect(bootOn(ok).status).toBe('ACTIVE');
  });
});

describe('per-aggregate weight multipliers', () => {
  it("an aggregate's ram_weight_multiplier turns its host around", () => {
    const plain = cloudWith({});
    expect(bootOn(plain)['OS-EXT-SRV-ATTR:host']).toBe('big');
    const cloud = cloudWith({});
    aggregateOn(cloud, 'big', { ram_weight_multiplier: '-1.0' });
    expect(bootOn(cloud)['OS-EXT-SRV-ATTR:host']).toBe('mid');
  });
});

describe('host_subset_size', () => {
  it('draws among the N best from the seeded PRNG: same seed, same host', () => {
    const placed = (seed: number) =>
      bootOn(cloudWith({ hostSubsetSize: 3 }, seed))['OS-EXT-SRV-ATTR:host'];
    const hosts = new Set<string | undefined>();
    for (let seed = 0; seed < 12; seed++) {
      const host = placed(seed);
      expect(placed(seed)).toBe(host);
      hosts.add(host);
    }
    expect(hosts.size).toBeGreaterThan(1);
  });

  it('refuses a size below 1', () => {
    expect(() => createCloud({ config: { hostSubsetSize: 0 } })).toThrow(/hostSubsetSize/);
  });
});

describe('consecutive_build_service_disable_threshold', () => {
  it('0 stops counting failed builds; nothing disables the service', () => {
    for (const [threshold, counted] of [
      [0, 0],
      [10, 1],
      [1, 1],
    ] as const) {
      const cloud = engine({
        hosts: { count: 2 },
        config: { consecutiveBuildServiceDisableThreshold: threshold },
      });
      cloud.addFault({ kind: 'build-failure', count: 1 });
      const failedOn: string[] = [];
      cloud.events.on('server.step', (e) => {
        if (e.taskState === 'spawning' && e.host) failedOn.push(e.host);
      });
      const [server] = build(cloud);
      settle(cloud, server!);
      const failed = failedOn[0]!;
      expect(cloud.scheduler.failedBuilds(failed)).toBe(counted);
      expect(cloud.scheduler.getHost(failed)!.enabled).toBe(true);
    }
  });
});

describe('snapshots keep the scheduler options', () => {
  it('a restored cloud places the next server where the original does', () => {
    const config: CloudConfigInput = {
      enabledFilters: ['ComputeFilter', 'NumInstancesFilter'],
      maxInstancesPerHost: 2,
      hostSubsetSize: 2,
      consecutiveBuildServiceDisableThreshold: 0,
    };
    const cloud = cloudWith(config, 11);
    bootOn(cloud);
    bootOn(cloud);
    const copy = createCloud({ restore: JSON.parse(JSON.stringify(cloud.snapshot())) });
    expect(copy.config).toEqual(cloud.config);
    const next = [bootOn(cloud), bootOn(cloud), bootOn(cloud)].map(
      (s) => s['OS-EXT-SRV-ATTR:host'],
    );
    const again = [bootOn(copy), bootOn(copy), bootOn(copy)].map((s) => s['OS-EXT-SRV-ATTR:host']);
    expect(again).toEqual(next);
  });
});
