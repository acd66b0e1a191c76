import { request as httpRequest } from 'node:http';
import { describe, expect, it } from 'vitest';
import { createManualWallClock } from '../../src/http/wall-clock.js';
import { serve, serverBody } from './helpers.js';

const UNLIMITED = { quotas: { instances: -1, cores: -1, ram: -1 } };

describe('Nova behind keystonemiddleware', () => {
  it('serves the version documents without a token, with links to the served URL', async () => {
    const { call, server } = await serve();
    const list = await call('/compute');
    expect(list.status).toBe(200);
    expect(list.body.versions[1].links[0].href).toBe(`${server.endpoints.base}/compute/v2.1/`);
    const v21 = await call('/compute/v2.1');
    expect(v21.body.version.id).toBe('v2.1');
    expect((await call('/v2.1/')).body.version.id).toBe('v2.1');
  });

  it("401s a request without a valid token, in keystonemiddleware's words", async () => {
    const { call, server } = await serve();
    for (const token of [undefined, 'gAAAAAforged']) {
      const res = await call('/compute/v2.1/servers', token ? { token } : {});
      expect(res.status).toBe(401);
      expect(res.body).toEqual({
        error: {
          code: 401,
          title: 'Unauthorized',
          message: 'The request you have made requires authentication.',
        },
      });
      expect(res.headers.get('www-authenticate')).toBe(
        `Keystone uri="${server.endpoints.identity}"`,
      );
    }
  });

  it('passes the token’s project, user and roles to the API', async () => {
    const { call, token, server } = await serve();
    const demo = await token('demo');
    const created = await call('/compute/v2.1/servers', {
      method: 'POST',
      token: demo,
      body: serverBody('web-1'),
    });
    expect(created.status).toBe(202);
    const id = created.body.server.id;
    expect(created.headers.get('location')).toBe(`${server.endpoints.compute}/servers/${id}`);
    expect(created.headers.get('content-type')).toBe('application/json');
    const requestId = created.headers.get('x-openstack-request-id');
    expect(requestId).toMatch(/^req-/);
    expect(created.headers.get('x-compute-request-id')).toBe(requestId);
    const shown = await call(`/compute/v2.1/servers/${id}`, { token: demo });
    const user = server.identity.directory.userByName('demo')!;
    expect(shown.body.server).toMatchObject({
      tenant_id: user.defaultProjectId,
      user_id: user.id,
      name: 'web-1',
    });
    expect(shown.body.server.links[0].href).toBe(`${server.endpoints.compute}/servers/${id}`);
    // Another project's member cannot see it; an admin can.
    const admin = await token('admin');
    expect((await call(`/compute/v2.1/servers/${id}`, { token: admin })).status).toBe(200);
  });

  it('accepts the project id segment, and 400s one that is not the token’s', async () => {
    const { call, token, server } = await serve();
    const demo = await token('demo');
    const project = server.identity.directory.projectByName('demo')!.id;
    expect((await call(`/compute/v2.1/${project}/servers`, { token: demo })).status).toBe(200);
    const wrong = await call('/compute/v2.1/0123abcd-ef/servers', { token: demo });
    expect(wrong.status).toBe(400);
    expect(wrong.body.badRequest.message).toMatch(/^Malformed request URL/);
    // Nova takes only hex-and-dashes as a project id: anything else is an unknown path.
    expect((await call('/compute/v2.1/someone-else/servers', { token: demo })).status).toBe(404);
  });

  it('answers HEAD like GET without a body, and OPTIONS with the methods and CORS headers', async () => {
    const { call, token } = await serve();
    const demo = await token('demo');
    const head = await call('/compute/v2.1/servers', { method: 'HEAD', token: demo });
    expect(head.status).toBe(200);
    expect(head.text).toBe('');
    expect(Number(head.headers.get('content-length'))).toBeGreaterThan(0);
    const options = await call('/compute/v2.1/servers', { method: 'OPTIONS' });
    expect(options.status).toBe(204);
    expect(options.headers.get('allow')).toContain('POST');
    expect(options.headers.get('access-control-allow-headers')).toContain('X-Auth-Token');
    const cors = await call('/compute/v2.1/servers', {
      token: demo,
      headers: { origin: 'http://localhost:3000' },
    });
    expect(cors.headers.get('access-control-allow-origin')).toBe('http://localhost:3000');
    expect(cors.headers.get('access-control-expose-headers')).toContain('X-OpenStack-Request-Id');
    // Pages from elsewhere get no CORS: they must not read tokens of the default admin.
    const foreign = await call('/compute/v2.1/servers', {
      token: demo,
      headers: { origin: 'https://example.com' },
    });
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('HTTP hygiene', () => {
  it('415s a Content-Type Nova does not take', async () => {
    const { call, token } = await serve();
    const demo = await token('demo');
    const res = await call('/compute/v2.1/servers', {
      method: 'POST',
      token: demo,
      headers: { 'content-type': 'application/xml' },
      body: '<server/>',
    });
    expect(res.status).toBe(415);
    expect(res.body).toEqual({ badMediaType: { code: 415, message: 'Unsupported Content-Type' } });
    expect(res.headers.get('content-type')).toBe('application/json');
    for (const type of [
      'application/json; charset=UTF-8',
      'text/plain',
      'application/vnd.openstack.compute+json',
    ]) {
      const ok = await call('/compute/v2.1/servers', {
        method: 'POST',
        token: demo,
        headers: { 'content-type': type },
        body: serverBody('typed'),
      });
      expect(ok.status, type).toBe(202);
    }
  });

  it("400s a body that is not JSON with Nova's 'Malformed request body'", async () => {
    const { call, token } = await serve();
    const res = await call('/compute/v2.1/servers', {
      method: 'POST',
      token: await token('demo'),
      body: '{"server": ',
    });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ badRequest: { code: 400, message: 'Malformed request body' } });
  });

  it("413s a body over the limit with Nova's overLimit body, declared or streamed", async () => {
    const { call, token, server } = await serve({ maxBodyBytes: 1024 });
    const demo = await token('demo');
    const big = JSON.stringify({ server: { name: 'x'.repeat(2000) } });
    const declared = await call('/compute/v2.1/servers', {
      method: 'POST',
      token: demo,
      body: big,
    });
    expect(declared.status).toBe(413);
    expect(declared.body).toEqual({ overLimit: { code: 413, message: 'Request is too large.' } });
    // Chunked: no Content-Length, the limit trips while reading.
    const streamed = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = httpRequest(
        `${server.endpoints.compute}/servers`,
        { method: 'POST', headers: { 'x-auth-token': demo, 'content-type': 'application/json' } },
        (res) => {
          let body = '';
          res.on('data', (chunk) => {
            body += chunk;
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        },
      );
      req.on('error', reject);
      for (let i = 0; i < 4; i++) req.write(big.slice(i * 600, (i + 1) * 600));
      req.end();
    });
    expect(streamed.status).toBe(413);
    expect(JSON.parse(streamed.body).overLimit.code).toBe(413);
    // A body just under the limit still goes through, and Keystone's 413 is its own shape.
    expect(
      (await call('/compute/v2.1/servers', { method: 'POST', token: demo, body: serverBody('ok') }))
        .status,
    ).toBe(202);
    const identity = await call('/identity/v3/auth/tokens', { method: 'POST', body: big });
    expect(identity.body.error.code).toBe(413);
  });

  it('serialises concurrent requests onto the cloud without losing any', async () => {
    const { call, token, server } = await serve({ cloud: { config: UNLIMITED } });
    const demo = await token('demo');
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        call('/compute/v2.1/servers', {
          method: 'POST',
          token: demo,
          body: serverBody(`par-${i}`),
        }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(100).fill(202));
    const ids = new Set(results.map((r) => r.body.server.id));
    expect(ids.size).toBe(100);
    const requestIds = new Set(results.map((r) => r.headers.get('x-openstack-request-id')));
    expect(requestIds.size).toBe(100);
    expect(server.cloud.compute.servers.size).toBe(100);
    const shows = await Promise.all(
      [...ids].map((id) => call(`/compute/v2.1/servers/${id}`, { token: demo })),
    );
    expect(shows.every((r) => r.status === 200)).toBe(true);
    const listed = await call('/compute/v2.1/servers?limit=1000', { token: demo });
    expect(listed.body.servers).toHaveLength(100);
  });
});

describe('realtime clock', () => {
  it('moves virtual time with wall time x speed before each request', async () => {
    const wall = createManualWallClock(0);
    const { call, token, server } = await serve({ clock: 'realtime', speed: 60, wall });
    const demo = await token('demo');
    const created = await call('/compute/v2.1/servers', {
      method: 'POST',
      token: demo,
      body: serverBody('rt'),
    });
    const id = created.body.server.id;
    const start = server.cloud.clock.now();
    wall.advance(50); // 3 s virtual: still building
    expect((await call(`/compute/v2.1/servers/${id}`, { token: demo })).body.server.status).toBe(
      'BUILD',
    );
    expect(server.cloud.clock.now()).toBe(start + 3000);
    wall.advance(100); // 9 s virtual in all: a build takes 6
    expect((await call(`/compute/v2.1/servers/${id}`, { token: demo })).body.server.status).toBe(
      'ACTIVE',
    );
  });

  it('catches up on a coarse interval between requests', async () => {
    const wall = createManualWallClock(0);
    const { server } = await serve({ clock: 'realtime', speed: 1000, wall, tickMs: 5 });
    const start = server.cloud.clock.now();
    wall.advance(10);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(server.cloud.clock.now()).toBe(start + 10_000);
  });

  it('stands still in manual mode', async () => {
    const wall = createManualWallClock(0);
    const { call, token, server } = await serve({ clock: 'manual', wall });
    const start = server.cloud.clock.now();
    wall.advance(3_600_000);
    await call('/compute/v2.1/servers', { token: await token('demo') });
    expect(server.cloud.clock.now()).toBe(start);
  });
});
