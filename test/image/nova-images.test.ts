import { describe, expect, it } from 'vitest';
import { type Cloud, createCloud } from '../../src/cloud.js';
import { ADMIN, activeImage, DEMO, glance, newCloud, OTHER, queuedImage } from './helpers.js';

const IMAGE = '70a599e0-31e7-49b7-b260-868f441e862b';

function nova(
  cloud: Cloud,
  method: string,
  path: string,
  body?: unknown,
  version = '2.1',
  auth = DEMO,
) {
  return cloud.request({
    method,
    path: `/v2.1${path}`,
    auth,
    headers: { 'OpenStack-API-Version': `compute ${version}` },
    ...(body === undefined ? {} : { body }),
  });
}

function boot(cloud: Cloud, imageRef = IMAGE, flavorRef = '1') {
  return nova(
    cloud,
    'POST',
    '/servers',
    {
      server: { name: 'vm', imageRef, flavorRef, networks: 'none' },
    },
    '2.45',
  );
}

function activeServer(cloud: Cloud): string {
  const res = boot(cloud);
  if (res.status !== 202) throw new Error(JSON.stringify(res.body));
  cloud.clock.advance(60_000);
  return res.body.server.id as string;
}

describe('Nova snapshots are real Glance images', () => {
  it('createImage: queued, saving when the upload step starts, active when it ends', () => {
    const cloud = newCloud();
    const server = activeServer(cloud);
    const res = nova(
      cloud,
      'POST',
      `/servers/${server}/action`,
      {
        createImage: { name: 'snap', metadata: { image_type: 'gold', color: 'blue' } },
      },
      '2.45',
    );
    expect(res.status).toBe(202);
    const id = res.body.image_id as string;
    const image = () => glance(cloud, 'GET', `/v2/images/${id}`).body;
    expect(image()).toMatchObject({
      name: 'snap',
      status: 'queued',
      visibility: 'private',
      owner: 'demo',
      instance_uuid: server,
      user_id: 'alice',
      // User metadata overrides Nova's own image_type (compute_utils.create_image).
      image_type: 'gold',
      color: 'blue',
      architecture: 'x86_64',
    });
    const statuses: string[] = [];
    cloud.events.on('image.status', (e) => statuses.push(e.to));
    cloud.clock.advance(60_000);
    expect(statuses).toEqual(['saving', 'active']);
    expect(image()).toMatchObject({ status: 'active', size: 25165824, disk_format: 'qcow2' });
    const proxied = nova(cloud, 'GET', `/images/${id}`);
    expect(proxied.body.image).toMatchObject({ status: 'ACTIVE', progress: 100 });
  });

  it('createBackup keeps the `rotation` newest backups of that type', () => {
    const cloud = newCloud();
    const server = activeServer(cloud);
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      const res = nova(
        cloud,
        'POST',
        `/servers/${server}/action`,
        {
          createBackup: { name: `b${i}`, backup_type: 'daily', rotation: 2 },
        },
        '2.45',
      );
      expect(res.status).toBe(202);
      ids.push(res.body.image_id);
      cloud.clock.advance(60_000);
    }
    const weekly = nova(
      cloud,
      'POST',
      `/servers/${server}/action`,
      {
        createBackup: { name: 'w', backup_type: 'weekly', rotation: 1 },
      },
      '2.45',
    );
    cloud.clock.advance(60_000);
    const live = glance(cloud, 'GET', '/v2/images?image_type=backup').body.images.map(
      (i: { id: string }) => i.id,
    );
    expect(live.sort()).toEqual([ids[2], ids[3], weekly.body.image_id].sort());
    expect(glance(cloud, 'GET', `/v2/images/${ids[0]}`).status).toBe(404);
  });

  it('shelve makes `<name>-shelved`; unshelve deletes it', () => {
    const cloud = newCloud();
    const server = activeServer(cloud);
    expect(nova(cloud, 'POST', `/servers/${server}/action`, { shelve: null }).status).toBe(202);
    cloud.clock.advance(60_000);
    const shelved = glance(cloud, 'GET', '/v2/images?name=vm-shelved').body.images;
    expect(shelved).toHaveLength(1);
    expect(shelved[0]).toMatchObject({
      status: 'active',
      image_type: 'snapshot',
      instance_uuid: server,
    });
    expect(nova(cloud, 'POST', `/servers/${server}/action`, { unshelve: null }).status).toBe(202);
    expect(glance(cloud, 'GET', `/v2/images/${shelved[0].id}`).status).toBe(404);
  });

  it('deleting a shelved server deletes its shelved image', () => {
    const cloud = newCloud();
    const server = activeServer(cloud);
    nova(cloud, 'POST', `/servers/${server}/action`, { shelve: null });
    cloud.clock.advance(60_000);
    const [image] = glance(cloud, 'GET', '/v2/images?name=vm-shelved').body.images;
    expect(nova(cloud, 'DELETE', `/servers/${server}`).status).toBe(204);
    expect(glance(cloud, 'GET', `/v2/images/${image.id}`).status).toBe(404);
  });

  it('a snapshot taken mid-upload resumes byte-identically', () => {
    const cloud = newCloud();
    const server = activeServer(cloud);
    const res = nova(
      cloud,
      'POST',
      `/servers/${server}/action`,
      { createImage: { name: 's' } },
      '2.45',
    );
    cloud.clock.advance(1500);
    const snap = JSON.parse(JSON.stringify(cloud.snapshot()));
    const copy = createCloud({ restore: snap });
    expect(JSON.stringify(copy.snapshot())).toBe(JSON.stringify(snap));
    for (const c of [cloud, copy]) c.clock.advance(60_000);
    expect(glance(copy, 'GET', `/v2/images/${res.body.image_id}`).body.status).toBe('active');
    expect(JSON.stringify(copy.snapshot())).toBe(JSON.stringify(cloud.snapshot()));
  });

  it('DELETE /images/{id} deletes in Glance (204), 404 when unknown, 403 for others', () => {
    const cloud = newCloud();
    const id = activeImage(cloud);
    expect(nova(cloud, 'DELETE', '/images/nope').status).toBe(404);
    expect(nova(cloud, 'DELETE', `/images/${IMAGE}`).status).toBe(403);
    expect(nova(cloud, 'DELETE', `/images/${id}`, undefined, '2.1', OTHER).status).toBe(404);
    expect(nova(cloud, 'DELETE', `/images/${id}`).status).toBe(204);
    expect(glance(cloud, 'GET', `/v2/images/${id}`).status).toBe(404);
    expect(nova(cloud, 'DELETE', `/images/${id}`).status).toBe(404);
  });
});

describe('booting checks the image in Glance', () => {
  it('unknown or invisible → 400, queued → not active, min_ram/min_disk → flavor too small', () => {
    const cloud = newCloud();
    const unknown = '00000000-0000-4000-8000-000000000000';
    expect(boot(cloud, unknown).body.badRequest.message).toBe('Can not find requested image');
    const priv = activeImage(cloud, 'x', OTHER, { visibility: 'private' });
    expect(boot(cloud, priv).body.badRequest.message).toBe('Can not find requested image');
    const queued = queuedImage(cloud);
    expect(boot(cloud, queued).body.badRequest.message).toBe(`Image ${queued} is not active.`);
    const big = activeImage(cloud, 'x', DEMO, { min_ram: 4096 });
    expect(boot(cloud, big).body.badRequest.message).toBe(
      "Flavor's memory is too small for requested image.",
    );
    const wide = activeImage(cloud, 'x', DEMO, { min_disk: 10 });
    expect(boot(cloud, wide).body.badRequest.message).toBe(
      `Flavor's disk is smaller than the minimum size specified in image metadata. Flavor disk is ${1024 ** 3} bytes, minimum size is ${10 * 1024 ** 3} bytes.`,
    );
    expect(boot(cloud, wide, '2').status).toBe(202);
    const community = activeImage(cloud, 'x', OTHER, { visibility: 'community' });
    expect(boot(cloud, community).status).toBe(202);
    expect(glance(cloud, 'GET', `/v2/images/${priv}`, { auth: ADMIN }).status).toBe(200);
  });
});
