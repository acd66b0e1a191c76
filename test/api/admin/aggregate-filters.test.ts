import { describe, expect, it } from 'vitest';
import { type Cloud, createCloud } from '../../../src/cloud.js';
import type { AggregateFilterName } from '../../../src/scheduler/aggregate-filters.js';
import { call, PROJECT } from '../catalog/helpers.js';

const IMAGE = '70a599e0-31e7-49b7-b260-868f441e862b';

function cloudWith(filters: AggregateFilterName[]): Cloud {
  return createCloud({
    seed: 6,
    // `big` wins the weigher unless a filter takes it out.
    hosts: [
      { name: 'big', memoryMb: 65536 },
      { name: 'small', memoryMb: 16384 },
    ],
    config: { aggregateFilters: filters },
  });
}

function aggregateOn(cloud: Cloud, host: string, metadata: Record<string, string>): void {
  const res = call(cloud, 'POST', 'os-aggregates', {
    admin: true,
    body: { aggregate: { name: host } },
  });
  const id = (res.body as { aggregate: { id: number } }).aggregate.id;
  call(cloud, 'POST', `os-aggregates/${id}/action`, { admin: true, body: { add_host: { host } } });
  call(cloud, 'POST', `os-aggregates/${id}/action`, {
    admin: true,
    body: { set_metadata: { metadata } },
  });
}

function bootHost(cloud: Cloud, flavorRef = '1', projectId = PROJECT): string {
  const res = call(cloud, 'POST', 'servers', {
    projectId,
    body: { server: { name: 'f', imageRef: IMAGE, flavorRef } },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  const id = (res.body as { server: { id: string } }).server.id;
  cloud.clock.advance(120_000);
  const shown = call(cloud, 'GET', `servers/${id}`, { admin: true }).body as {
    server: Record<string, string>;
  };
  return shown.server['OS-EXT-SRV-ATTR:host']!;
}

describe('aggregate isolation filters (when enabled in config)', () => {
  it('AggregateMultiTenancyIsolation keeps other projects off a tenant’s hosts', () => {
    const off = cloudWith([]);
    aggregateOn(off, 'big', { filter_tenant_id: 'someone-else' });
    expect(bootHost(off)).toBe('big');
    const on = cloudWith(['AggregateMultiTenancyIsolation']);
    aggregateOn(on, 'big', { filter_tenant_id: 'someone-else' });
    expect(bootHost(on)).toBe('small');
    aggregateOn(on, 'small', { filter_tenant_id: `x,${PROJECT}` });
    expect(bootHost(on)).toBe('small');
  });

  it('AggregateInstanceExtraSpecsFilter matches flavor extra specs to aggregate metadata', () => {
    const cloud = cloudWith(['AggregateInstanceExtraSpecsFilter']);
    aggregateOn(cloud, 'small', { ssd: 'true' });
    call(cloud, 'POST', 'flavors/2/os-extra_specs', {
      admin: true,
      body: { extra_specs: { 'aggregate_instance_extra_specs:ssd': 'true' } },
    });
    expect(bootHost(cloud, '2')).toBe('small');
    // A flavor without such specs may go anywhere.
    expect(bootHost(cloud, '1')).toBe('big');
  });

  it('AggregateImagePropertiesIsolation refuses hosts whose metadata disagrees with the image', () => {
    const cloud = cloudWith(['AggregateImagePropertiesIsolation']);
    aggregateOn(cloud, 'big', { architecture: 'aarch64' });
    expect(bootHost(cloud)).toBe('small');
  });

  it('config rejects an unknown filter name', () => {
    expect(() =>
      createCloud({ config: { aggregateFilters: ['Nope' as AggregateFilterName] } }),
    ).toThrow(/^createCloud: config\.aggregateFilters\[0\]/);
  });
});
