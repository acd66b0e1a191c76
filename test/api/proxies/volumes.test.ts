import { describe, expect, it } from 'vitest';
import type { Cloud } from '../../../src/cloud.js';
import { call, newCloud, PROJECT } from '../catalog/helpers.js';

type Json = Record<string, unknown>;

const IMAGE = '70a599e0-31e7-49b7-b260-868f441e862b';

function createVolume(cloud: Cloud, volume: Json = { size: 1 }) {
  return call(cloud, 'POST', 'os-volumes', { body: { volume } });
}

function volumeId(cloud: Cloud): string {
  const res = createVolume(cloud, { size: 2, display_name: 'data' });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  cloud.clock.advance(60_000);
  return String((res.body as { volume: Json }).volume.id);
}

describe('os-volumes (proxy to Cinder up to 2.35)', () => {
  it('creates through Cinder and answers in Nova’s camelCase shape with a Location', () => {
    const cloud = newCloud();
    const res = createVolume(cloud, {
      size: '3',
      display_name: 'vol',
      display_description: 'desc',
      metadata: { a: 'b' },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const volume = (res.body as { volume: Json }).volume;
    expect(volume).toMatchObject({
      size: 3,
      status: 'creating',
      availabilityZone: 'nova',
      attachments: [{}],
      displayName: 'vol',
      displayDescription: 'desc',
      snapshotId: null,
      metadata: { a: 'b' },
    });
    expect(res.headers.location).toMatch(new RegExp(`/v2\\.1/os-volumes/${String(volume.id)}$`));
    const cinder = cloud.request({
      service: 'volume',
      method: 'GET',
      path: `/v3/${PROJECT}/volumes/${String(volume.id)}`,
    });
    expect(cinder.body.volume.name).toBe('vol');
  });

  it('shows an attached volume with the server and device', () => {
    const cloud = newCloud();
    const server = call(cloud, 'POST', 'servers', {
      body: { server: { name: 's', imageRef: IMAGE, flavorRef: '1' } },
    });
    const serverId = (server.body as { server: { id: string } }).server.id;
    const id = volumeId(cloud);
    cloud.clock.advance(60_000);
    const attach = call(cloud, 'POST', `servers/${serverId}/os-volume_attachments`, {
      body: { volumeAttachment: { volumeId: id } },
    });
    expect(attach.status, JSON.stringify(attach.body)).toBe(200);
    cloud.clock.advance(60_000);
    const shown = (call(cloud, 'GET', `os-volumes/${id}`).body as { volume: Json }).volume;
    expect(shown.status).toBe('in-use');
    expect(shown.attachments).toEqual([
      { id, volumeId: id, serverId, device: expect.stringMatching(/^\/dev\//) },
    ]);
  });

  it('lists and details the project’s volumes, paged by limit and offset', () => {
    const cloud = newCloud();
    volumeId(cloud);
    volumeId(cloud);
    const all = call(cloud, 'GET', 'os-volumes/detail');
    expect((all.body as { volumes: Json[] }).volumes).toHaveLength(2);
    const page = call(cloud, 'GET', 'os-volumes?limit=1&offset=1');
    expect((page.body as { volumes: Json[] }).volumes).toHaveLength(1);
    expect(call(cloud, 'GET', 'os-volumes?limit=x').status).toBe(400);
  });

  it('answers Nova’s 404 for an unknown volume, on show and delete', () => {
    const cloud = newCloud();
    for (const method of ['GET', 'DELETE']) {
      expect(call(cloud, method, 'os-volumes/nope').body).toEqual({
        itemNotFound: { code: 404, message: 'Volume nope could not be found.' },
      });
    }
  });

  it.each([[{ size: 0 }], [{ size: 'a' }], [{}], [{ size: 1, bogus: 1 }]])(
    'answers 400 to %j and creates nothing',
    (volume) => {
      const cloud = newCloud();
      expect(createVolume(cloud, volume).status).toBe(400);
      expect((call(cloud, 'GET', 'os-volumes').body as { volumes: Json[] }).volumes).toEqual([]);
    },
  );

  it('wraps Cinder’s own 400 as Invalid input received, with cinderclient’s print', () => {
    const cloud = newCloud();
    const res = createVolume(cloud, { size: 1, availability_zone: 'dublin' });
    expect(res.status).toBe(400);
    expect(String((res.body as { badRequest: Json }).badRequest.message)).toMatch(
      /^Invalid input received: .*'dublin'.* \(HTTP 400\) \(Request-ID: req-/,
    );
  });

  it('deletes with 202 and the volume goes through Cinder’s deleting', () => {
    const cloud = newCloud();
    const id = volumeId(cloud);
    expect(call(cloud, 'DELETE', `os-volumes/${id}`).status).toBe(202);
    cloud.clock.advance(60_000);
    expect(call(cloud, 'GET', `os-volumes/${id}`).status).toBe(404);
  });

  it('is 404 from 2.36', () => {
    expect(call(newCloud(), 'GET', 'os-volumes', { version: '2.36' }).status).toBe(404);
  });
});

describe('os-snapshots (proxy to Cinder up to 2.35)', () => {
  it('snapshots a volume, lists, shows and deletes it', () => {
    const cloud = newCloud();
    const volume = volumeId(cloud);
    const res = call(cloud, 'POST', 'os-snapshots', {
      body: { snapshot: { volume_id: volume, display_name: 'snap', force: 'false' } },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const snap = (res.body as { snapshot: Json }).snapshot;
    expect(snap).toMatchObject({ volumeId: volume, size: 2, displayName: 'snap' });
    expect(Object.keys(snap).sort()).toEqual(
      ['createdAt', 'displayDescription', 'displayName', 'id', 'size', 'status', 'volumeId'].sort(),
    );
    cloud.clock.advance(60_000);
    const list = call(cloud, 'GET', 'os-snapshots/detail');
    expect((list.body as { snapshots: Json[] }).snapshots).toHaveLength(1);
    const shown = call(cloud, 'GET', `os-snapshots/${String(snap.id)}`);
    expect((shown.body as { snapshot: Json }).snapshot.status).toBe('available');
    expect(call(cloud, 'DELETE', `os-snapshots/${String(snap.id)}`).status).toBe(202);
  });

  it('creates a volume from a snapshot, its size taken from the snapshot', () => {
    const cloud = newCloud();
    const volume = volumeId(cloud);
    const snap = call(cloud, 'POST', 'os-snapshots', { body: { snapshot: { volume_id: volume } } });
    const snapId = String((snap.body as { snapshot: Json }).snapshot.id);
    cloud.clock.advance(60_000);
    const res = createVolume(cloud, { size: 2, snapshot_id: snapId });
    expect((res.body as { volume: Json }).volume).toMatchObject({ snapshotId: snapId, size: 2 });
    const missing = createVolume(cloud, { size: 1, snapshot_id: 'nope' });
    expect(missing.body).toEqual({
      itemNotFound: { code: 404, message: 'Snapshot nope could not be found.' },
    });
  });

  it('answers 404 for an unknown volume or snapshot, 400 without a volume_id', () => {
    const cloud = newCloud();
    const unknown = 'a0a0a0a0-0000-4000-8000-000000000000';
    const res = call(cloud, 'POST', 'os-snapshots', { body: { snapshot: { volume_id: unknown } } });
    expect(res.body).toEqual({
      itemNotFound: { code: 404, message: `Volume ${unknown} could not be found.` },
    });
    // Cinder's schema refuses a volume_id that is no uuid: Nova wraps its 400.
    const bad = call(cloud, 'POST', 'os-snapshots', { body: { snapshot: { volume_id: 'x' } } });
    expect(bad.status).toBe(400);
    expect(call(cloud, 'POST', 'os-snapshots', { body: { snapshot: {} } }).status).toBe(400);
    expect(call(cloud, 'GET', 'os-snapshots/nope').body).toEqual({
      itemNotFound: { code: 404, message: 'Snapshot nope could not be found.' },
    });
    expect(call(cloud, 'GET', 'os-snapshots', { version: '2.36' }).status).toBe(404);
  });
});
