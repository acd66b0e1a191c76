import { describe, expect, it } from 'vitest';
import type { Cloud } from '../../../src/cloud.js';
import { call, messageOf, newCloud, PROJECT } from '../extras/helpers.js';
import { catalogImage } from './helpers.js';

// Where several checks fail at once, the answer is the error Nova master's code raises
// first (nova/api/openstack/compute/{servers,shelve,evacuate,migrate_server}.py and
// nova/compute/api.py). Each case makes two checks fail and names them: first, then second.

const PICKY = 'c0c0c0c0-0000-4000-8000-000000000001';
const NO_AUTO = 'c0c0c0c0-0000-4000-8000-000000000002';

function cloudWithImages(): Cloud {
  return newCloud({
    catalog: {
      images: [
        catalogImage(PICKY),
        catalogImage(NO_AUTO, { properties: { auto_disk_config: 'Disabled' } }),
      ] as never,
    },
    hosts: [
      { name: 'east-1', availabilityZone: 'east' },
      { name: 'west-1', availabilityZone: 'west' },
    ],
  });
}

function bootOn(cloud: Cloud, imageRef: string, flavorRef = '3'): string {
  const res = call(cloud, 'POST', 'servers', {
    body: { server: { name: 's', imageRef, flavorRef } },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  cloud.clock.advance(60_000);
  return (res.body as { server: { id: string } }).server.id;
}

function act(cloud: Cloud, id: string, body: unknown, version = '2.1', admin = false) {
  return call(cloud, 'POST', `servers/${id}/action`, { body, version, admin });
}

/** Glance's PATCH of one image property, as an admin. */
function setImage(cloud: Cloud, id: string, path: string, value: unknown) {
  const res = cloud.request({
    service: 'image',
    method: 'PATCH',
    path: `/v2/images/${id}`,
    headers: { 'content-type': 'application/openstack-images-v2.1-json-patch' },
    body: [{ op: 'replace', path, value }],
    auth: { projectId: PROJECT, userId: 'admin', roles: ['admin'] },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}

function expectFault(res: { status: number; body: unknown }, status: number, message: string) {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(messageOf(res.body)).toBe(message);
}

describe('resize', () => {
  it('quota (403) before the image checks (400)', () => {
    const cloud = cloudWithImages();
    const id = bootOn(cloud, PICKY);
    const flavor = call(cloud, 'POST', 'flavors', {
      body: { flavor: { name: 'wide', ram: 256, vcpus: 30, disk: 40, id: 'wide' } },
      admin: true,
    });
    expect(flavor.status).toBe(200);
    setImage(cloud, PICKY, '/min_ram', 1024);
    expectFault(
      act(cloud, id, { resize: { flavorRef: 'wide' } }),
      403,
      'Quota exceeded for cores: Requested 28, but already used 2 of 20 cores',
    );
  });

  it('the same flavor (400) before the image checks', () => {
    const cloud = cloudWithImages();
    const id = bootOn(cloud, PICKY);
    setImage(cloud, PICKY, '/min_ram', 8192);
    expectFault(
      act(cloud, id, { resize: { flavorRef: '3' } }),
      400,
      'When resizing, instances must change flavor!',
    );
  });

  it("the image's disabled auto disk config before the flavor lookup", () => {
    const cloud = cloudWithImages();
    const id = bootOn(cloud, NO_AUTO);
    expectFault(
      act(cloud, id, { resize: { flavorRef: 'nope', 'OS-DCF:diskConfig': 'AUTO' } }),
      400,
      `Requested image ${NO_AUTO} has automatic disk resize disabled.`,
    );
    // MANUAL asks nothing of the image.
    expect(
      act(cloud, id, { resize: { flavorRef: '4', 'OS-DCF:diskConfig': 'MANUAL' } }).status,
    ).toBe(202);
  });
});

describe('rebuild', () => {
  it('the key pair (400) before the image lookup', () => {
    const cloud = cloudWithImages();
    const id = bootOn(cloud, PICKY);
    expectFault(
      act(
        cloud,
        id,
        { rebuild: { imageRef: '00000000-0000-4000-8000-00000000dead', key_name: 'none' } },
        '2.54',
      ),
      400,
      'Invalid key_name provided.',
    );
  });

  it("the flavor's memory against the new image's min_ram", () => {
    const cloud = cloudWithImages();
    const id = bootOn(cloud, PICKY, '1');
    setImage(cloud, NO_AUTO, '/min_ram', 4096);
    expectFault(
      act(cloud, id, { rebuild: { imageRef: NO_AUTO } }),
      400,
      "Flavor's memory is too small for requested image.",
    );
  });

  it('the metadata quota (403) before the image checks', () => {
    const cloud = cloudWithImages();
    const id = bootOn(cloud, PICKY, '1');
    setImage(cloud, NO_AUTO, '/min_ram', 4096);
    const metadata = Object.fromEntries(Array.from({ length: 129 }, (_, i) => [`k${i}`, 'v']));
    expectFault(
      act(cloud, id, { rebuild: { imageRef: NO_AUTO, metadata } }),
      403,
      'Maximum number of metadata items exceeds 128',
    );
  });

  it("the image's disabled auto disk config when AUTO is asked", () => {
    const cloud = cloudWithImages();
    const id = bootOn(cloud, PICKY);
    expectFault(
      act(cloud, id, { rebuild: { imageRef: NO_AUTO, 'OS-DCF:diskConfig': 'AUTO' } }),
      400,
      `Requested image ${NO_AUTO} has automatic disk resize disabled.`,
    );
  });
});

describe('unshelve', () => {
  function shelved(offload: boolean) {
    const cloud = newCloud({
      config: { shelvedOffloadTime: offload ? 0 : -1 },
      hosts: [
        { name: 'east-1', availabilityZone: 'east' },
        { name: 'west-1', availabilityZone: 'west' },
      ],
    });
    const id = bootOn(cloud, '70a599e0-31e7-49b7-b260-868f441e862b', '1');
    expect(act(cloud, id, { shelve: null }).status).toBe(202);
    cloud.clock.advance(120_000);
    return { cloud, id };
  }

  it('shelved but not offloaded (409) before an unknown zone (400)', () => {
    const { cloud, id } = shelved(false);
    expectFault(
      act(cloud, id, { unshelve: { availability_zone: 'nowhere' } }, '2.77'),
      409,
      `Specifying an availability zone or a host when unshelving server "${id}" with status "shelved" is not supported. The server status must be SHELVED_OFFLOADED.`,
    );
  });

  it('shelved but not offloaded (409) before the unshelve_to_host policy (403)', () => {
    const { cloud, id } = shelved(false);
    expectFault(
      act(cloud, id, { unshelve: { host: 'west-1' } }, '2.91'),
      409,
      `Specifying an availability zone or a host when unshelving server "${id}" with status "shelved" is not supported. The server status must be SHELVED_OFFLOADED.`,
    );
  });

  it('the lock (409) before an unknown zone (400)', () => {
    const { cloud, id } = shelved(true);
    expect(act(cloud, id, { lock: null }).status).toBe(202);
    expectFault(
      act(cloud, id, { unshelve: { availability_zone: 'nowhere' } }, '2.77'),
      409,
      `Instance ${id} is locked`,
    );
  });

  it('a host outside the requested zone is 409', () => {
    const { cloud, id } = shelved(true);
    expectFault(
      act(cloud, id, { unshelve: { availability_zone: 'east', host: 'west-1' } }, '2.91', true),
      409,
      'Host "west-1" is not in the availability zone "east".',
    );
  });
});

describe('migrations', () => {
  function shelvedServer() {
    const cloud = newCloud({ config: { shelvedOffloadTime: -1 } });
    const id = bootOn(cloud, '70a599e0-31e7-49b7-b260-868f441e862b', '1');
    expect(act(cloud, id, { shelve: null }).status).toBe(202);
    cloud.clock.advance(120_000);
    return { cloud, id };
  }

  it('live migration: the state (409) before an unknown host (400)', () => {
    const { cloud, id } = shelvedServer();
    expectFault(
      act(
        cloud,
        id,
        { 'os-migrateLive': { host: 'nowhere', block_migration: 'auto' } },
        '2.25',
        true,
      ),
      409,
      `Cannot 'os-migrateLive' instance ${id} while it is in vm_state shelved`,
    );
  });

  it('live migration to a host asks migrate_live:host only', () => {
    const cloud = newCloud({
      config: {
        policy: {
          'os_compute_api:os-migrate-server:migrate_live': 'nobody',
          'os_compute_api:os-migrate-server:migrate_live:host': 'admin',
        },
      },
    });
    const id = bootOn(cloud, '70a599e0-31e7-49b7-b260-868f441e862b', '1');
    const res = act(
      cloud,
      id,
      { 'os-migrateLive': { host: null, block_migration: 'auto' } },
      '2.25',
      true,
    );
    expectFault(
      res,
      403,
      "Policy doesn't allow os_compute_api:os-migrate-server:migrate_live to be performed.",
    );
    const host = call(cloud, 'GET', `servers/${id}`, { admin: true }).body as {
      server: Record<string, string>;
    };
    const other = host.server['OS-EXT-SRV-ATTR:host'] === 'compute-1' ? 'compute-2' : 'compute-1';
    const moved = act(
      cloud,
      id,
      { 'os-migrateLive': { host: other, block_migration: 'auto' } },
      '2.25',
      true,
    );
    expect(moved.status, JSON.stringify(moved.body)).toBe(202);
  });

  it('cold migration: the state (409) before an unknown host (400)', () => {
    const { cloud, id } = shelvedServer();
    expectFault(
      act(cloud, id, { migrate: { host: 'nowhere' } }, '2.56', true),
      409,
      `Cannot 'migrate' instance ${id} while it is in vm_state shelved`,
    );
  });

  it('evacuate before 2.14: the password on shared storage (400) before an unknown host (404)', () => {
    const cloud = newCloud();
    const id = bootOn(cloud, '70a599e0-31e7-49b7-b260-868f441e862b', '1');
    expectFault(
      act(
        cloud,
        id,
        { evacuate: { host: 'nowhere', onSharedStorage: true, adminPass: 'x' } },
        '2.1',
        true,
      ),
      400,
      "admin password can't be changed on existing disk",
    );
  });

  it('evacuate from 2.29: force without a host is 400', () => {
    const cloud = newCloud();
    const id = bootOn(cloud, '70a599e0-31e7-49b7-b260-868f441e862b', '1');
    expectFault(
      act(cloud, id, { evacuate: { force: true } }, '2.29', true),
      400,
      "Can't force to a non-provided destination",
    );
  });
});
