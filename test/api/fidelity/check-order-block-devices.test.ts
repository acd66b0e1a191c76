import { describe, expect, it } from 'vitest';
import type { Cloud } from '../../../src/cloud.js';
import { call, IMAGE, messageOf, newCloud, PROJECT } from '../extras/helpers.js';

// Where master looks the block devices of `POST /servers` up (docs/check-order.md): the
// root one of a boot without an image at step 12, where the image would be fetched
// (nova/block_device.py get_bdm_image_metadata); every other one in `_provision_instances`
// after the instance quota (`_get_volumes_for_bdms`, then `_validate_bdm`). Each case makes
// a block device lookup and another check fail together; Nova answers the first it raises.

const UNKNOWN = '00000000-0000-4000-8000-0000000000ee';

type Json = Record<string, unknown>;

function cloud(quotas: Json = {}): Cloud {
  return newCloud({ config: { quotas } });
}

function create(c: Cloud, server: Json, version = '2.1') {
  return call(c, 'POST', 'servers', {
    body: { server: { name: 's', imageRef: IMAGE, flavorRef: '1', ...server } },
    version,
  });
}

function expectFault(res: { status: number; body: unknown }, status: number, message: string) {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(messageOf(res.body)).toBe(message);
}

const dataVolume = (uuid: string, extra: Json = {}) => ({
  block_device_mapping_v2: [
    { boot_index: 0, uuid: IMAGE, source_type: 'image', destination_type: 'local' },
    { boot_index: 1, uuid, source_type: 'volume', destination_type: 'volume', ...extra },
  ],
});

const rootOnly = (source: string, uuid: string) => ({
  imageRef: '',
  block_device_mapping_v2: [
    { boot_index: 0, uuid, source_type: source, destination_type: 'volume', volume_size: 1 },
  ],
});

describe('the root device of a boot without an image: step 12', () => {
  it('an unknown flavor (400) before an unknown root volume', () => {
    expectFault(
      create(cloud(), { flavorRef: 'nope', ...rootOnly('volume', UNKNOWN) }),
      400,
      'Flavor nope could not be found.',
    );
  });

  it("an unknown root volume is get_bdm_image_metadata's InvalidBDMVolume", () => {
    expectFault(
      create(cloud(), rootOnly('volume', UNKNOWN)),
      400,
      `Block Device Mapping is Invalid: failed to get volume ${UNKNOWN}.`,
    );
  });

  it("an unknown root snapshot is Cinder's SnapshotNotFound, not InvalidBDMSnapshot", () => {
    expectFault(
      create(cloud(), rootOnly('snapshot', UNKNOWN)),
      400,
      `Snapshot ${UNKNOWN} could not be found.`,
    );
  });

  it('an unknown root image (400) before an unknown security group (400)', () => {
    expectFault(
      create(cloud(), { ...rootOnly('image', UNKNOWN), security_groups: [{ name: 'nope' }] }),
      400,
      `Block Device Mapping is Invalid: failed to get image ${UNKNOWN}.`,
    );
  });

  it('an unknown root volume (400) before the instance quota (403)', () => {
    expectFault(
      create(cloud({ instances: 0 }), rootOnly('volume', UNKNOWN)),
      400,
      `Block Device Mapping is Invalid: failed to get volume ${UNKNOWN}.`,
    );
  });
});

describe('the other devices: after the instance quota', () => {
  it('an unknown key pair (400) before an unknown data volume (400)', () => {
    expectFault(
      create(cloud(), { ...dataVolume(UNKNOWN), key_name: 'nope' }),
      400,
      'Invalid key_name provided.',
    );
  });

  it('the metadata quota (403) before an unknown volume type (400)', () => {
    expectFault(
      create(
        cloud({ metadataItems: 0 }),
        {
          ...dataVolume(UNKNOWN, { source_type: 'blank', volume_size: 1, volume_type: 'nope' }),
          metadata: { a: 'b' },
          networks: 'none',
        },
        '2.67',
      ),
      403,
      'Maximum number of metadata items exceeds 0',
    );
  });

  it('the instance quota (403) before an unknown data volume (400)', () => {
    const res = create(cloud({ instances: 0 }), dataVolume(UNKNOWN));
    expect(res.status, JSON.stringify(res.body)).toBe(403);
    expect(messageOf(res.body)).toMatch(/^Quota exceeded for instances/);
  });

  it('the instance quota (403) before a blank volume without a size (400)', () => {
    const res = create(cloud({ instances: 0 }), dataVolume(UNKNOWN, { source_type: 'blank' }));
    expect(res.status, JSON.stringify(res.body)).toBe(403);
  });

  it('an unknown data volume (400) before the server group member quota (403)', () => {
    const c = cloud({ serverGroupMembers: 0 });
    const group = call(c, 'POST', 'os-server-groups', {
      body: { server_group: { name: 'g', policies: ['affinity'] } },
    });
    expect(group.status, JSON.stringify(group.body)).toBe(200);
    const id = (group.body as { server_group: { id: string } }).server_group.id;
    const res = call(c, 'POST', 'servers', {
      body: {
        server: { name: 's', imageRef: IMAGE, flavorRef: '1', ...dataVolume(UNKNOWN) },
        'os:scheduler_hints': { group: id },
      },
    });
    expectFault(res, 400, `Volume ${UNKNOWN} could not be found.`);
  });

  it('every volume is fetched before any mapping is validated: an unknown volume after a bad type', () => {
    expectFault(
      create(
        cloud(),
        {
          block_device_mapping_v2: [
            { boot_index: 0, uuid: IMAGE, source_type: 'image', destination_type: 'local' },
            {
              boot_index: 1,
              source_type: 'blank',
              destination_type: 'volume',
              volume_size: 1,
              volume_type: 'nope',
            },
            { boot_index: 2, uuid: UNKNOWN, source_type: 'volume', destination_type: 'volume' },
          ],
          networks: 'none',
        },
        '2.67',
      ),
      400,
      `Volume ${UNKNOWN} could not be found.`,
    );
  });
});

describe('nothing is changed by a refused create', () => {
  it('no server, no volume', () => {
    const c = cloud({ instances: 0 });
    create(c, dataVolume(UNKNOWN, { source_type: 'blank', volume_size: 1 }));
    expect(c.compute.servers.size).toBe(0);
    const volumes = c.request({
      service: 'volume',
      method: 'GET',
      path: `/v3/${PROJECT}/volumes`,
    });
    expect((volumes.body as { volumes: unknown[] }).volumes).toEqual([]);
  });
});
