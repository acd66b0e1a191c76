import { describe, expect, it } from 'vitest';
import { type Cloud, createCloud } from '../../src/cloud.js';
import { bootVolumeBacked, call, IMAGE } from '../api/extras/helpers.js';

// Master's ResourceRequest.from_request_spec (nova/scheduler/utils.py) asks Placement for
// DISK_GB = ephemeral + swap (GiB, rounded up) + root_gb, the root left out when the
// request spec is_bfv; the resource tracker's local_gb_used drops the root the same way.
// os-simple-tenant-usage reads the flavor (root_gb + ephemeral_gb) whatever the boot.

/** root 20 GB, ephemeral 2 GB, swap 1536 MB: a volume-backed server asks 2 + 2 = 4 GB. */
const BIG = {
  name: 'big',
  ram: 512,
  vcpus: 1,
  disk: 20,
  id: 'big',
  'OS-FLV-EXT-DATA:ephemeral': 2,
  swap: 1536,
};
const BIGGER = { ...BIG, name: 'bigger', id: 'bigger', disk: 40, 'OS-FLV-EXT-DATA:ephemeral': 3 };

function cloudWith(hosts: { count: number; diskGb: number }): Cloud {
  const cloud = createCloud({
    seed: 5,
    hosts,
    config: { jitter: 0, allowResizeToSameHost: true },
  });
  for (const flavor of [BIG, BIGGER]) {
    const res = call(cloud, 'POST', 'flavors', { admin: true, body: { flavor } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  }
  return cloud;
}

function bootFromImage(cloud: Cloud, flavorRef = 'big'): string {
  const res = call(cloud, 'POST', 'servers', {
    version: '2.37',
    body: { server: { name: 'img', flavorRef, imageRef: IMAGE, networks: 'none' } },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  cloud.clock.advance(60_000);
  return (res.body as { server: { id: string } }).server.id;
}

function status(cloud: Cloud, id: string): string {
  return (call(cloud, 'GET', `servers/${id}`).body as { server: { status: string } }).server.status;
}

function localGbUsed(cloud: Cloud): number[] {
  const res = call(cloud, 'GET', 'os-hypervisors/detail', { admin: true });
  return (res.body as { hypervisors: { local_gb_used: number }[] }).hypervisors.map(
    (h) => h.local_gb_used,
  );
}

describe('a volume-backed server asks no DISK_GB for its root', () => {
  it('claims ephemeral + swap only, in Placement and in local_gb_used', () => {
    const cloud = cloudWith({ count: 1, diskGb: 100 });
    const id = bootVolumeBacked(cloud);
    expect(status(cloud, id)).toBe('ACTIVE');
    const host = cloud.compute.get(id)!.host!;
    expect(cloud.scheduler.usage(host).diskGb).toBe(4);
    expect(localGbUsed(cloud)).toEqual([4]);
    bootFromImage(cloud);
    expect(localGbUsed(cloud)).toEqual([4 + 24]);
  });

  it('an image given with a root volume mapping: still volume-backed (its root BDM decides)', () => {
    const cloud = cloudWith({ count: 1, diskGb: 100 });
    const id = bootVolumeBacked(cloud, 'big', IMAGE);
    expect(status(cloud, id)).toBe('ACTIVE');
    expect(localGbUsed(cloud)).toEqual([4]);
  });

  it('fits a host whose disk is smaller than the root the flavor names', () => {
    const cloud = cloudWith({ count: 1, diskGb: 10 });
    const fromImage = bootFromImage(cloud);
    expect(status(cloud, fromImage)).toBe('ERROR');
    const fromVolume = bootVolumeBacked(cloud);
    expect(status(cloud, fromVolume)).toBe('ACTIVE');
  });

  it('a resize claims the new flavor without its root, and keeps it once confirmed', () => {
    const cloud = cloudWith({ count: 1, diskGb: 30 });
    const id = bootVolumeBacked(cloud);
    const host = cloud.compute.get(id)!.host!;
    const resized = call(cloud, 'POST', `servers/${id}/action`, {
      body: { resize: { flavorRef: 'bigger' } },
    });
    expect(resized.status, JSON.stringify(resized.body)).toBe(202);
    cloud.clock.advance(60_000);
    expect(status(cloud, id)).toBe('VERIFY_RESIZE');
    // Both sides on the one host: the old flavor's 4 GB and the new one's 3 + 2.
    expect(cloud.scheduler.usage(host).diskGb).toBe(4 + 5);
    expect(
      call(cloud, 'POST', `servers/${id}/action`, { body: { confirmResize: null } }).status,
    ).toBe(204);
    cloud.clock.advance(60_000);
    expect(cloud.scheduler.usage(host).diskGb).toBe(5);
  });

  it('a resize of a volume-backed server: a zero-disk flavor allowed, the NUMA checks still run', () => {
    const cloud = cloudWith({ count: 1, diskGb: 100 });
    for (const [id, disk, specs] of [
      ['zero', 0, {}],
      ['pinned', 1, { 'hw:cpu_policy': 'dedicated', 'resources:PCPU': '1' }],
    ] as const) {
      const made = call(cloud, 'POST', 'flavors', {
        admin: true,
        body: { flavor: { name: id, ram: 512, vcpus: 1, disk, id } },
      });
      expect(made.status).toBe(200);
      if (Object.keys(specs).length === 0) continue;
      const set = call(cloud, 'POST', `flavors/${id}/os-extra_specs`, {
        admin: true,
        body: { extra_specs: specs },
      });
      expect(set.status).toBe(200);
    }
    const id = bootVolumeBacked(cloud, 'big', IMAGE);
    const resize = (flavorRef: string) =>
      call(cloud, 'POST', `servers/${id}/action`, { body: { resize: { flavorRef } } });
    const pinned = resize('pinned');
    expect(pinned.status).toBe(400);
    expect(JSON.stringify(pinned.body)).toContain("in combination with the 'hw:cpu_policy'");
    const zero = resize('zero');
    expect(zero.status, JSON.stringify(zero.body)).toBe(202);
  });

  it('a restored cloud holds the same usage and goes on claiming alike', () => {
    const cloud = cloudWith({ count: 1, diskGb: 100 });
    bootVolumeBacked(cloud);
    const restored = createCloud({ restore: JSON.parse(JSON.stringify(cloud.snapshot())) });
    expect(localGbUsed(restored)).toEqual(localGbUsed(cloud));
    bootVolumeBacked(restored);
    bootVolumeBacked(cloud);
    expect(localGbUsed(restored)).toEqual([8]);
    expect(localGbUsed(cloud)).toEqual([8]);
  });

  it('os-simple-tenant-usage still counts the flavor root + ephemeral', () => {
    const cloud = cloudWith({ count: 1, diskGb: 100 });
    const id = bootVolumeBacked(cloud);
    const res = call(cloud, 'GET', `os-simple-tenant-usage/${cloud.compute.get(id)!.projectId}`, {
      admin: true,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const usages = (res.body as { tenant_usage: { server_usages: { local_gb: number }[] } })
      .tenant_usage.server_usages;
    expect(usages.map((u) => u.local_gb)).toEqual([22]);
  });
});
