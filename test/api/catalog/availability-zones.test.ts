import { describe, expect, it } from 'vitest';
import { type Cloud, createCloud } from '../../../src/cloud.js';
import { call, expectFault, expectSample, policy, sample } from './helpers.js';

function fixture(): Cloud {
  return createCloud({
    seed: 1,
    hosts: [{ name: 'host1' }, { name: 'host2', availabilityZone: 'az2' }],
  });
}

describe("os-availability-zone replays Nova's api_samples", () => {
  it('lists zones and details them for admins', () => {
    const cloud = createCloud({ seed: 1, hosts: [{ name: 'compute' }] });
    expectSample(
      call(cloud, 'GET', 'os-availability-zone'),
      200,
      sample('os-availability-zone', '', 'availability-zone-list-resp.json'),
    );
    expectSample(
      call(cloud, 'GET', 'os-availability-zone/detail', { admin: true }),
      200,
      sample('os-availability-zone', '', 'availability-zone-detail-resp.json'),
    );
  });
});

describe('os-availability-zone behaviour', () => {
  type Zones = {
    availabilityZoneInfo: { zoneName: string; zoneState: { available: boolean }; hosts: unknown }[];
  };
  const zones = (cloud: Cloud, path = 'os-availability-zone', isAdmin = false) =>
    (call(cloud, 'GET', path, { admin: isAdmin }).body as Zones).availabilityZoneInfo;

  it('marks a zone unavailable when all its computes are disabled (down ones still count)', () => {
    const cloud = fixture();
    expect(zones(cloud).map((z) => [z.zoneName, z.zoneState.available])).toEqual([
      ['nova', true],
      ['az2', true],
    ]);
    cloud.hosts.down('host1');
    cloud.clock.advance(120_000);
    cloud.hosts.disable('host2');
    expect(zones(cloud).map((z) => [z.zoneName, z.zoneState.available])).toEqual([
      ['nova', true],
      ['az2', false],
    ]);
    const detail = zones(cloud, 'os-availability-zone/detail', true);
    expect(detail.map((z) => z.zoneName)).toEqual(['internal', 'nova', 'az2']);
    expect(detail[1]!.hosts).toEqual({
      host1: { 'nova-compute': { available: false, active: true, updated_at: expect.any(String) } },
    });
    expect(detail[2]!.hosts).toBeNull();
  });

  it('keeps the detail for admins', () => {
    expectFault(
      call(fixture(), 'GET', 'os-availability-zone/detail'),
      403,
      policy('os_compute_api:os-availability-zone:detail'),
    );
  });
});
