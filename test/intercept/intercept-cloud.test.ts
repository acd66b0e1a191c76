import { request as httpRequest } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { createCloud } from '../../src/cloud.js';
import { type CloudInterception, interceptCloud } from '../../src/intercept/index.js';

const IMAGE = '70a599e0-31e7-49b7-b260-868f441e862b';
let sim: CloudInterception | undefined;

afterEach(() => {
  sim?.restore();
  sim = undefined;
});

async function login(s: CloudInterception): Promise<{ token: string; catalog: unknown[] }> {
  const c = s.credentials;
  const response = await fetch(`${s.authUrl}/v3/auth/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      auth: {
        identity: {
          methods: ['password'],
          password: {
            user: { name: c.username, domain: { name: c.userDomainName }, password: c.password },
          },
        },
        scope: { project: { name: c.projectName, domain: { name: c.projectDomainName } } },
      },
    }),
  });
  expect(response.status).toBe(201);
  const body = (await response.json()) as { token: { catalog: unknown[] } };
  return { token: response.headers.get('x-subject-token')!, catalog: body.token.catalog };
}

/** node:http, the way request/axios/pkgcloud reach the network. */
function nodeGet(url: string, headers: Record<string, string>) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = httpRequest(url, { headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('interceptCloud', { timeout: 30_000 }, () => {
  it('answers Keystone and Nova over global fetch, with the cloud the test holds', async () => {
    const cloud = createCloud({ seed: 7, hosts: { count: 2 } });
    sim = interceptCloud(cloud);
    expect(sim.authUrl).toBe('http://openstack.example.com/identity');
    const { token, catalog } = await login(sim);
    expect(JSON.stringify(catalog)).toContain('http://openstack.example.com/compute/v2.1');

    const created = await fetch(`${sim.endpoints.compute}/servers`, {
      method: 'POST',
      headers: {
        'x-auth-token': token,
        'content-type': 'application/json',
        'openstack-api-version': 'compute latest',
      },
      body: JSON.stringify({
        server: { name: 'web-1', imageRef: IMAGE, flavorRef: '1', networks: 'auto' },
      }),
    });
    const createdBody = (await created.json()) as { server: { id: string } };
    expect([created.status, createdBody]).toMatchObject([202, { server: {} }]);
    const { server } = createdBody;

    cloud.clock.advance(60_000);
    const shown = await fetch(`${sim.endpoints.compute}/servers/${server.id}`, {
      headers: { 'x-auth-token': token },
    });
    expect(((await shown.json()) as { server: { status: string } }).server.status).toBe('ACTIVE');
  });

  it('answers node:http requests, and Nova refuses a missing token with 401', async () => {
    sim = interceptCloud(createCloud({ seed: 1 }));
    const { token } = await login(sim);
    const flavors = await nodeGet(`${sim.endpoints.compute}/flavors`, { 'x-auth-token': token });
    expect(flavors.status).toBe(200);
    expect(JSON.parse(flavors.body).flavors.length).toBeGreaterThan(0);
    const anonymous = await nodeGet(`${sim.endpoints.compute}/flavors`, {});
    expect(anonymous.status).toBe(401);
  });

  it('serves the neighbours and /_sim/ on the same origin', async () => {
    sim = interceptCloud(createCloud({ seed: 1 }), { baseUrl: 'https://cloud.test:5000' });
    sim.restore();
    sim = interceptCloud(createCloud({ seed: 1 }), { baseUrl: 'https://cloud.test:5000' });
    expect(sim.endpoints.image).toBe('https://cloud.test:5000/image');
    const admin = sim.adminCredentials!;
    expect(admin.username).toBe('admin');
    const { token } = await login({ ...sim, credentials: admin });
    const images = await fetch(`${sim.endpoints.image}/v2/images`, {
      headers: { 'x-auth-token': token },
    });
    expect(images.status).toBe(200);
    const networks = await fetch(`${sim.endpoints.network}/v2.0/networks`, {
      headers: { 'x-auth-token': token },
    });
    expect(networks.status).toBe(200);
    const clock = await fetch(`${sim.endpoints.control}/clock/advance`, {
      method: 'POST',
      headers: { 'x-auth-token': token, 'content-type': 'application/json' },
      body: JSON.stringify({ seconds: 90 }),
    });
    expect(clock.status).toBe(200);
    expect(sim.cloud.clock.now() - createCloud({ seed: 1 }).clock.now()).toBe(90_000);
  });

  it('undoes itself: after restore() and after a using block, the host is not answered', async () => {
    const attempt = (url: string) =>
      fetch(url).then(
        (r) => r.status,
        () => 'network',
      );
    sim = interceptCloud(createCloud({ seed: 1 }), { baseUrl: 'http://127.0.0.1:9' });
    expect(await attempt('http://127.0.0.1:9/identity/v3')).toBe(200);
    sim.restore();
    expect(await attempt('http://127.0.0.1:9/identity/v3')).toBe('network');
    {
      using scoped = interceptCloud(createCloud({ seed: 1 }), { baseUrl: 'http://127.0.0.1:9' });
      expect(await attempt(`${scoped.authUrl}/v3`)).toBe(200);
    }
    expect(await attempt('http://127.0.0.1:9/identity/v3')).toBe('network');
  });

  it('leaves other hosts to the network', async () => {
    sim = interceptCloud(createCloud({ seed: 1 }), { baseUrl: 'http://127.0.0.1:9' });
    const other = await fetch('http://127.0.0.1:1/').then(
      () => 'answered',
      () => 'network',
    );
    expect(other).toBe('network');
  });
});
