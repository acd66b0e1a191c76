import { describe, expect, it } from 'vitest';
import { call, expectFault, expectSample, newCloud, sample } from './helpers.js';

const IMAGE = '70a599e0-31e7-49b7-b260-868f441e862b';

describe("the image proxy replays Nova's api_samples", () => {
  it('lists, details and shows images', () => {
    const cloud = newCloud();
    expectSample(
      call(cloud, 'GET', 'images'),
      200,
      sample('images', '', 'images-list-get-resp.json'),
    );
    expectSample(
      call(cloud, 'GET', 'images/detail'),
      200,
      sample('images', '', 'images-details-get-resp.json'),
    );
    expectSample(
      call(cloud, 'GET', `images/${IMAGE}`),
      200,
      sample('images', '', 'image-get-resp.json'),
    );
  });

  it('reads and writes image metadata (as the owner or an admin)', () => {
    const cloud = newCloud();
    const admin = { admin: true };
    expectSample(
      call(cloud, 'GET', `images/${IMAGE}/metadata`),
      200,
      sample('images', '', 'image-metadata-get-resp.json'),
    );
    expectSample(
      call(cloud, 'POST', `images/${IMAGE}/metadata`, {
        ...admin,
        body: sample('images', '', 'image-metadata-post-req.json'),
      }),
      200,
      sample('images', '', 'image-metadata-post-resp.json'),
    );
    expectSample(
      call(cloud, 'PUT', `images/${IMAGE}/metadata`, {
        ...admin,
        body: sample('images', '', 'image-metadata-put-req.json'),
      }),
      200,
      sample('images', '', 'image-metadata-put-resp.json'),
    );
    expect(call(cloud, 'GET', `images/${IMAGE}/metadata`).body).toEqual({
      metadata: { auto_disk_config: 'True', Label: 'Changed' },
    });
    expectSample(
      call(cloud, 'PUT', `images/${IMAGE}/metadata/auto_disk_config`, {
        ...admin,
        body: sample('images', '', 'image-meta-key-put-req.json'),
      }),
      200,
      sample('images', '', 'image-meta-key-put-resp.json'),
    );
    expectSample(
      call(cloud, 'GET', `images/${IMAGE}/metadata/Label`),
      200,
      sample('images', '', 'image-meta-key-get.json'),
    );
    expect(call(cloud, 'DELETE', `images/${IMAGE}/metadata/Label`, admin).status).toBe(204);
    expectFault(
      call(cloud, 'DELETE', `images/${IMAGE}/metadata/Label`, admin),
      404,
      'Invalid metadata key',
    );
    expectFault(
      call(cloud, 'GET', `images/${IMAGE}/metadata/Label`),
      404,
      'The resource could not be found.',
    );
  });
});

describe('image proxy behaviour', () => {
  it('derives OS-DCF:diskConfig from auto_disk_config and shows Glance statuses', () => {
    const cloud = newCloud();
    const show = (id: string) =>
      (call(cloud, 'GET', `images/${id}`).body as { image: Record<string, unknown> }).image;
    expect(show(IMAGE)).toMatchObject({
      status: 'ACTIVE',
      progress: 100,
      'OS-DCF:diskConfig': 'AUTO',
    });
    expect(show('a440c04b-79fa-479c-bed1-0b816eaec379')['OS-DCF:diskConfig']).toBe('MANUAL');
    expect(show('155d900f-4e14-4e4c-a73d-069cbf4541e6')).not.toHaveProperty('OS-DCF:diskConfig');
    const links = show(IMAGE).links as { rel: string; href: string }[];
    expect(links.find((l) => l.rel === 'alternate')?.href).toBe(
      `http://glance.openstack.example.com/images/${IMAGE}`,
    );
  });

  it('pages with limit and marker', () => {
    const cloud = newCloud();
    const page = call(cloud, 'GET', 'images?limit=2').body as {
      images: { id: string }[];
      images_links: { href: string }[];
    };
    expect(page.images).toHaveLength(2);
    expect(page.images_links[0]!.href).toContain(`marker=${page.images[1]!.id}`);
    const next = call(cloud, 'GET', `images?marker=${page.images[1]!.id}`).body as {
      images: unknown[];
    };
    expect(next.images).toHaveLength(4);
    expectFault(call(cloud, 'GET', 'images?marker=nope'), 400, 'Marker nope could not be found.');
  });

  it('filters by name', () => {
    const body = call(newCloud(), 'GET', 'images?name=fakeimage7').body as {
      images: { id: string }[];
    };
    expect(body.images.map((i) => i.id)).toEqual([IMAGE]);
  });

  it('is gone from 2.36 on (metadata from 2.39)', () => {
    const cloud = newCloud();
    for (const path of ['images', 'images/detail', `images/${IMAGE}`]) {
      expect(call(cloud, 'GET', path, { version: '2.35' }).status).toBe(200);
      expectFault(
        call(cloud, 'GET', path, { version: '2.36' }),
        404,
        'The resource could not be found.',
      );
    }
    expect(call(cloud, 'GET', `images/${IMAGE}/metadata`, { version: '2.38' }).status).toBe(200);
    expect(call(cloud, 'GET', `images/${IMAGE}/metadata`, { version: '2.39' }).status).toBe(404);
  });

  it('answers 404 for unknown images and 403 for writes to images the project does not own', () => {
    const cloud = newCloud();
    expectFault(call(cloud, 'GET', 'images/nope'), 404, 'Image not found.');
    expectFault(
      call(cloud, 'DELETE', `images/${IMAGE}`),
      403,
      'You are not allowed to delete the image.',
    );
    expectFault(
      call(cloud, 'POST', `images/${IMAGE}/metadata`, { body: { metadata: { a: 'b' } } }),
      403,
      `Not authorized for image ${IMAGE}.`,
    );
    expectFault(
      call(cloud, 'PUT', `images/${IMAGE}/metadata/a`, { admin: true, body: { meta: { b: 'c' } } }),
      400,
      'Request body and URI mismatch',
    );
  });

  it('deletes an image for an admin (204), after which it is not found', () => {
    const cloud = newCloud();
    expect(call(cloud, 'DELETE', `images/${IMAGE}`, { admin: true }).status).toBe(204);
    expectFault(call(cloud, 'GET', `images/${IMAGE}`), 404, 'Image not found.');
    expect((call(cloud, 'GET', 'images').body as { images: unknown[] }).images).toHaveLength(5);
  });

  it('enforces the metadata_items quota on image metadata', () => {
    const cloud = newCloud();
    cloud.compute.projectQuotas.set('6f70656e737461636b20342065766572', { metadataItems: 4 });
    expectFault(
      call(cloud, 'POST', `images/${IMAGE}/metadata`, {
        admin: true,
        body: { metadata: { extra: 'x' } },
      }),
      403,
      'Image metadata limit exceeded',
    );
  });
});
