import { describe, expect, it } from 'vitest';
import { placementZone } from '../../../src/cloud/placement-zone.js';
import { type Cloud, createCloud } from '../../../src/cloud.js';
import type { HostSpec } from '../../../src/scheduler/index.js';
import { call, IMAGE } from '../extras/helpers.js';

// Master's request filter `map_az_to_placement_aggregate` (nova/scheduler/request_filter.py)
// limits Placement to the aggregates whose `availability_zone` is the requested zone, and
// limits nothing when no aggregate carries it. Since 28.0.0 it always runs and there is no
// AvailabilityZoneFilter behind it, so a server asked into the default zone `nova` (the
// zone of hosts in no aggregate) may land in any zone.

type Json = Record<string, unknown>;

function cloudOf(hosts: HostSpec[]): Cloud {
  return createCloud({ seed: 5, config: { jitter: 0 }, hosts });
}

function admin(cloud: Cloud, method: string, path: string, body?: unknown) {
  return call(cloud, method, path, {
    admin: true,
    version: '2.90',
    ...(body === undefined ? {} : { body }),
  });
}

/** Boots an m1.tiny (512 MB) as admin in `zone`, then shows it after a minute. */
function boot(cloud: Cloud, zone: string): Json {
  const res = call(cloud, 'POST', 'servers', {
    admin: true,
    body: { server: { name: 'x', imageRef: IMAGE, flavorRef: '1', availability_zone: zone } },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  const id = (res.body as { server: { id: string } }).server.id;
  cloud.clock.advance(60_000);
  return (admin(cloud, 'GET', `servers/${id}`).body as { server: Json }).server;
}

/** An aggregate with `zone` as its availability zone and `hosts` in it. */
function zoneAggregate(cloud: Cloud, name: string, zone: string, hosts: string[]): void {
  const res = admin(cloud, 'POST', 'os-aggregates', {
    aggregate: { name, availability_zone: zone },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  const id = (res.body as { aggregate: { id: number } }).aggregate.id;
  for (const host of hosts) {
    const added = admin(cloud, 'POST', `os-aggregates/${id}/action`, { add_host: { host } });
    expect(added.status, JSON.stringify(added.body)).toBe(200);
  }
}

// nova-1 is too small for an m1.tiny: only az1-1 can take one.
const SMALL_DEFAULT: HostSpec[] = [
  { name: 'nova-1', memoryMb: 256 },
  { name: 'az1-1', availabilityZone: 'az1' },
];

describe('the default zone, carried by no aggregate', () => {
  it('restricts nothing: a server asked into `nova` lands in az1 and shows az1', () => {
    const server = boot(cloudOf(SMALL_DEFAULT), 'nova');
    expect(server.status).toBe('ACTIVE');
    expect(server['OS-EXT-SRV-ATTR:host']).toBe('az1-1');
    expect(server['OS-EXT-AZ:availability_zone']).toBe('az1');
  });

  it('binds no cold migration either: the server may leave for az1', () => {
    const cloud = cloudOf([
      { name: 'nova-1' },
      { name: 'az1-1', availabilityZone: 'az1', memoryMb: 2048 },
    ]);
    const server = boot(cloud, 'nova');
    expect(server['OS-EXT-SRV-ATTR:host']).toBe('nova-1');
    const res = admin(cloud, 'POST', `servers/${String(server.id)}/action`, { migrate: null });
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    cloud.clock.advance(300_000);
    const moved = (admin(cloud, 'GET', `servers/${String(server.id)}`).body as { server: Json })
      .server;
    expect(moved.status).toBe('VERIFY_RESIZE');
    expect(moved['OS-EXT-SRV-ATTR:host']).toBe('az1-1');
  });
});

describe('a zone some aggregate carries', () => {
  it('a spec zone still restricts: a server asked into az1 never lands in nova', () => {
    const cloud = cloudOf([
      { name: 'nova-1' },
      { name: 'az1-1', availabilityZone: 'az1', memoryMb: 256 },
    ]);
    const server = boot(cloud, 'az1');
    expect(server.status).toBe('ERROR');
    expect((server.fault as Json).message).toBe('No valid host was found. ');
  });

  it('an aggregate that names `nova` limits Placement to its own hosts, not the unaggregated', () => {
    const cloud = cloudOf([{ name: 'nova-1', memoryMb: 256 }, { name: 'nova-2' }]);
    zoneAggregate(cloud, 'named-default', 'nova', ['nova-1']);
    const server = boot(cloud, 'nova');
    expect(server.status).toBe('ERROR');
    expect((server.fault as Json).message).toBe('No valid host was found. ');
  });

  it('an aggregate that names `nova` still admits its own hosts', () => {
    const cloud = cloudOf([{ name: 'nova-1' }, { name: 'nova-2', memoryMb: 256 }]);
    zoneAggregate(cloud, 'named-default', 'nova', ['nova-1']);
    expect(boot(cloud, 'nova')['OS-EXT-SRV-ATTR:host']).toBe('nova-1');
  });

  it('`zone:` naming an aggregate with no host: Placement has no candidate', () => {
    const cloud = cloudOf([{ name: 'nova-1' }]);
    zoneAggregate(cloud, 'ghost', 'ghost', []);
    const server = boot(cloud, 'ghost:');
    expect(server.status).toBe('ERROR');
    expect((server.fault as Json).message).toBe('No valid host was found. ');
  });
});

describe('placementZone', () => {
  it('maps each case as the request filter does', () => {
    const cloud = cloudOf([{ name: 'nova-1' }, { name: 'az1-1', availabilityZone: 'az1' }]);
    const of = (zone: string) => placementZone(cloud.catalog.aggregates, cloud.scheduler, zone);
    expect(of('nova')).toBeNull();
    expect(of('az1')).toEqual({ zone: 'az1' });
    expect(of('nowhere')).toBeNull();
    cloud.scheduler.setEnabled('az1-1', false, 'off');
    expect(of('az1')).toEqual({ zone: 'az1' });
    zoneAggregate(cloud, 'named-default', 'nova', ['nova-1']);
    expect(of('nova')).toEqual({ zone: 'nova', memberOf: ['nova-1'] });
  });
});
