import { describe, expect, it } from 'vitest';
import { SAMPLE_PROJECT_ID } from '../../src/catalog/defaults.js';
import { type Cloud, createCloud } from '../../src/cloud.js';

const IMAGE = '70a599e0-31e7-49b7-b260-868f441e862b';
const MEMBER = { projectId: SAMPLE_PROJECT_ID, userId: 'fake', roles: ['member'] };
const ADMIN = { projectId: SAMPLE_PROJECT_ID, userId: 'fake', roles: ['admin', 'member'] };

function nova(
  cloud: Cloud,
  method: string,
  path: string,
  body?: unknown,
  version = '2.1',
  auth = MEMBER,
) {
  return cloud.request({
    method,
    path: `/v2.1${path}`,
    headers: { 'OpenStack-API-Version': `compute ${version}` },
    ...(body === undefined ? {} : { body }),
    auth,
  });
}

function cinder(cloud: Cloud, method: string, path: string, body?: unknown) {
  return cloud.request({
    service: 'volume',
    method,
    path: `/v3/${SAMPLE_PROJECT_ID}${path}`,
    ...(body === undefined ? {} : { body }),
    auth: MEMBER,
  });
}

function volumeStatus(cloud: Cloud, id: string): string {
  const res = cinder(cloud, 'GET', `/volumes/${id}`);
  return res.status === 404 ? 'gone' : res.body.volume.status;
}

function newVolume(cloud: Cloud, extra: Record<string, unknown> = {}): string {
  const id = cinder(cloud, 'POST', '/volumes', { volume: { size: 1, ...extra } }).body.volume.id;
  cloud.clock.advance(10_000);
  return id;
}

function boot(cloud: Cloud, server: Record<string, unknown> = { imageRef: IMAGE }): string {
  const res = nova(cloud, 'POST', '/servers', {
    server: { name: 'vm', flavorRef: '1', ...server },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  return res.body.server.id;
}

function volumesAttached(cloud: Cloud, id: string) {
  return nova(cloud, 'GET', `/servers/${id}`, undefined, '2.3').body.server[
    'os-extended-volumes:volumes_attached'
  ];
}

describe('boot from volume creates and uses real Cinder volumes', () => {
  it('image → volume: Cinder makes it, it is in use once the server is ACTIVE, delete_on_termination deletes it', () => {
    const cloud = createCloud({ seed: 1 });
    const id = boot(cloud, {
      block_device_mapping_v2: [
        {
          boot_index: 0,
          uuid: IMAGE,
          source_type: 'image',
          destination_type: 'volume',
          volume_size: 2,
          delete_on_termination: true,
        },
      ],
    });
    const [bdm] = volumesAttached(cloud, id);
    expect(bdm).toEqual({ id: expect.any(String), delete_on_termination: true });
    expect(volumeStatus(cloud, bdm.id)).toBe('creating');
    cloud.clock.advance(60_000);
    expect(nova(cloud, 'GET', `/servers/${id}`).body.server.status).toBe('ACTIVE');
    const volume = cinder(cloud, 'GET', `/volumes/${bdm.id}`).body.volume;
    expect(volume).toMatchObject({ status: 'in-use', size: 2, bootable: 'true' });
    expect(volume.attachments[0]).toMatchObject({ server_id: id, device: '/dev/vda' });
    expect(nova(cloud, 'DELETE', `/servers/${id}`).status).toBe(204);
    cloud.clock.advance(60_000);
    expect(volumeStatus(cloud, bdm.id)).toBe('gone');
  });

  it('an existing volume is reserved at create and stays after the server goes', () => {
    const cloud = createCloud({ seed: 2 });
    const volume = newVolume(cloud, { imageRef: IMAGE });
    const id = boot(cloud, {
      imageRef: '',
      block_device_mapping_v2: [
        { boot_index: 0, uuid: volume, source_type: 'volume', destination_type: 'volume' },
      ],
    });
    expect(volumeStatus(cloud, volume)).toBe('reserved');
    cloud.clock.advance(60_000);
    expect(volumeStatus(cloud, volume)).toBe('in-use');
    expect(volumesAttached(cloud, id)).toEqual([{ id: volume, delete_on_termination: false }]);
    nova(cloud, 'DELETE', `/servers/${id}`);
    cloud.clock.advance(60_000);
    expect(volumeStatus(cloud, volume)).toBe('available');
  });

  it('an unknown or busy volume refuses the create and changes nothing', () => {
    const cloud = createCloud({ seed: 3 });
    const missing = '00000000-0000-4000-8000-0000000000aa';
    const bdm = (uuid: string) => ({
      imageRef: '',
      block_device_mapping_v2: [
        { boot_index: 0, uuid, source_type: 'volume', destination_type: 'volume' },
      ],
    });
    const unknown = nova(cloud, 'POST', '/servers', {
      server: { name: 'x', flavorRef: '1', ...bdm(missing) },
    });
    expect(unknown.status).toBe(400);
    // The root volume of a boot without an image: get_bdm_image_metadata's InvalidBDMVolume.
    expect(unknown.body.badRequest.message).toBe(
      `Block Device Mapping is Invalid: failed to get volume ${missing}.`,
    );
    const volume = newVolume(cloud, { imageRef: IMAGE });
    boot(cloud, bdm(volume));
    const busy = nova(cloud, 'POST', '/servers', {
      server: { name: 'y', flavorRef: '1', ...bdm(volume) },
    });
    expect(busy.status).toBe(400);
    expect(busy.body.badRequest.message).toMatch(
      new RegExp(
        `^Invalid volume: Invalid input received: Invalid volume: Volume ${volume} status must be available or downloading to reserve, but the current status is reserved\\. \\(HTTP 400\\) \\(Request-ID: req-`,
      ),
    );
    expect(nova(cloud, 'GET', '/servers').body.servers).toHaveLength(1);
  });

  it('an image mapping without a size is refused as Nova words it', () => {
    const cloud = createCloud({ seed: 4 });
    const res = nova(cloud, 'POST', '/servers', {
      server: {
        name: 'x',
        flavorRef: '1',
        block_device_mapping_v2: [
          { boot_index: 0, uuid: IMAGE, source_type: 'image', destination_type: 'volume' },
        ],
      },
    });
    expect(res.status).toBe(400);
    expect(res.body.badRequest.message).toBe(
      "Images with destination_type 'volume' need to have a non-zero size specified",
    );
    expect(cinder(cloud, 'GET', '/volumes').body.volumes).toEqual([]);
  });
});

describe('os-volume_attachments', () => {
  function ready(seed = 5) {
    const cloud = createCloud({ seed });
    const server = boot(cloud);
    cloud.clock.advance(60_000);
    const volume = newVolume(cloud);
    return { cloud, server, volume };
  }

  it('attach: reserved → attaching → in-use on the clock; list and show; detach back to available', () => {
    const { cloud, server, volume } = ready();
    const res = nova(cloud, 'POST', `/servers/${server}/os-volume_attachments`, {
      volumeAttachment: { volumeId: volume },
    });
    expect(res.status).toBe(200);
    expect(res.body.volumeAttachment).toEqual({
      id: volume,
      serverId: server,
      volumeId: volume,
      device: '/dev/vdb',
    });
    expect(volumeStatus(cloud, volume)).toBe('reserved');
    cloud.clock.advance(500);
    expect(volumeStatus(cloud, volume)).toBe('attaching');
    cloud.clock.advance(1_000);
    expect(volumeStatus(cloud, volume)).toBe('in-use');
    const list = nova(cloud, 'GET', `/servers/${server}/os-volume_attachments`, undefined, '2.89');
    expect(list.body.volumeAttachments).toEqual([
      {
        volumeId: volume,
        serverId: server,
        device: '/dev/vdb',
        tag: null,
        delete_on_termination: false,
        attachment_id: expect.any(String),
        bdm_uuid: expect.any(String),
      },
    ]);
    const show = nova(cloud, 'GET', `/servers/${server}/os-volume_attachments/${volume}`);
    expect(show.body.volumeAttachment).toEqual({
      id: volume,
      serverId: server,
      volumeId: volume,
      device: '/dev/vdb',
    });
    expect(nova(cloud, 'DELETE', `/servers/${server}/os-volume_attachments/${volume}`).status).toBe(
      202,
    );
    expect(volumeStatus(cloud, volume)).toBe('detaching');
    cloud.clock.advance(1_500);
    expect(volumeStatus(cloud, volume)).toBe('available');
    const gone = nova(cloud, 'GET', `/servers/${server}/os-volume_attachments/${volume}`);
    expect(gone.status).toBe(404);
    expect(gone.body.itemNotFound.message).toBe(
      `Instance ${server} is not attached to volume ${volume}`,
    );
  });

  it('2.101 answers 202 with no body; tag and delete_on_termination are kept', () => {
    const { cloud, server, volume } = ready(6);
    const res = nova(
      cloud,
      'POST',
      `/servers/${server}/os-volume_attachments`,
      { volumeAttachment: { volumeId: volume, tag: 'data', delete_on_termination: true } },
      '2.101',
    );
    expect(res.status).toBe(202);
    expect(res.body).toBeNull();
    const show = nova(
      cloud,
      'GET',
      `/servers/${server}/os-volume_attachments/${volume}`,
      undefined,
      '2.79',
    );
    expect(show.body.volumeAttachment).toMatchObject({ tag: 'data', delete_on_termination: true });
    cloud.clock.advance(5_000);
    nova(cloud, 'DELETE', `/servers/${server}`);
    cloud.clock.advance(60_000);
    expect(volumeStatus(cloud, volume)).toBe('gone');
  });

  it('a volume attached elsewhere is refused unless multiattach (2.60)', () => {
    const { cloud, server, volume } = ready(7);
    const other = boot(cloud);
    cloud.clock.advance(60_000);
    nova(cloud, 'POST', `/servers/${server}/os-volume_attachments`, {
      volumeAttachment: { volumeId: volume },
    });
    const again = nova(cloud, 'POST', `/servers/${other}/os-volume_attachments`, {
      volumeAttachment: { volumeId: volume },
    });
    expect(again.status).toBe(400);
    expect(again.body.badRequest.message).toBe(
      `Invalid volume: volume ${volume} is already attached to instances: ${server}`,
    );
    const shared = newVolume(cloud, { volume_type: 'multiattach' });
    const attach = (id: string, version: string) =>
      nova(
        cloud,
        'POST',
        `/servers/${id}/os-volume_attachments`,
        { volumeAttachment: { volumeId: shared } },
        version,
      );
    expect(attach(server, '2.59').body.badRequest.message).toBe(
      'Multiattach volumes are only supported starting with compute API version 2.60.',
    );
    expect(attach(server, '2.60').status).toBe(200);
    cloud.clock.advance(5_000);
    expect(attach(other, '2.60').status).toBe(200);
    cloud.clock.advance(5_000);
    expect(cinder(cloud, 'GET', `/volumes/${shared}`).body.volume.attachments).toHaveLength(2);
  });

  it('asks the volume holders index: it follows a detach and a restored snapshot (issue 14)', () => {
    const { cloud, server, volume } = ready(7);
    const other = boot(cloud);
    cloud.clock.advance(60_000);
    const attach = (c: Cloud, id: string) =>
      nova(c, 'POST', `/servers/${id}/os-volume_attachments`, {
        volumeAttachment: { volumeId: volume },
      });
    expect(attach(cloud, server).status).toBe(200);
    cloud.clock.advance(5_000);
    const restored = createCloud({ restore: cloud.snapshot() });
    expect(attach(restored, other).body.badRequest.message).toBe(
      `Invalid volume: volume ${volume} is already attached to instances: ${server}`,
    );
    nova(restored, 'DELETE', `/servers/${server}/os-volume_attachments/${volume}`);
    restored.clock.advance(60_000);
    expect(attach(restored, other).status).toBe(200);
    expect(attach(restored, server).status).toBe(400);
  });

  it("follows Nova's state rules: rescued refuses, shelved needs 2.20, offloaded attaches at once", () => {
    const { cloud, server, volume } = ready(8);
    const attach = (version = '2.1') =>
      nova(
        cloud,
        'POST',
        `/servers/${server}/os-volume_attachments`,
        { volumeAttachment: { volumeId: volume } },
        version,
      );
    nova(cloud, 'POST', `/servers/${server}/action`, { rescue: null });
    cloud.clock.advance(60_000);
    const rescued = attach();
    expect(rescued.status).toBe(409);
    expect(rescued.body.conflictingRequest.message).toBe(
      `Cannot 'attach_volume' instance ${server} while it is in vm_state rescued`,
    );
    nova(cloud, 'POST', `/servers/${server}/action`, { unrescue: null });
    cloud.clock.advance(60_000);
    nova(cloud, 'POST', `/servers/${server}/action`, { shelve: null });
    cloud.clock.advance(60_000);
    expect(nova(cloud, 'GET', `/servers/${server}`).body.server.status).toBe('SHELVED_OFFLOADED');
    const old = attach('2.19');
    expect(old.status).toBe(409);
    expect(old.body.conflictingRequest.message).toBe(
      `Cannot 'attach_volume' instance ${server} while it is in vm_state shelved_offloaded`,
    );
    expect(attach('2.20').status).toBe(200);
    expect(volumeStatus(cloud, volume)).toBe('in-use');
    expect(
      nova(cloud, 'DELETE', `/servers/${server}/os-volume_attachments/${volume}`, undefined, '2.20')
        .status,
    ).toBe(202);
    expect(volumeStatus(cloud, volume)).toBe('available');
  });

  it('a volume attached while shelved-offloaded gets its device at unshelve (Tempest shelve attach)', () => {
    const { cloud, server, volume } = ready(11);
    nova(cloud, 'POST', `/servers/${server}/action`, { shelve: null });
    cloud.clock.advance(60_000);
    const attached = nova(
      cloud,
      'POST',
      `/servers/${server}/os-volume_attachments`,
      { volumeAttachment: { volumeId: volume } },
      '2.20',
    );
    expect(attached.status).toBe(200);
    expect(attached.body.volumeAttachment.device).toBeNull();
    const show = () =>
      nova(cloud, 'GET', `/servers/${server}/os-volume_attachments/${volume}`, undefined, '2.20')
        .body.volumeAttachment;
    expect(show()).not.toHaveProperty('device');
    nova(cloud, 'POST', `/servers/${server}/action`, { unshelve: null }, '2.20');
    cloud.clock.advance(60_000);
    expect(nova(cloud, 'GET', `/servers/${server}`).body.server.status).toBe('ACTIVE');
    expect(show().device).toBe('/dev/vdb');
    const restored = createCloud({ restore: cloud.snapshot() });
    expect(JSON.stringify(restored.snapshot())).toBe(JSON.stringify(cloud.snapshot()));
  });

  it('refuses to boot from a volume Cinder marks not bootable (Tempest non-bootable negative)', () => {
    const cloud = createCloud({ seed: 12 });
    const root = newVolume(cloud, { imageRef: IMAGE });
    const set = cinder(cloud, 'POST', `/volumes/${root}/action`, {
      'os-set_bootable': { bootable: false },
    });
    expect(set.status).toBe(200);
    const res = nova(cloud, 'POST', '/servers', {
      server: {
        name: 'vm',
        flavorRef: '1',
        imageRef: '',
        block_device_mapping_v2: [
          { boot_index: '0', uuid: root, source_type: 'volume', destination_type: 'volume' },
        ],
      },
    });
    expect(res.status).toBe(400);
    expect(res.body.badRequest.message).toBe(`Block Device ${root} is not bootable.`);
    expect(nova(cloud, 'GET', '/servers').body.servers).toEqual([]);
    expect(volumeStatus(cloud, root)).toBe('available');
  });

  it('a locked server refuses a member, and a root volume cannot be detached', () => {
    const cloud = createCloud({ seed: 9 });
    const root = newVolume(cloud, { imageRef: IMAGE });
    const server = boot(cloud, {
      imageRef: '',
      block_device_mapping_v2: [
        { boot_index: 0, uuid: root, source_type: 'volume', destination_type: 'volume' },
      ],
    });
    cloud.clock.advance(60_000);
    const detachRoot = nova(cloud, 'DELETE', `/servers/${server}/os-volume_attachments/${root}`);
    expect(detachRoot.status).toBe(400);
    expect(detachRoot.body.badRequest.message).toBe('Cannot detach a root device volume');
    const data = newVolume(cloud);
    nova(cloud, 'POST', `/servers/${server}/action`, { lock: null }, '2.1', ADMIN);
    const locked = nova(cloud, 'POST', `/servers/${server}/os-volume_attachments`, {
      volumeAttachment: { volumeId: data },
    });
    expect(locked.status).toBe(409);
    expect(locked.body.conflictingRequest.message).toBe(`Instance ${server} is locked`);
    expect(volumeStatus(cloud, data)).toBe('available');
  });

  it('swap is for the service role, and answers that the volume is not migrating', () => {
    const { cloud, server, volume } = ready(10);
    nova(cloud, 'POST', `/servers/${server}/os-volume_attachments`, {
      volumeAttachment: { volumeId: volume },
    });
    const other = newVolume(cloud);
    const body = { volumeAttachment: { volumeId: other } };
    const path = `/servers/${server}/os-volume_attachments/${volume}`;
    const member = nova(cloud, 'PUT', path, body);
    expect(member.status).toBe(403);
    expect(member.body.forbidden.message).toBe(
      "Policy doesn't allow os_compute_api:os-volumes-attachments:swap to be performed.",
    );
    const service = nova(cloud, 'PUT', path, body, '2.1', {
      ...MEMBER,
      roles: ['member', 'service'],
    });
    expect(service.status).toBe(409);
    expect(service.body.conflictingRequest.message).toBe(
      `volume ${volume} is not migrating; this API should only be called by Cinder`,
    );
    const flag = nova(
      cloud,
      'PUT',
      path,
      { volumeAttachment: { volumeId: volume, delete_on_termination: true } },
      '2.85',
    );
    expect(flag.status).toBe(202);
    expect(
      nova(cloud, 'GET', path, undefined, '2.79').body.volumeAttachment.delete_on_termination,
    ).toBe(true);
  });

  it('swap lets an admin through too (master: rule:service_or_admin), to the 409', () => {
    const { cloud, server, volume } = ready(12);
    nova(cloud, 'POST', `/servers/${server}/os-volume_attachments`, {
      volumeAttachment: { volumeId: volume },
    });
    const other = newVolume(cloud);
    const path = `/servers/${server}/os-volume_attachments/${volume}`;
    const admin = nova(cloud, 'PUT', path, { volumeAttachment: { volumeId: other } }, '2.1', {
      ...MEMBER,
      roles: ['admin'],
    });
    expect(admin.status).toBe(409);
    expect(admin.body.conflictingRequest.message).toBe(
      `volume ${volume} is not migrating; this API should only be called by Cinder`,
    );
  });

  it('the slow-volume-attach fault stretches the attach', () => {
    const { cloud, server, volume } = ready(11);
    cloud.addFault({ kind: 'slow-volume-attach', extraMs: 10_000, count: 1 });
    nova(cloud, 'POST', `/servers/${server}/os-volume_attachments`, {
      volumeAttachment: { volumeId: volume },
    });
    cloud.clock.advance(1_500);
    expect(volumeStatus(cloud, volume)).toBe('attaching');
    cloud.clock.advance(10_000);
    expect(volumeStatus(cloud, volume)).toBe('in-use');
  });

  it('a snapshot taken mid-attach resumes byte-identically', () => {
    const { cloud, server, volume } = ready(12);
    nova(cloud, 'POST', `/servers/${server}/os-volume_attachments`, {
      volumeAttachment: { volumeId: volume },
    });
    cloud.clock.advance(700);
    const saved = cloud.snapshot();
    const copy = createCloud({ restore: JSON.parse(JSON.stringify(saved)) });
    expect(JSON.stringify(copy.snapshot())).toBe(JSON.stringify(saved));
    cloud.clock.advance(5_000);
    copy.clock.advance(5_000);
    expect(JSON.stringify(copy.snapshot())).toBe(JSON.stringify(cloud.snapshot()));
    expect(volumeStatus(copy, volume)).toBe('in-use');
  });
});
