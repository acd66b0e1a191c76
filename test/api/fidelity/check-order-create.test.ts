import { describe, expect, it } from 'vitest';
import { DEFAULT_FLAVORS } from '../../../src/catalog/defaults.js';
import type { Cloud } from '../../../src/cloud.js';
import { SAMPLE_NETWORK_ID } from '../../../src/network/defaults.js';
import { call, IMAGE, messageOf, newCloud, PROJECT } from '../extras/helpers.js';
import { catalogImage } from './helpers.js';

// POST /servers when two checks fail at once: the answer is the one Nova master raises
// first. servers.py `create` parses the request (counts, policy, zone, block devices,
// imageRef, networks) and looks the flavor up; compute.API.create checks the multi-instance
// requests and the zone; `_create_instance` looks the image up, then
// `_validate_and_build_base_options` (disabled flavor, security groups, networks, key
// pair), `_checks_for_create_and_rebuild` (metadata and file quotas, then the image
// against the flavor), the server group, and `_provision_instances` (destination, quota).
// docs/check-order.md has the whole list. Each case names the two failing checks.

const UNKNOWN = '00000000-0000-4000-8000-0000000000ff';
const QUEUED = 'c0c0c0c0-0000-4000-8000-000000000003';
const BIG = 'c0c0c0c0-0000-4000-8000-000000000004';
const NO_AUTO = 'c0c0c0c0-0000-4000-8000-000000000005';
const PORT = 'c0c0c0c0-0000-4000-8000-0000000000aa';

function cloud(): Cloud {
  return newCloud({
    catalog: {
      images: [
        catalogImage(IMAGE),
        catalogImage(QUEUED, { status: 'queued' }),
        catalogImage(BIG, { minRam: 100_000 }),
        catalogImage(NO_AUTO, { properties: { auto_disk_config: 'Disabled' } }),
      ] as never,
      flavors: [...DEFAULT_FLAVORS, { ...DEFAULT_FLAVORS[0]!, id: 'off', disabled: true }],
    },
  });
}

function create(c: Cloud, server: Record<string, unknown>, version = '2.1', admin = false) {
  return call(c, 'POST', 'servers', {
    body: { server: { name: 's', imageRef: IMAGE, flavorRef: '1', ...server } },
    version,
    admin,
  });
}

function expectFault(res: { status: number; body: unknown }, status: number, message: string) {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(messageOf(res.body)).toBe(message);
}

const tooMany = Object.fromEntries(Array.from({ length: 129 }, (_, i) => [`k${i}`, 'v']));

describe("servers.py's own checks come before the flavor lookup", () => {
  it('a port named twice (400) before an unknown flavor (400)', () => {
    expectFault(
      create(cloud(), { flavorRef: 'nope', networks: [{ port: PORT }, { port: PORT }] }),
      400,
      `Port ID '${PORT}' was specified twice: you cannot attach a port multiple times.`,
    );
  });

  it('a fixed IP with a port (400) before an unknown flavor (400)', () => {
    expectFault(
      create(cloud(), { flavorRef: 'nope', networks: [{ port: PORT, fixed_ip: '10.0.0.9' }] }),
      400,
      `Specified Fixed IP '10.0.0.9' cannot be used with port '${PORT}': the two cannot be specified together.`,
    );
  });
});

describe('the flavor lookup comes before compute.API.create', () => {
  it('an unknown flavor (400) before an unknown image (400)', () => {
    expectFault(
      create(cloud(), { flavorRef: 'nope', imageRef: UNKNOWN }),
      400,
      'Flavor nope could not be found.',
    );
  });
});

describe("compute.API.create's checks come before the image lookup", () => {
  it('a fixed IP with max_count 2 (400) before an unknown image (400)', () => {
    expectFault(
      create(cloud(), {
        imageRef: UNKNOWN,
        max_count: 2,
        networks: [{ uuid: SAMPLE_NETWORK_ID, fixed_ip: '10.0.0.9' }],
      }),
      400,
      'Failed to launch instances: max_count cannot be greater than 1 if an fixed_ip is specified.',
    );
  });

  it('a port with max_count 2 (400) before an unknown image (400)', () => {
    expectFault(
      create(cloud(), { imageRef: UNKNOWN, max_count: 2, networks: [{ port: PORT }] }),
      400,
      'Failed to launch instances: Unable to launch multiple instances with a single configured port ID. Please launch your instance one by one with different ports.',
    );
  });

  it('one hostname for two servers (400) before an unknown image (400)', () => {
    expectFault(
      create(
        cloud(),
        { imageRef: UNKNOWN, max_count: 2, hostname: 'web', networks: 'none' },
        '2.90',
      ),
      400,
      'Unable to allocate a single hostname to multiple instances',
    );
  });

  it('an unavailable zone (400) before an unknown image (400)', () => {
    expectFault(
      create(cloud(), { imageRef: UNKNOWN, availability_zone: 'nowhere' }),
      400,
      'The requested availability zone is not available',
    );
  });

  it('a forced host skips the zone check', () => {
    const res = create(cloud(), { availability_zone: 'nowhere:compute-1' }, '2.1', true);
    expect(res.status, JSON.stringify(res.body)).toBe(202);
  });
});

describe('_create_instance', () => {
  it("AUTO disk config on an image that disables it is 400, before a disabled flavor's 400", () => {
    expectFault(
      create(cloud(), { imageRef: NO_AUTO, flavorRef: 'off', 'OS-DCF:diskConfig': 'AUTO' }),
      400,
      `Requested image ${NO_AUTO} has automatic disk resize disabled.`,
    );
  });

  it('a disabled flavor (400) before an unknown security group (400)', () => {
    expectFault(
      create(cloud(), { flavorRef: 'off', security_groups: [{ name: 'nope' }] }),
      400,
      'Flavor off could not be found.',
    );
  });

  it('an unknown security group (400) before an unknown network (400)', () => {
    expectFault(
      create(cloud(), { security_groups: [{ name: 'nope' }], networks: [{ uuid: UNKNOWN }] }),
      400,
      'Security group nope not found.',
    );
  });

  it('security groups are looked up with networks "none" too', () => {
    expectFault(
      create(cloud(), { security_groups: [{ name: 'nope' }], networks: 'none' }, '2.37'),
      400,
      'Security group nope not found.',
    );
  });

  it('an unknown network (400) before an unknown key pair (400)', () => {
    expectFault(
      create(cloud(), { networks: [{ uuid: UNKNOWN }], key_name: 'nope' }),
      400,
      `Network ${UNKNOWN} could not be found.`,
    );
  });

  // validate_networks only counts the room; _create_instance raises PortLimitExceeded after
  // _validate_and_build_base_options (key pair included) and before the block devices.
  function noPortRoom(): Cloud {
    const c = cloud();
    const res = c.request({
      service: 'network',
      method: 'PUT',
      path: `/v2.0/quotas/${PROJECT}`,
      body: { quota: { port: 0 } },
      auth: { projectId: PROJECT, userId: 'admin', roles: ['admin'] },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return c;
  }

  it('an unknown key pair (400) before the port quota (403)', () => {
    expectFault(
      create(noPortRoom(), { networks: [{ uuid: SAMPLE_NETWORK_ID }], key_name: 'nope' }),
      400,
      'Invalid key_name provided.',
    );
  });

  it('the port quota (403) before the metadata quota (403)', () => {
    expectFault(
      create(noPortRoom(), { networks: [{ uuid: SAMPLE_NETWORK_ID }], metadata: tooMany }),
      403,
      'Maximum number of ports exceeded',
    );
  });

  it('an unknown key pair (400) before the metadata quota (403)', () => {
    expectFault(
      create(cloud(), { key_name: 'nope', metadata: tooMany }),
      400,
      'Invalid key_name provided.',
    );
  });

  it('the metadata quota (403) before an image that is not active (400)', () => {
    expectFault(
      create(cloud(), { imageRef: QUEUED, metadata: tooMany }),
      403,
      'Maximum number of metadata items exceeds 128',
    );
  });

  it("the metadata quota (403) before the image's min_ram (400)", () => {
    expectFault(
      create(cloud(), { imageRef: BIG, metadata: tooMany }),
      403,
      'Maximum number of metadata items exceeds 128',
    );
  });

  it("the image's min_ram (400) before an unknown server group (400)", () => {
    const res = call(cloud(), 'POST', 'servers', {
      body: {
        server: { name: 's', imageRef: BIG, flavorRef: '1' },
        'os:scheduler_hints': { group: UNKNOWN },
      },
    });
    expectFault(res, 400, "Flavor's memory is too small for requested image.");
  });

  it('an unknown server group (400) before the instance quota (403)', () => {
    const res = call(cloud(), 'POST', 'servers', {
      body: {
        server: { name: 's', imageRef: IMAGE, flavorRef: '1', min_count: 30 },
        'os:scheduler_hints': { group: UNKNOWN },
      },
    });
    expectFault(res, 400, `Instance group ${UNKNOWN} could not be found.`);
  });
});
