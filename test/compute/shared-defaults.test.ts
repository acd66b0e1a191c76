import { describe, expect, it } from 'vitest';
import { createCloud } from '../../src/index.js';

const IMAGE = '70a599e0-31e7-49b7-b260-868f441e862b';

describe('servers created without metadata or hints', () => {
  const setUp = () => {
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
    const metadataOf = (id: string) =>
      (
        cloud.request({ method: 'GET', path: `/v2.1/servers/${id}/metadata` }).body as {
          metadata: Record<string, string>;
        }
      ).metadata;
    return { cloud, create, metadataOf };
  };

  it('keep their own metadata: one server set through the API leaves the others empty', () => {
    const { cloud, create, metadataOf } = setUp();
    const [a, b] = [create(), create()];
    cloud.clock.advance(60_000);
    const set = cloud.request({
      method: 'POST',
      path: `/v2.1/servers/${a}/metadata`,
      body: { metadata: { role: 'web' } },
    });
    expect(set.status).toBe(200);
    expect(metadataOf(a)).toEqual({ role: 'web' });
    expect(metadataOf(b)).toEqual({});
  });

  it('keep their own metadata when a caller writes a record in place', () => {
    const { cloud, create, metadataOf } = setUp();
    const [a, b] = [create(), create()];
    cloud.compute.get(a)!.metadata.k = 'v';
    expect(metadataOf(a)).toEqual({ k: 'v' });
    expect(metadataOf(b)).toEqual({});
  });

  it('share hints that refuse a write in place', () => {
    const { cloud, create } = setUp();
    const [a, b] = [create(), create()];
    const hints = cloud.compute.get(a)!.schedulerHints;
    expect(cloud.compute.get(b)!.schedulerHints).toBe(hints);
    expect(() => {
      hints.same_host = ['x'];
    }).toThrow(TypeError);
  });
});
