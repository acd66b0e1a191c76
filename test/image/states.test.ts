import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createCloud } from '../../src/cloud.js';
import { DEFAULT_UPLOAD_MS } from '../../src/image/store.js';
import { ADMIN, DEMO, glance, newCloud, OCTET, OTHER, queuedImage } from './helpers.js';

describe('Glance image statuses on the clock', () => {
  it('creates queued with Glance defaults, then upload goes saving, then active', () => {
    const cloud = newCloud();
    const seen: string[] = [];
    cloud.events.on('image.status', (e) => seen.push(`${e.from}->${e.to}`));
    const created = glance(cloud, 'POST', '/v2/images', {
      body: { name: 'cirros', container_format: 'bare', disk_format: 'qcow2', os_distro: 'cirros' },
    });
    expect(created.status).toBe(201);
    expect(created.headers.location).toBe(`/v2/images/${created.body.id}`);
    expect(created.body).toMatchObject({
      name: 'cirros',
      status: 'queued',
      visibility: 'shared',
      owner: 'demo',
      size: null,
      checksum: null,
      protected: false,
      os_hidden: false,
      min_disk: 0,
      min_ram: 0,
      tags: [],
      os_distro: 'cirros',
    });
    const id = created.body.id as string;
    const bytes = new Uint8Array([0, 255, 1, 128, 10]);
    const up = glance(cloud, 'PUT', `/v2/images/${id}/file`, { body: bytes, headers: OCTET });
    expect(up.status).toBe(204);
    expect(glance(cloud, 'GET', `/v2/images/${id}`).body.status).toBe('saving');
    cloud.clock.advance(DEFAULT_UPLOAD_MS - 1);
    expect(glance(cloud, 'GET', `/v2/images/${id}`).body.status).toBe('saving');
    cloud.clock.advance(1);
    const shown = glance(cloud, 'GET', `/v2/images/${id}`).body;
    expect(shown).toMatchObject({
      status: 'active',
      size: 5,
      checksum: createHash('md5').update(bytes).digest('hex'),
      os_hash_algo: 'sha512',
      os_hash_value: createHash('sha512').update(bytes).digest('hex'),
    });
    expect(seen).toEqual(['null->queued', 'queued->saving', 'saving->active']);
    const down = glance(cloud, 'GET', `/v2/images/${id}/file`);
    expect(down.status).toBe(200);
    expect([...(down.body as Uint8Array)]).toEqual([...bytes]);
    expect(down.headers['content-md5']).toBe(shown.checksum);
  });

  it('refuses data before the formats are set, and a second upload', () => {
    const cloud = newCloud();
    const bare = glance(cloud, 'POST', '/v2/images', { body: { name: 'x' } }).body.id;
    const early = glance(cloud, 'PUT', `/v2/images/${bare}/file`, { body: 'x', headers: OCTET });
    expect(early.status).toBe(400);
    expect(early.body.message).toBe(
      'Properties disk_format, container_format must be set prior to saving data.',
    );
    expect(glance(cloud, 'GET', `/v2/images/${bare}`).body.status).toBe('queued');
    const id = queuedImage(cloud);
    glance(cloud, 'PUT', `/v2/images/${id}/file`, { body: 'x', headers: OCTET });
    const again = glance(cloud, 'PUT', `/v2/images/${id}/file`, { body: 'x', headers: OCTET });
    expect(again.status).toBe(409);
    expect(again.body).toEqual({
      code: '409 Conflict',
      title: 'Conflict',
      message: 'Image status transition from saving to saving is not allowed',
    });
    const json = glance(cloud, 'PUT', `/v2/images/${id}/file`, {
      body: 'x',
      headers: { 'content-type': 'application/json' },
    });
    expect(json.status).toBe(415);
  });

  it('answers 204 with no data for a queued image', () => {
    const cloud = newCloud();
    const id = queuedImage(cloud);
    expect(glance(cloud, 'GET', `/v2/images/${id}/file`).status).toBe(204);
  });

  it('stages then imports with glance-direct: uploading, importing, active', () => {
    const cloud = newCloud();
    const id = queuedImage(cloud);
    const early = glance(cloud, 'POST', `/v2/images/${id}/import`, {
      body: { method: { name: 'glance-direct' } },
    });
    expect(early.status).toBe(409);
    expect(early.body.message).toBe(
      "Image needs to be staged before 'glance-direct' method can be used",
    );
    expect(
      glance(cloud, 'PUT', `/v2/images/${id}/stage`, { body: 'staged!', headers: OCTET }).status,
    ).toBe(204);
    expect(glance(cloud, 'GET', `/v2/images/${id}`).body.status).toBe('uploading');
    const unknown = glance(cloud, 'POST', `/v2/images/${id}/import`, {
      body: { method: { name: 'web-download' } },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toBe("Unknown import method name 'web-download'.");
    const imported = glance(cloud, 'POST', `/v2/images/${id}/import`, {
      body: { method: { name: 'glance-direct' } },
    });
    expect(imported.status).toBe(202);
    expect(glance(cloud, 'GET', `/v2/images/${id}`).body.status).toBe('importing');
    cloud.clock.advance(60_000);
    const shown = glance(cloud, 'GET', `/v2/images/${id}`).body;
    expect(shown).toMatchObject({ status: 'active', size: 7 });
    expect(new TextDecoder().decode(glance(cloud, 'GET', `/v2/images/${id}/file`).body)).toBe(
      'staged!',
    );
  });

  it('makes the next upload slow and the one after fail (fault rules)', () => {
    const cloud = newCloud();
    cloud.addFault({ kind: 'image-upload-slow', extraMs: 10_000, count: 1 });
    const slow = queuedImage(cloud);
    glance(cloud, 'PUT', `/v2/images/${slow}/file`, { body: 'a', headers: OCTET });
    cloud.clock.advance(DEFAULT_UPLOAD_MS);
    expect(glance(cloud, 'GET', `/v2/images/${slow}`).body.status).toBe('saving');
    cloud.clock.advance(10_000);
    expect(glance(cloud, 'GET', `/v2/images/${slow}`).body.status).toBe('active');

    cloud.addFault({ kind: 'image-upload-failure', count: 1 });
    const failing = queuedImage(cloud);
    glance(cloud, 'PUT', `/v2/images/${failing}/file`, { body: 'abc', headers: OCTET });
    cloud.clock.advance(DEFAULT_UPLOAD_MS);
    expect(glance(cloud, 'GET', `/v2/images/${failing}`).body).toMatchObject({
      status: 'queued',
      size: null,
    });
    // The rule is spent: the retry succeeds.
    glance(cloud, 'PUT', `/v2/images/${failing}/file`, { body: 'abc', headers: OCTET });
    cloud.clock.advance(DEFAULT_UPLOAD_MS);
    expect(glance(cloud, 'GET', `/v2/images/${failing}`).body.status).toBe('active');
  });

  it('deactivates and reactivates: data is forbidden to non-admins, Nova cannot boot', () => {
    const cloud = newCloud();
    const id = glance(cloud, 'POST', '/v2/images', {
      body: { name: 'x', container_format: 'bare', disk_format: 'raw' },
    }).body.id;
    const early = glance(cloud, 'POST', `/v2/images/${id}/actions/deactivate`);
    expect(early.status).toBe(403);
    expect(early.body.message).toBe("Not allowed to deactivate image in status 'queued'");
    glance(cloud, 'PUT', `/v2/images/${id}/file`, { body: 'abc', headers: OCTET });
    cloud.clock.advance(DEFAULT_UPLOAD_MS);
    expect(
      glance(cloud, 'POST', `/v2/images/${id}/actions/deactivate`, { auth: OTHER }).status,
    ).toBe(404);
    expect(glance(cloud, 'POST', `/v2/images/${id}/actions/deactivate`).status).toBe(204);
    expect(glance(cloud, 'POST', `/v2/images/${id}/actions/deactivate`).status).toBe(204);
    expect(glance(cloud, 'GET', `/v2/images/${id}`).body.status).toBe('deactivated');
    const download = glance(cloud, 'GET', `/v2/images/${id}/file`);
    expect(download.status).toBe(403);
    expect(download.body.message).toBe(
      'The requested image has been deactivated. Image data download is forbidden.',
    );
    expect(glance(cloud, 'GET', `/v2/images/${id}/file`, { auth: ADMIN }).status).toBe(200);
    const boot = cloud.request({
      method: 'POST',
      path: '/v2.1/servers',
      auth: DEMO,
      headers: { 'OpenStack-API-Version': 'compute 2.37' },
      body: { server: { name: 'vm', imageRef: id, flavorRef: '1', networks: 'none' } },
    });
    expect(boot.status).toBe(400);
    expect(boot.body.badRequest.message).toBe(`Image ${id} is not active.`);
    expect(glance(cloud, 'POST', `/v2/images/${id}/actions/reactivate`).status).toBe(204);
    expect(glance(cloud, 'GET', `/v2/images/${id}`).body.status).toBe('active');
  });

  it('deletes (204, then 404), refuses a protected image, and drops its pending upload', () => {
    const cloud = newCloud();
    const id = queuedImage(cloud, DEMO, { protected: true });
    const refused = glance(cloud, 'DELETE', `/v2/images/${id}`);
    expect(refused.status).toBe(403);
    expect(refused.body.message).toBe(`Image ${id} is protected and cannot be deleted.`);
    const other = queuedImage(cloud);
    glance(cloud, 'PUT', `/v2/images/${other}/file`, { body: 'a', headers: OCTET });
    expect(glance(cloud, 'DELETE', `/v2/images/${other}`, { auth: OTHER }).status).toBe(404);
    expect(glance(cloud, 'DELETE', `/v2/images/${other}`).status).toBe(204);
    cloud.clock.advance(60_000);
    const gone = glance(cloud, 'GET', `/v2/images/${other}`);
    expect(gone.status).toBe(404);
    expect(gone.body.message).toBe(`No image found with ID ${other}`);
    expect(glance(cloud, 'DELETE', `/v2/images/${other}`).status).toBe(404);
  });

  it('resumes byte-identically from a snapshot taken mid-upload', () => {
    const cloud = createCloud({ seed: 3 });
    const id = queuedImage(cloud);
    glance(cloud, 'PUT', `/v2/images/${id}/file`, { body: 'abc', headers: OCTET });
    cloud.clock.advance(500);
    const snap = cloud.snapshot();
    const copy = createCloud({ restore: JSON.parse(JSON.stringify(snap)) });
    expect(JSON.stringify(copy.snapshot())).toBe(JSON.stringify(snap));
    cloud.clock.advance(60_000);
    copy.clock.advance(60_000);
    expect(glance(copy, 'GET', `/v2/images/${id}`).body.status).toBe('active');
    expect(JSON.stringify(copy.snapshot())).toBe(JSON.stringify(cloud.snapshot()));
  });
});
