import { describe, expect, it } from 'vitest';
import { createCloud } from '../../../src/cloud.js';
import { V } from './helpers.js';

// nova/compute/api.py resize: the zero-disk refusal first, then the image's size and
// min_disk against the new flavor's disk (_validate_flavor_image_nostatus).

const BIG_IMAGE = 'b1b1b1b1-0000-4000-8000-000000000001';

function serverOn(flavorRef: string) {
  const cloud = createCloud({
    seed: 3,
    config: { jitter: 0 },
    catalog: {
      images: [
        {
          id: BIG_IMAGE,
          name: 'big',
          status: 'active',
          visibility: 'public',
          minDisk: 15,
          minRam: 0,
          size: 1024,
          properties: {},
          ownerProjectId: null,
        },
        // The options schema has no serverId, which the Image type requires (noted to the lead).
      ] as never,
    },
  });
  const res = cloud.request({
    method: 'POST',
    path: '/v2.1/servers',
    headers: V,
    body: { server: { name: 'a', flavorRef, imageRef: BIG_IMAGE, networks: 'none' } },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  cloud.clock.advance(60_000);
  const id = res.body.server.id as string;
  const resize = (to: string) =>
    cloud.request({
      method: 'POST',
      path: `/v2.1/servers/${id}/action`,
      headers: V,
      body: { resize: { flavorRef: to } },
    });
  return { resize };
}

describe('resize checks the image against the new flavor disk', () => {
  it("refuses a flavor smaller than the image's min_disk with Nova's 400", () => {
    const { resize } = serverOn('3');
    const res = resize('1');
    expect(res.status).toBe(400);
    expect(res.body.badRequest.message).toBe(
      "Flavor's disk is smaller than the minimum size specified in image metadata. Flavor disk is 1073741824 bytes, minimum size is 16106127360 bytes.",
    );
  });

  it('accepts a flavor with room for the image', () => {
    const { resize } = serverOn('3');
    expect(resize('4').status).toBe(202);
  });
});
