import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { ROUTES } from '../../src/api/routes.js';
import { SAMPLE_PROJECT_ID } from '../../src/catalog/defaults.js';
import { type Cloud, createCloud } from '../../src/cloud.js';
import { faultNameFor } from '../../src/errors/nova-error.js';

const IMAGE = '70a599e0-31e7-49b7-b260-868f441e862b';

function cloudWithServer(): { cloud: Cloud; id: string } {
  const cloud = createCloud({ seed: 11, config: { jitter: 0 } });
  const res = cloud.request({
    method: 'POST',
    path: '/v2.1/servers',
    body: { server: { name: 'fuzz', imageRef: IMAGE, flavorRef: '1' } },
  });
  cloud.clock.advance(60_000);
  return { cloud, id: (res.body as { server: { id: string } }).server.id };
}

/** Everything but the PRNG (request ids draw from it on every request, failed or not). */
function state(cloud: Cloud): string {
  const { random: _random, ...rest } = cloud.snapshot();
  return JSON.stringify(rest);
}

function isFault(body: unknown, status: number): boolean {
  if (typeof body !== 'object' || body === null) return false;
  const fault = (body as Record<string, { code?: unknown; message?: unknown }>)[
    faultNameFor(status)
  ];
  return fault !== undefined && fault.code === status && typeof fault.message === 'string';
}

const route = fc.constantFrom(...ROUTES);
const auth = fc.constantFrom(
  undefined,
  { projectId: SAMPLE_PROJECT_ID, userId: 'fake', roles: ['admin'] },
  { projectId: 'other', userId: 'eve', roles: ['member'] },
);
const version = fc.constantFrom(undefined, '2.1', '2.47', '2.75', 'latest', '3.0', 'bogus');
const query = fc.array(fc.tuple(fc.string({ maxLength: 12 }), fc.string({ maxLength: 12 })), {
  maxLength: 4,
});

describe('bad input never throws and a refused request changes nothing', () => {
  const { cloud, id } = cloudWithServer();

  test.prop([route, fc.oneof(fc.anything(), fc.json(), fc.string()), auth, version, query], {
    numRuns: 1500,
  })('any body, query and caller on every route', (r, body, who, v, q) => {
    const path = r.path
      .replace('{server_id}', id)
      .replace(/\{[^}]+\}/g, 'x')
      .concat(
        q.length > 0
          ? `?${q.map(([k, val]) => `${encodeURIComponent(k)}=${encodeURIComponent(val)}`).join('&')}`
          : '',
      );
    const before = state(cloud);
    const res = cloud.request({
      method: r.method,
      path: `/v2.1${path}`,
      body,
      ...(who ? { auth: who } : {}),
      ...(v ? { headers: { 'OpenStack-API-Version': `compute ${v}` } } : {}),
    });
    expect(res.status).toBeGreaterThanOrEqual(200);
    expect(res.status, JSON.stringify(res.body)).not.toBe(500);
    if (res.status >= 400) {
      expect(isFault(res.body, res.status), JSON.stringify(res.body)).toBe(true);
      expect(state(cloud)).toBe(before);
    }
  });
});

describe('names of JavaScript built-ins are plain strings to the API', () => {
  const BUILT_INS = ['toString', 'constructor', '__proto__', 'hasOwnProperty', 'valueOf'];

  test.prop([fc.constantFrom(...BUILT_INS)])('as an action key: 400, no such action', (key) => {
    const { cloud, id } = cloudWithServer();
    const res = cloud.request({
      method: 'POST',
      path: `/v2.1/servers/${id}/action`,
      body: `{"${key}": {}}`,
    });
    expect(res.status).toBe(400);
    expect(res.body.badRequest.message).toBe(`There is no such action: ${key}`);
  });

  test.prop([fc.constantFrom(...BUILT_INS)])(
    'as a metadata key: 404 to read, a mismatch to write, snapshots still work',
    (key) => {
      const { cloud, id } = cloudWithServer();
      const path = `/v2.1/servers/${id}/metadata/${key}`;
      expect(cloud.request({ method: 'GET', path }).status).toBe(404);
      expect(cloud.request({ method: 'DELETE', path }).status).toBe(404);
      const put = cloud.request({ method: 'PUT', path, body: { meta: { a: 'b' } } });
      expect(put.body.badRequest.message).toBe('Request body and URI mismatch');
      expect(() => cloud.snapshot()).not.toThrow();
    },
  );

  test.prop([fc.constantFrom(...BUILT_INS)])('as a network label: 404', (key) => {
    const { cloud, id } = cloudWithServer();
    expect(cloud.request({ method: 'GET', path: `/v2.1/servers/${id}/ips/${key}` }).status).toBe(
      404,
    );
  });

  test('a request that is not an object, or a query of numbers, gets an answer', () => {
    const { cloud } = cloudWithServer();
    expect(cloud.request(null as never).status).toBe(200);
    expect(
      cloud.request({ method: 'GET', path: '/v2.1/servers', query: { limit: 1 } as never }).status,
    ).toBe(200);
  });
});
