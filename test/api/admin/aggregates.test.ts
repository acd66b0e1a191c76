import { describe, expect, it } from 'vitest';
import { type Cloud, createCloud } from '../../../src/cloud.js';
import { call, expectFault, folderVersion, policy, sample } from '../catalog/helpers.js';
import { expectShape } from './helpers.js';

const IMAGE = '70a599e0-31e7-49b7-b260-868f441e862b';

function cloudWithHosts(): Cloud {
  return createCloud({ seed: 1, hosts: [{ name: 'compute' }, { name: 'compute-2' }] });
}

type AggBody = { aggregate: { id: number; availability_zone: string | null; hosts?: string[] } };

function admin(cloud: Cloud, method: string, path: string, body?: unknown, version = '2.81') {
  return call(cloud, method, path, {
    admin: true,
    version,
    ...(body === undefined ? {} : { body }),
  });
}

function createAggregate(cloud: Cloud, name: string, zone?: string): number {
  const res = admin(cloud, 'POST', 'os-aggregates', {
    aggregate: { name, ...(zone ? { availability_zone: zone } : {}) },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return (res.body as AggBody).aggregate.id;
}

function boot(cloud: Cloud, zone?: string): { id: string; zone: string } {
  const res = call(cloud, 'POST', 'servers', {
    version: '2.1',
    body: {
      server: {
        name: 'vm',
        imageRef: IMAGE,
        flavorRef: '1',
        ...(zone ? { availability_zone: zone } : {}),
      },
    },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  const id = (res.body as { server: { id: string } }).server.id;
  cloud.clock.advance(120_000);
  const shown = call(cloud, 'GET', `servers/${id}`, { admin: true });
  const server = (shown.body as { server: Record<string, string> }).server;
  return { id, zone: server['OS-EXT-AZ:availability_zone']! };
}

describe("os-aggregates replays Nova's api_samples", () => {
  for (const folder of ['', 'v2.41', 'v2.81']) {
    const version = folderVersion(folder);
    const s = (file: string) => sample('os-aggregates', folder, file);
    it(`${folder || 'v2.1'}: create, show, list, update, hosts, metadata, delete`, () => {
      const host = (s('aggregate-add-host-post-req.json').add_host as { host: string }).host;
      const other = (s('aggregate-remove-host-post-req.json').remove_host as { host: string }).host;
      const names = [...new Set([host, other])];
      const cloud = createCloud({ seed: 1, hosts: names.map((name) => ({ name })) });
      const created = admin(cloud, 'POST', 'os-aggregates', s('aggregate-post-req.json'), version);
      expectShape(created, 200, s('aggregate-post-resp.json'));
      const id = (created.body as AggBody).aggregate.id;
      expectShape(
        admin(cloud, 'GET', `os-aggregates/${id}`, undefined, version),
        200,
        s('aggregates-get-resp.json'),
      );
      expectShape(
        admin(cloud, 'GET', 'os-aggregates', undefined, version),
        200,
        s('aggregates-list-get-resp.json'),
      );
      const added = admin(
        cloud,
        'POST',
        `os-aggregates/${id}/action`,
        s('aggregate-add-host-post-req.json'),
        version,
      );
      expectShape(added, 200, s('aggregates-add-host-post-resp.json'));
      // The base folder's samples name a different host to remove: it joins first.
      if (other !== host)
        admin(cloud, 'POST', `os-aggregates/${id}/action`, { add_host: { host: other } });
      const removed = admin(
        cloud,
        'POST',
        `os-aggregates/${id}/action`,
        s('aggregate-remove-host-post-req.json'),
        version,
      );
      expectShape(removed, 200, s('aggregates-remove-host-post-resp.json'));
      const meta = admin(
        cloud,
        'POST',
        `os-aggregates/${id}/action`,
        s('aggregate-metadata-post-req.json'),
        version,
      );
      expectShape(meta, 200, s('aggregates-metadata-post-resp.json'));
      const updated = admin(
        cloud,
        'PUT',
        `os-aggregates/${id}`,
        s('aggregate-update-post-req.json'),
        version,
      );
      expectShape(updated, 200, s('aggregate-update-post-resp.json'));
      if (folder === 'v2.81') {
        const images = admin(
          cloud,
          'POST',
          `os-aggregates/${id}/images`,
          s('aggregate-images-post-req.json'),
          version,
        );
        expect(images.status).toBe(202);
        expect(images.body).toBeNull();
      }
      if (other !== host)
        admin(cloud, 'POST', `os-aggregates/${id}/action`, { remove_host: { host } });
      const deleted = admin(cloud, 'DELETE', `os-aggregates/${id}`, undefined, version);
      expect(deleted.status).toBe(200);
      expect(admin(cloud, 'GET', `os-aggregates/${id}`).status).toBe(404);
    });
  }

  it('uuid appears from 2.41 only', () => {
    const cloud = cloudWithHosts();
    const id = createAggregate(cloud, 'a');
    expect(admin(cloud, 'GET', `os-aggregates/${id}`, undefined, '2.40').body).not.toHaveProperty(
      'aggregate.uuid',
    );
    expect(admin(cloud, 'GET', `os-aggregates/${id}`, undefined, '2.41').body).toHaveProperty(
      'aggregate.uuid',
    );
  });
});

describe("os-aggregates answers Nova's errors", () => {
  it('is admin-only, after schema validation', () => {
    const cloud = cloudWithHosts();
    expectFault(
      call(cloud, 'POST', 'os-aggregates', { body: { aggregate: { name: 'x' } } }),
      403,
      policy('os_compute_api:os-aggregates:create'),
    );
    expect(call(cloud, 'POST', 'os-aggregates', { body: { aggregate: {} } }).status).toBe(400);
    expectFault(
      call(cloud, 'GET', 'os-aggregates'),
      403,
      policy('os_compute_api:os-aggregates:index'),
    );
  });

  it('duplicate names are 409; non-integer ids 400; unknown ids 404', () => {
    const cloud = cloudWithHosts();
    createAggregate(cloud, 'dup');
    expectFault(
      admin(cloud, 'POST', 'os-aggregates', { aggregate: { name: 'dup' } }),
      409,
      'Aggregate dup already exists.',
    );
    expectFault(
      admin(cloud, 'GET', 'os-aggregates/abc'),
      400,
      'Invalid input received: id must be an integer',
    );
    expectFault(admin(cloud, 'GET', 'os-aggregates/99'), 404, 'Aggregate 99 could not be found.');
    expect(
      admin(cloud, 'POST', 'os-aggregates', { aggregate: { name: 'z', availability_zone: 'a:b' } })
        .status,
    ).toBe(400);
  });

  it('hosts: unknown 404, twice 409, not empty on delete 400, remove unknown 404', () => {
    const cloud = cloudWithHosts();
    const id = createAggregate(cloud, 'hosts');
    expectFault(
      admin(cloud, 'POST', `os-aggregates/${id}/action`, { add_host: { host: 'nope' } }),
      404,
      'Compute host nope could not be found.',
    );
    expect(
      admin(cloud, 'POST', `os-aggregates/${id}/action`, { add_host: { host: 'compute' } }).status,
    ).toBe(200);
    expectFault(
      admin(cloud, 'POST', `os-aggregates/${id}/action`, { add_host: { host: 'compute' } }),
      409,
      `Aggregate ${id} already has host compute.`,
    );
    expectFault(
      admin(cloud, 'DELETE', `os-aggregates/${id}`),
      400,
      `Cannot remove host from aggregate ${id}. Reason: Host aggregate is not empty.`,
    );
    expectFault(
      admin(cloud, 'POST', `os-aggregates/${id}/action`, { remove_host: { host: 'compute-2' } }),
      404,
      `Cannot remove host compute-2 in aggregate ${id}`,
    );
    expectFault(
      admin(cloud, 'POST', `os-aggregates/${id}/action`, { frob: {} }),
      400,
      'There is no such action: frob',
    );
  });

  it('a host in one zone cannot join an aggregate of another zone (409), nor can set_metadata move it (400)', () => {
    const cloud = cloudWithHosts();
    const london = createAggregate(cloud, 'l', 'london');
    const paris = createAggregate(cloud, 'p', 'paris');
    admin(cloud, 'POST', `os-aggregates/${london}/action`, { add_host: { host: 'compute' } });
    expectFault(
      admin(cloud, 'POST', `os-aggregates/${paris}/action`, { add_host: { host: 'compute' } }),
      409,
      `Cannot add host to aggregate ${paris}. Reason: One or more hosts already in availability zone(s) ['london'].`,
    );
    const plain = createAggregate(cloud, 'plain');
    admin(cloud, 'POST', `os-aggregates/${plain}/action`, { add_host: { host: 'compute' } });
    expectFault(
      admin(cloud, 'POST', `os-aggregates/${plain}/action`, {
        set_metadata: { metadata: { availability_zone: 'rome' } },
      }),
      400,
      `Cannot update metadata of aggregate ${plain}. Reason: One or more hosts already in availability zone(s) ['london'].`,
    );
    expectFault(
      admin(cloud, 'PUT', `os-aggregates/${plain}`, { aggregate: { availability_zone: null } }),
      400,
      `Cannot update aggregate ${plain}. Reason: Aggregate plain does not support empty named availability zone.`,
    );
  });

  it('a host with servers cannot change zone', () => {
    const cloud = cloudWithHosts();
    const server = boot(cloud);
    const host = (
      admin(cloud, 'GET', `servers/${server.id}`).body as { server: Record<string, string> }
    ).server['OS-EXT-SRV-ATTR:host']!;
    const id = createAggregate(cloud, 'z', 'zone-z');
    expectFault(
      admin(cloud, 'POST', `os-aggregates/${id}/action`, { add_host: { host } }),
      409,
      `Cannot add host to aggregate ${id}. Reason: The host cannot be added to the aggregate as the availability zone of the host would change from 'None' to 'zone-z' but the host already has 1 instance(s). Changing the AZ of an existing instance is not supported by this action. Move the instances away from this host then try again. If you need to move the instances between AZs then you can use shelve_offload and unshelve to achieve this..`,
    );
  });

  it('image cache: 404 below 2.81, duplicates and unknown images 400', () => {
    const cloud = cloudWithHosts();
    const id = createAggregate(cloud, 'img');
    expect(
      admin(cloud, 'POST', `os-aggregates/${id}/images`, { cache: [{ id: IMAGE }] }, '2.80').status,
    ).toBe(404);
    expectFault(
      admin(cloud, 'POST', `os-aggregates/${id}/images`, { cache: [{ id: IMAGE }, { id: IMAGE }] }),
      400,
      'Duplicate images in request',
    );
    const unknown = '11111111-2222-3333-4444-555555555555';
    expectFault(
      admin(cloud, 'POST', `os-aggregates/${id}/images`, { cache: [{ id: unknown }] }),
      400,
      `Image ${unknown} could not be found.`,
    );
  });
});

describe('an aggregate zone moves its hosts', () => {
  it('listings, scheduling and OS-EXT-AZ follow; snapshots keep it', () => {
    const cloud = cloudWithHosts();
    const id = createAggregate(cloud, 'agg', 'london');
    admin(cloud, 'POST', `os-aggregates/${id}/action`, { add_host: { host: 'compute-2' } });
    const zones = call(cloud, 'GET', 'os-availability-zone').body as {
      availabilityZoneInfo: { zoneName: string }[];
    };
    expect(zones.availabilityZoneInfo.map((z) => z.zoneName).sort()).toEqual(['london', 'nova']);
    const booted = boot(cloud, 'london');
    expect(booted.zone).toBe('london');
    const host = (
      admin(cloud, 'GET', `servers/${booted.id}`).body as { server: Record<string, string> }
    ).server['OS-EXT-SRV-ATTR:host'];
    expect(host).toBe('compute-2');

    const restored = createCloud({ restore: cloud.snapshot() });
    expect(JSON.stringify(restored.snapshot())).toBe(JSON.stringify(cloud.snapshot()));
    expect(restored.scheduler.availabilityZoneOf('compute-2')).toBe('london');
    expect(restored.scheduler.availabilityZoneOf('compute')).toBe('nova');
  });

  it('leaving the aggregate puts the host back in its own zone', () => {
    const cloud = cloudWithHosts();
    const id = createAggregate(cloud, 'agg', 'london');
    admin(cloud, 'POST', `os-aggregates/${id}/action`, { add_host: { host: 'compute' } });
    expect(cloud.scheduler.availabilityZoneOf('compute')).toBe('london');
    admin(cloud, 'POST', `os-aggregates/${id}/action`, { remove_host: { host: 'compute' } });
    expect(cloud.scheduler.availabilityZoneOf('compute')).toBe('nova');
  });
});

describe('deleting a compute service', () => {
  it('takes its host out of every aggregate, as Nova does', () => {
    const cloud = cloudWithHosts();
    const id = createAggregate(cloud, 'gone');
    admin(cloud, 'POST', `os-aggregates/${id}/action`, { add_host: { host: 'compute-2' } });
    const services = admin(
      cloud,
      'GET',
      'os-services?binary=nova-compute&host=compute-2',
      undefined,
      '2.53',
    ).body as { services: { id: string }[] };
    const res = admin(
      cloud,
      'DELETE',
      `os-services/${services.services[0]!.id}`,
      undefined,
      '2.53',
    );
    expect(res.status, JSON.stringify(res.body)).toBe(204);
    const agg = admin(cloud, 'GET', `os-aggregates/${id}`).body as AggBody;
    expect(agg.aggregate.hosts).toEqual([]);
  });
});
