import { describe, expect, it } from 'vitest';
import { SAMPLE_PROJECT_ID } from '../../src/catalog/defaults.js';
import { createCloud } from '../../src/cloud.js';

const IMAGE = '70a599e0-31e7-49b7-b260-868f441e862b';
const UNKNOWN = '8e7a1b4c-0000-4000-8000-000000000001';
const ADMIN = { projectId: SAMPLE_PROJECT_ID, userId: 'fake', roles: ['admin'] };

function serverCloud(server: Record<string, unknown> = { imageRef: IMAGE }) {
  const cloud = createCloud({ seed: 5, config: { jitter: 0 } });
  const res = cloud.request({
    method: 'POST',
    path: '/v2.1/servers',
    body: { server: { name: 'a', flavorRef: '1', ...server } },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  cloud.clock.advance(60_000);
  const id: string = res.body.server.id;
  const act = (body: unknown, version = '2.1', auth?: typeof ADMIN) =>
    cloud.request({
      method: 'POST',
      path: `/v2.1/servers/${id}/action`,
      headers: { 'OpenStack-API-Version': `compute ${version}` },
      body,
      ...(auth ? { auth } : {}),
    });
  return { cloud, id, act };
}

describe('server actions, details Nova is particular about (§2.5)', () => {
  it('os-start, os-stop and trigger_crash_dump on an unknown id: no mapping to a cell', () => {
    const { cloud } = serverCloud();
    for (const [body, version] of [
      [{ 'os-start': null }, '2.1'],
      [{ 'os-stop': null }, '2.1'],
      [{ trigger_crash_dump: null }, '2.17'],
    ] as const) {
      const res = cloud.request({
        method: 'POST',
        path: `/v2.1/servers/${UNKNOWN}/action`,
        headers: { 'OpenStack-API-Version': `compute ${version}` },
        body,
      });
      expect(res.status).toBe(404);
      expect(res.body.itemNotFound.message).toBe(`Instance ${UNKNOWN} has no mapping to a cell.`);
    }
    const pause = cloud.request({
      method: 'POST',
      path: `/v2.1/servers/${UNKNOWN}/action`,
      body: { pause: null },
    });
    expect(pause.body.itemNotFound.message).toBe(`Instance ${UNKNOWN} could not be found.`);
  });

  it('a volume-backed server cannot be rebuilt with another image before 2.93', () => {
    const { act } = serverCloud({
      imageRef: '',
      block_device_mapping_v2: [
        // Boots from a volume Nova asks Cinder to make from the image.
        {
          boot_index: 0,
          uuid: IMAGE,
          source_type: 'image',
          destination_type: 'volume',
          volume_size: 1,
        },
      ],
    });
    // Another image than the root volume's (the same one is rebuilt: rebuild-volume-backed.test.ts).
    const before = act({ rebuild: { imageRef: '155d900f-4e14-4e4c-a73d-069cbf4541e6' } }, '2.92');
    expect(before.status).toBe(400);
    expect(before.body.badRequest.message).toMatch(
      /^Image .* is unacceptable: Unable to rebuild with a different image for a volume-backed server\.$/,
    );
    expect(act({ rebuild: { imageRef: IMAGE } }, '2.93').status).toBe(202);
  });

  it('checks the lock before the flavor or image of a resize or rebuild (409 before 400)', () => {
    const { act } = serverCloud();
    expect(act({ lock: null }).status).toBe(202);
    const resize = act({ resize: { flavorRef: 'no-such-flavor' } });
    expect(resize.status).toBe(409);
    const rebuild = act({ rebuild: { imageRef: UNKNOWN } });
    expect(rebuild.status).toBe(409);
    expect(act({ resize: { flavorRef: 'no-such-flavor' } }, '2.1', ADMIN).status).toBe(400);
  });
});
