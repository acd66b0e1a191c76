import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { serve, serverBody } from './helpers.js';

interface Raw {
  status: number;
  text: string;
}

/** A raw node:http request, so Host and body bytes are exactly what a hostile client sends. */
function raw(
  base: string,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: Buffer | string } = {},
): Promise<Raw> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path,
        method: options.method ?? 'GET',
        headers: options.headers,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString() }),
        );
      },
    );
    req.on('error', reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

describe('serve under hostile input', () => {
  it('refuses a foreign Host header (DNS rebinding) before issuing anything', async () => {
    const { base, server } = await serve();
    const login = JSON.stringify({
      auth: {
        identity: {
          methods: ['password'],
          password: { user: { name: 'admin', domain: { name: 'Default' }, password: 'admin' } },
        },
      },
    });
    const headers = { host: 'attacker.example:8774', 'content-type': 'application/json' };
    const res = await raw(base, '/identity/v3/auth/tokens', {
      method: 'POST',
      headers,
      body: login,
    });
    expect(res.status).toBe(400);
    expect(server.identity.tokens.size).toBe(0);
    const local = await raw(base, '/identity/v3/auth/tokens', {
      method: 'POST',
      headers: { host: `localhost:${new URL(base).port}`, 'content-type': 'application/json' },
      body: login,
    });
    expect(local.status).toBe(201);
  });

  it('answers 401 to an unauthenticated /_sim/ body without reading it', async () => {
    const { base } = await serve();
    const res = await raw(base, '/_sim/snapshot', {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: Buffer.alloc(4 * 1024 * 1024, 0x20),
    }).catch((error: Error) => ({ status: -1, text: error.message }));
    // The server answers 401 at once; a client still writing may see the socket close.
    expect([401, -1]).toContain(res.status);
  });

  it('answers 400 to a broken % escape in a /_sim/hosts path', async () => {
    const test = await serve();
    const admin = await test.token('admin');
    const res = await test.call('/_sim/hosts/%E0%A4%A', { method: 'DELETE', token: admin });
    expect(res.status).toBe(400);
  });

  it('answers 400 to JSON nested 5,000 levels deep, on Nova, Keystone and /_sim', async () => {
    const test = await serve();
    const demo = await test.token('demo');
    const admin = await test.token('admin');
    const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`;
    const deepObject = `{"server":${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}}`;
    for (const body of [deep, deepObject]) {
      const nova = await test.call('/compute/v2.1/servers', { method: 'POST', token: demo, body });
      expect(nova.status).toBe(400);
      expect(nova.body.badRequest.message).toBe('Malformed request body');
      const keystone = await test.call('/identity/v3/auth/tokens', { method: 'POST', body });
      expect(keystone.status).toBe(400);
      const control = await test.call('/_sim/clock/advance', {
        method: 'POST',
        token: admin,
        body,
      });
      expect(control.status).toBe(400);
    }
    expect(test.server.cloud.compute.servers.size).toBe(0);
  });

  it('refuses a body that is not UTF-8 as Nova does: 400 Malformed request body', async () => {
    const test = await serve();
    const demo = await test.token('demo');
    const good = Buffer.from(JSON.stringify(serverBody('x')));
    const bad = Buffer.concat([good.subarray(0, 20), Buffer.from([0xff, 0xfe]), good.subarray(20)]);
    const res = await test.call('/compute/v2.1/servers', {
      method: 'POST',
      token: demo,
      body: bad,
    });
    expect(res.status).toBe(400);
    expect(res.body.badRequest.message).toBe('Malformed request body');
    expect(test.server.cloud.compute.servers.size).toBe(0);
  });

  it('answers 400 to a clock advance past the Date limit and leaves the clock alone', async () => {
    const test = await serve();
    const admin = await test.token('admin');
    const before = test.server.cloud.clock.now();
    const res = await test.call('/_sim/clock/advance', {
      method: 'POST',
      token: admin,
      body: JSON.stringify({ seconds: 1e13 }),
    });
    expect(res.status).toBe(400);
    expect(test.server.cloud.clock.now()).toBe(before);
    const speed = await test.call('/_sim/clock', {
      method: 'PUT',
      token: admin,
      body: JSON.stringify({ speed: 1e12 }),
    });
    expect(speed.status).toBe(400);
    const demo = await test.token('demo');
    expect((await test.call('/compute/v2.1/servers/detail', { token: demo })).status).toBe(200);
  });
});
