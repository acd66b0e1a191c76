import { describe, expect, it } from 'vitest';
import { createCloud } from '../../../src/cloud.js';

// A detail list works out the microversion gates, the policy answers and each image's
// parts once per request (src/api/views/request-memo.ts) and writes the gated fields with
// a writer compiled per set of keys. Each item must still be the server's own GET view
// (less `server_groups`, which lists leave out), keys in the same order, whatever the
// version or caller of the request before it.
const IMAGES = ['70a599e0-31e7-49b7-b260-868f441e862b', '155d900f-4e14-4e4c-a73d-069cbf4541e6'];
const ADMIN = { roles: ['admin'] };

function cloudWithServers() {
  const cloud = createCloud({ seed: 5, config: { jitter: 0 } });
  IMAGES.forEach((imageRef, i) => {
    for (const flavorRef of ['1', '2']) {
      const res = cloud.request({
        method: 'POST',
        path: '/v2.1/servers',
        body: { server: { name: `s-${i}-${flavorRef}`, imageRef, flavorRef } },
      });
      expect(res.status).toBe(202);
    }
  });
  // One server still building: its view has no addresses and a BUILD progress.
  cloud.clock.advance(60_000);
  const res = cloud.request({
    method: 'POST',
    path: '/v2.1/servers',
    body: { server: { name: 'building', imageRef: IMAGES[0], flavorRef: '1' } },
  });
  expect(res.status).toBe(202);
  return cloud;
}

describe('detail list views', () => {
  it.each([
    ['2.1', false],
    ['2.3', true],
    ['2.47', false],
    ['2.47', true],
    ['2.98', false],
    ['2.98', true],
    ['latest', false],
    ['latest', true],
  ])('at %s (admin %s) each item is the GET view less server_groups', (version, admin) => {
    const cloud = cloudWithServers();
    const headers = { 'OpenStack-API-Version': `compute ${version}` };
    const auth = admin ? ADMIN : undefined;
    // Another request first, at another version and role: nothing of it may carry over.
    const other = cloud.request({
      method: 'GET',
      path: '/v2.1/servers/detail',
      headers: { 'OpenStack-API-Version': `compute ${version === '2.1' ? 'latest' : '2.1'}` },
      ...(admin ? {} : { auth: ADMIN }),
    });
    expect(other.status).toBe(200);
    const list = cloud.request({
      method: 'GET',
      path: '/v2.1/servers/detail',
      headers,
      ...(auth ? { auth } : {}),
    });
    expect(list.status).toBe(200);
    const items = (list.body as { servers: Record<string, unknown>[] }).servers;
    expect(items).toHaveLength(5);
    for (const item of items) {
      const shown = cloud.request({
        method: 'GET',
        path: `/v2.1/servers/${item.id as string}`,
        headers,
        ...(auth ? { auth } : {}),
      });
      const { server_groups: _groups, ...expected } = (
        shown.body as { server: Record<string, unknown> }
      ).server;
      expect(item).toStrictEqual(expected);
      expect(Object.keys(item)).toStrictEqual(Object.keys(expected));
    }
    // Views share no parts: two servers of one image get their own image objects.
    const images = items
      .map((item) => item.image as { id: string; links: unknown; properties?: unknown })
      .filter((image) => image.id === IMAGES[0]);
    expect(images.length).toBeGreaterThan(1);
    const [a, b] = images as [(typeof images)[0], (typeof images)[0]];
    expect(a.links).not.toBe(b.links);
    if (a.properties !== undefined) expect(a.properties).not.toBe(b.properties);
  });
});
