import { describe, expect, it } from 'vitest';
import { createCloud } from '../../src/index.js';

const IMAGE = '70a599e0-31e7-49b7-b260-868f441e862b';

describe('servers created without metadata or hints share one empty object', () => {
  it('setting one server metadata leaves the others empty', () => {
    const cloud = createCloud({ seed: 4 });
    const create = () =>
      (
        cloud.request({
          method: 'POST',
          path: '/v2.1/servers',
          body: { server: { name: 'a', imageRef: IMAGE, flavorRef: '1', networks: 'none' } },
          headers: { 'OpenStack-API-Version': 'compute 2.37' },
        }).body as { server: { id: string } }
      ).server.id;
    const [a, b] = [create(), create()];
    cloud.clock.advance(60_000);
    const set = cloud.request({
      method: 'POST',
      path: `/v2.1/servers/${a}/metadata`,
      body: { metadata: { role: 'web' } },
    });
    expect(set.status).toBe(200);
    const put = cloud.request({
      method: 'PUT',
      path: `/v2.1/servers/${b}/metadata/k`,
      body: { meta: { k: 'v' } },
    });
    expect(put.status).toBe(200);
    const metadataOf = (id: string) =>
      (
        cloud.request({ method: 'GET', path: `/v2.1/servers/${id}/metadata` }).body as {
          metadata: Record<string, string>;
        }
      ).metadata;
    expect(metadataOf(a)).toEqual({ role: 'web' });
    expect(metadataOf(b)).toEqual({ k: 'v' });
    expect(metadataOf(create())).toEqual({});
  });
});
