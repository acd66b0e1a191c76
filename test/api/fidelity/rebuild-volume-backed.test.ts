import { describe, expect, it } from 'vitest';
import { createCloud } from '../../../src/cloud.js';

// compute.API.rebuild (Nova master): a volume-backed server compares the requested image
// with its root volume's `volume_image_metadata.image_id`; only a different one is refused
// before 2.93, and an empty image_ref stays empty over any rebuild.
const IMAGE = '70a599e0-31e7-49b7-b260-868f441e862b';
const OTHER = '155d900f-4e14-4e4c-a73d-069cbf4541e6';

function volumeBacked() {
  const cloud = createCloud({ seed: 9, config: { jitter: 0 } });
  const res = cloud.request({
    method: 'POST',
    path: '/v2.1/servers',
    body: {
      server: {
        name: 'bfv',
        flavorRef: '1',
        imageRef: '',
        block_device_mapping_v2: [
          {
            boot_index: 0,
            uuid: IMAGE,
            source_type: 'image',
            destination_type: 'volume',
            volume_size: 1,
          },
        ],
      },
    },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  const id: string = res.body.server.id;
  cloud.clock.advance(60_000);
  const rebuild = (imageRef: string, version: string) =>
    cloud.request({
      method: 'POST',
      path: `/v2.1/servers/${id}/action`,
      headers: { 'OpenStack-API-Version': `compute ${version}` },
      body: { rebuild: { imageRef } },
    });
  const show = () => cloud.request({ method: 'GET', path: `/v2.1/servers/${id}` }).body.server;
  return { cloud, rebuild, show };
}

describe('rebuild of a volume-backed server (compute.API.rebuild)', () => {
  it('before 2.93, rebuilds onto the image the root volume was made from', () => {
    const { cloud, rebuild, show } = volumeBacked();
    expect(show().status).toBe('ACTIVE');
    const res = rebuild(IMAGE, '2.92');
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    expect(show().status).toBe('REBUILD');
    cloud.clock.advance(60_000);
    expect(show().status).toBe('ACTIVE');
    // Still volume-backed: the view's image stays "".
    expect(show().image).toBe('');
  });

  it('before 2.93, refuses another image and changes nothing', () => {
    const { rebuild, show } = volumeBacked();
    const res = rebuild(OTHER, '2.1');
    expect(res.status).toBe(400);
    expect(res.body.badRequest.message).toBe(
      `Image ${OTHER} is unacceptable: Unable to rebuild with a different image for a volume-backed server.`,
    );
    expect(show().status).toBe('ACTIVE');
  });

  it('from 2.93, reimages the root volume with another image and stays volume-backed', () => {
    const { cloud, rebuild, show } = volumeBacked();
    expect(rebuild(OTHER, '2.93').status).toBe(202);
    cloud.clock.advance(60_000);
    expect(show().status).toBe('ACTIVE');
    expect(show().image).toBe('');
  });
});
