import { describe, expect, it } from 'vitest';
import { createCloud } from '../../src/cloud.js';
import { admin, availableVolume, cinder, newCloud, statusOf } from './helpers.js';

const SERVER = '11111111-2222-4333-8444-555555555555';
const SERVER2 = '66666666-7777-4888-9999-000000000000';
const CONNECTOR = {
  host: 'compute-1',
  initiator: 'iqn.1993-08.org.debian:01:abc',
  mountpoint: '/dev/vdb',
};
const V = { version: '3.44' };
const service = {
  projectId: '6f70656e737461636b20342065766572',
  userId: 'nova',
  roles: ['member', 'service'],
};

function attach(cloud: ReturnType<typeof newCloud>, volume: string, server = SERVER) {
  const created = cinder(
    cloud,
    'POST',
    '/attachments',
    { attachment: { volume_uuid: volume, instance_uuid: server } },
    V,
  );
  expect(created.status).toBe(200);
  const id = created.body.attachment.id as string;
  expect(statusOf(cloud, volume)).toBe('reserved');
  const updated = cinder(
    cloud,
    'PUT',
    `/attachments/${id}`,
    { attachment: { connector: CONNECTOR } },
    V,
  );
  expect(updated.status).toBe(200);
  expect(updated.body.attachment.connection_info.driver_volume_type).toBe('iscsi');
  expect(statusOf(cloud, volume)).toBe('attaching');
  expect(
    cinder(cloud, 'POST', `/attachments/${id}/action`, { 'os-complete': null }, V).status,
  ).toBe(204);
  return id;
}

describe('Cinder attachments (3.27/3.44)', () => {
  it('reserve → attaching → in-use → available, as Nova drives them', () => {
    const cloud = newCloud();
    const volume = availableVolume(cloud);
    const id = attach(cloud, volume);
    const shown = cinder(cloud, 'GET', `/volumes/${volume}`, undefined, { auth: admin }).body
      .volume;
    expect(shown.status).toBe('in-use');
    expect(shown.attachments).toEqual([
      expect.objectContaining({
        attachment_id: id,
        server_id: SERVER,
        device: '/dev/vdb',
        host_name: 'compute-1',
      }),
    ]);
    expect(cinder(cloud, 'GET', `/attachments/${id}`, undefined, V).body.attachment).toMatchObject({
      status: 'attached',
      instance: SERVER,
      attach_mode: 'rw',
    });
    const del = cinder(cloud, 'DELETE', `/attachments/${id}`, undefined, { ...V, auth: service });
    expect(del.status).toBe(200);
    expect(del.body).toEqual({ attachments: [] });
    expect(statusOf(cloud, volume)).toBe('available');
  });

  it('a user may not delete a connected attachment (bug 2004555)', () => {
    const cloud = newCloud();
    const volume = availableVolume(cloud);
    const id = attach(cloud, volume);
    const res = cinder(cloud, 'DELETE', `/attachments/${id}`, undefined, V);
    expect(res.status).toBe(409);
    expect(res.body.conflictingRequest.message).toBe(
      `ConflictNovaUsingAttachment: Detach volume from instance ${SERVER} using the Compute API`,
    );
    expect(statusOf(cloud, volume)).toBe('in-use');
  });

  it('an in-use volume cannot be deleted', () => {
    const cloud = newCloud();
    const volume = availableVolume(cloud);
    attach(cloud, volume);
    expect(cinder(cloud, 'DELETE', `/volumes/${volume}`).status).toBe(400);
    expect(statusOf(cloud, volume)).toBe('in-use');
  });

  it('a non-multiattach volume refuses a second attachment', () => {
    const cloud = newCloud();
    const volume = availableVolume(cloud);
    attach(cloud, volume);
    const res = cinder(
      cloud,
      'POST',
      '/attachments',
      { attachment: { volume_uuid: volume, instance_uuid: SERVER2 } },
      V,
    );
    expect(res.status).toBe(400);
    expect(res.body.badRequest.message).toBe(
      `Invalid volume: Volume ${volume} status must be available or downloading to reserve, but the current status is in-use.`,
    );
  });

  it('a multiattach volume takes two servers and stays in-use until the last detach', () => {
    const cloud = newCloud();
    const volume = availableVolume(cloud, 1, { volume_type: 'multiattach' });
    expect(cinder(cloud, 'GET', `/volumes/${volume}`).body.volume.multiattach).toBe(true);
    const first = attach(cloud, volume, SERVER);
    const second = attach(cloud, volume, SERVER2);
    expect(cinder(cloud, 'GET', `/volumes/${volume}`).body.volume.attachments).toHaveLength(2);
    cinder(cloud, 'DELETE', `/attachments/${first}`, undefined, { ...V, auth: service });
    expect(statusOf(cloud, volume)).toBe('in-use');
    cinder(cloud, 'DELETE', `/attachments/${second}`, undefined, { ...V, auth: service });
    expect(statusOf(cloud, volume)).toBe('available');
  });

  it('an attachment can be created with its connector at once', () => {
    const cloud = newCloud();
    const volume = availableVolume(cloud);
    const res = cinder(
      cloud,
      'POST',
      '/attachments',
      { attachment: { volume_uuid: volume, instance_uuid: SERVER, connector: CONNECTOR } },
      V,
    );
    expect(res.body.attachment.status).toBe('attaching');
    expect(statusOf(cloud, volume)).toBe('attaching');
  });

  it('an unknown attachment is 404 with Cinder filter wording', () => {
    const cloud = createCloud();
    const res = cinder(cloud, 'GET', `/attachments/${SERVER}`, undefined, V);
    expect(res.status).toBe(404);
    expect(res.body.itemNotFound.message).toBe(
      `Volume attachment could not be found with filter: attachment_id = ${SERVER}.`,
    );
  });

  it('extend of an in-use volume needs 3.42', () => {
    const cloud = newCloud();
    const volume = availableVolume(cloud);
    attach(cloud, volume);
    const old = cinder(
      cloud,
      'POST',
      `/volumes/${volume}/action`,
      { 'os-extend': { new_size: 2 } },
      { version: '3.41' },
    );
    expect(old.status).toBe(400);
    expect(old.body.badRequest.message).toBe(
      `Invalid volume: Volume ${volume} status must be '{'status': 'available'}' to extend, currently in-use.`,
    );
    const res = cinder(
      cloud,
      'POST',
      `/volumes/${volume}/action`,
      { 'os-extend': { new_size: 2 } },
      { version: '3.42' },
    );
    expect(res.status).toBe(202);
    cloud.clock.advance(2_000);
    expect(statusOf(cloud, volume)).toBe('in-use');
  });
});
