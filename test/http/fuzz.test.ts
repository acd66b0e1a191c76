import { request } from 'node:http';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { serve, serverBody } from './helpers.js';

/** One raw request: whatever method, path, headers and body bytes the fuzzer drew. */
function send(
  base: string,
  method: string,
  path: string,
  headers: Record<string, string>,
  body: Buffer,
): Promise<number> {
  const url = new URL(base);
  return new Promise((resolve) => {
    const req = request({ host: url.hostname, port: url.port, method, path, headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    // A request Node itself refuses to send (bad header bytes) never reached the server.
    req.on('error', () => resolve(-1));
    req.end(body);
  });
}

const PREFIXES = [
  '/compute/v2.1',
  '/v2.1',
  '/identity/v3',
  '/image/v2',
  '/network/v2.0',
  '/_sim',
  '',
];
const SEGMENTS = [
  'servers',
  'detail',
  'action',
  'flavors',
  'os-extra_specs',
  'clock',
  'advance',
  'hosts',
  'snapshot',
  'auth',
  'tokens',
  '%',
  '%zz',
  '..',
  '%00',
  'x'.repeat(300),
];

const pathArb = fc
  .tuple(
    fc.constantFrom(...PREFIXES),
    fc.array(fc.oneof(fc.constantFrom(...SEGMENTS), fc.uuid(), fc.string({ maxLength: 8 })), {
      maxLength: 4,
    }),
    fc.option(fc.string({ maxLength: 20 }), { nil: undefined }),
  )
  .map(([prefix, segments, query]) => {
    const path = `${prefix}/${segments.map((s) => s.replace(/[?#\s]/g, '')).join('/')}`;
    return query === undefined ? path : `${path}?${encodeURI(query)}`;
  });

const bodyArb = fc.oneof(
  fc.constant(Buffer.alloc(0)),
  fc.json().map((j) => Buffer.from(j)),
  fc.uint8Array({ maxLength: 64 }).map((a) => Buffer.from(a)),
  fc.constant(Buffer.from(JSON.stringify(serverBody('fuzz')))),
  fc.integer({ min: 100, max: 3000 }).map((n) => Buffer.from(`${'['.repeat(n)}${']'.repeat(n)}`)),
);

const headerArb = fc.record(
  {
    'content-type': fc.constantFrom(
      'application/json',
      'text/plain',
      'application/json; charset=latin1',
    ),
    'openstack-api-version': fc.constantFrom(
      'compute 2.1',
      'compute latest',
      'compute 9.9',
      'bogus',
    ),
    'x-openstack-nova-api-version': fc.constantFrom('2.1', '2.95', 'x'),
  },
  { requiredKeys: [] },
);

describe('HTTP fuzz through serve', () => {
  it('never answers 5xx, and a 4xx changes nothing in the cloud', async () => {
    const test = await serve();
    const demo = await test.token('demo');
    const admin = await test.token('admin');
    const stateOf = () => {
      const { random: _random, ...rest } = test.server.cloud.snapshot();
      return JSON.stringify(rest);
    };
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'BREW'),
        pathArb,
        headerArb,
        fc.constantFrom<string | undefined>(demo, admin, 'bogus', undefined),
        bodyArb,
        async (method, path, headers, token, body) => {
          const before = stateOf();
          const all: Record<string, string> = { ...headers };
          if (token !== undefined) all['x-auth-token'] = token;
          const status = await send(test.base, method, path, all, body);
          expect(status).not.toBeGreaterThanOrEqual(500);
          if (status >= 400 && status < 500) expect(stateOf()).toBe(before);
        },
      ),
      { numRuns: 150, seed: 1313 },
    );
  });
});
