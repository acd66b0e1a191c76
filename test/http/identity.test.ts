import { describe, expect, it } from 'vitest';
import { createManualWallClock } from '../../src/http/wall-clock.js';
import { passwordAuth, serve } from './helpers.js';

const AUTH_REQUIRED = 'The request you have made requires authentication.';

describe('Keystone v3 version discovery', () => {
  it('lists v3 at the unversioned URL (300, as Keystone) and describes it at /v3', async () => {
    const { call, server } = await serve();
    const root = await call('/identity');
    expect(root.status).toBe(300);
    expect(root.body.versions.values[0]).toMatchObject({
      id: 'v3.14',
      status: 'stable',
      links: [{ rel: 'self', href: `${server.endpoints.identity}/v3/` }],
    });
    const v3 = await call('/identity/v3');
    expect(v3.status).toBe(200);
    expect(v3.body.version.id).toBe('v3.14');
    // Clients pointed at the bare port still find Keystone's /v3.
    expect((await call('/v3')).body.version.id).toBe('v3.14');
  });
});

describe('POST /v3/auth/tokens', () => {
  it('issues a project-scoped token with user, project, roles, expiry and a catalog', async () => {
    const { call, server } = await serve();
    const res = await call('/identity/v3/auth/tokens', {
      method: 'POST',
      body: JSON.stringify(passwordAuth('admin', 'admin', 'admin')),
    });
    expect(res.status).toBe(201);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(res.headers.get('x-openstack-request-id')).toMatch(/^req-[0-9a-f-]{36}$/);
    const subject = res.headers.get('x-subject-token')!;
    expect(subject.length).toBeGreaterThan(40);
    const token = res.body.token;
    const admin = server.identity.directory.userByName('admin')!;
    expect(token.user).toMatchObject({
      id: admin.id,
      name: 'admin',
      domain: { id: 'default', name: 'Default' },
    });
    expect(token.project).toMatchObject({ name: 'admin', domain: { id: 'default' } });
    expect(token.methods).toEqual(['password']);
    expect(token.roles.map((r: { name: string }) => r.name).sort()).toEqual([
      'admin',
      'member',
      'reader',
    ]);
    expect(token.expires_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    expect(Date.parse(token.expires_at) - Date.parse(token.issued_at)).toBe(3_600_000);
    const types = token.catalog.map((s: { type: string }) => s.type).sort();
    expect(types).toEqual(['block-storage', 'compute', 'identity', 'image', 'network', 'volumev3']);
    const compute = token.catalog.find((s: { type: string }) => s.type === 'compute');
    expect(compute.endpoints).toHaveLength(3);
    expect(compute.endpoints.map((e: { interface: string }) => e.interface).sort()).toEqual([
      'admin',
      'internal',
      'public',
    ]);
    for (const endpoint of compute.endpoints) {
      expect(endpoint).toMatchObject({
        region: 'RegionOne',
        region_id: 'RegionOne',
        url: server.endpoints.compute,
      });
    }
  });

  it('accepts a user id, a domain id and a project id; ?nocatalog leaves the catalog out', async () => {
    const { call, server } = await serve();
    const demo = server.identity.directory.userByName('demo')!;
    const res = await call('/identity/v3/auth/tokens?nocatalog', {
      method: 'POST',
      body: JSON.stringify({
        auth: {
          identity: {
            methods: ['password'],
            password: { user: { id: demo.id, password: 'demo' } },
          },
          scope: { project: { id: demo.defaultProjectId } },
        },
      }),
    });
    expect(res.status).toBe(201);
    expect(res.body.token.project.name).toBe('demo');
    expect(res.body.token.roles.map((r: { name: string }) => r.name).sort()).toEqual([
      'member',
      'reader',
    ]);
    expect(res.body.token.catalog).toBeUndefined();
  });

  it('scopes to the default project when the request names none', async () => {
    const { call } = await serve();
    const res = await call('/identity/v3/auth/tokens', {
      method: 'POST',
      body: JSON.stringify(passwordAuth('demo', 'demo')),
    });
    expect(res.body.token.project.name).toBe('demo');
  });

  it('gives unguessable, distinct tokens', async () => {
    const { token } = await serve();
    const tokens = await Promise.all(Array.from({ length: 20 }, () => token()));
    expect(new Set(tokens).size).toBe(20);
    for (const t of tokens) expect(t).toMatch(/^gAAAAA[A-Za-z0-9_-]{43}$/);
  });

  it.each([
    ['a wrong password', passwordAuth('demo', 'nope', 'demo')],
    ['an unknown user', passwordAuth('mallory', 'demo', 'demo')],
    ['a project without a role', passwordAuth('demo', 'demo', 'admin')],
    ['an unknown project', passwordAuth('demo', 'demo', 'nowhere')],
  ])('answers %s with 401 and Keystone error body', async (_, body) => {
    const { call, server } = await serve();
    const res = await call('/identity/v3/auth/tokens', {
      method: 'POST',
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(401);
    expect(res.body).toEqual({
      error: { code: 401, title: 'Unauthorized', message: AUTH_REQUIRED },
    });
    expect(res.headers.get('x-subject-token')).toBeNull();
    expect(server.identity.tokens.size).toBe(0);
  });

  it('answers malformed requests with 400', async () => {
    const { call } = await serve();
    const post = (body: string) => call('/identity/v3/auth/tokens', { method: 'POST', body });
    const notJson = await post('{"auth":');
    expect(notJson.status).toBe(400);
    expect(notJson.body.error.message).toMatch(/^Expecting to find valid JSON in request body\./);
    expect((await post('{}')).status).toBe(400);
    const noDomain = await post(
      JSON.stringify({
        auth: {
          identity: {
            methods: ['password'],
            password: { user: { name: 'demo', password: 'demo' } },
          },
        },
      }),
    );
    expect(noDomain.status).toBe(400);
    expect(noDomain.body.error.message).toMatch(/^Expecting to find domain in user\./);
  });

  it('rescopes with the token method, keeping the expiry', async () => {
    const { call, token } = await serve();
    const first = await token('demo');
    const res = await call('/identity/v3/auth/tokens', {
      method: 'POST',
      body: JSON.stringify({
        auth: {
          identity: { methods: ['token'], token: { id: first } },
          scope: { project: { name: 'demo', domain: { name: 'Default' } } },
        },
      }),
    });
    expect(res.status).toBe(201);
    // The presented password token's method is carried over (keystone/auth/plugins/token.py):
    // Tempest's test_rescope_token checks {'token', 'password'}.
    expect(res.body.token.methods).toEqual(['token', 'password']);
    const again = await call('/identity/v3/auth/tokens', {
      method: 'POST',
      body: JSON.stringify({ auth: { identity: { methods: ['token'], token: { id: 'forged' } } } }),
    });
    expect(again.status).toBe(401);
  });
});

describe('GET, HEAD and DELETE /v3/auth/tokens', () => {
  it('validates a token for its owner and for an admin, not for another user', async () => {
    const { call, token } = await serve();
    const demo = await token('demo');
    const admin = await token('admin');
    const own = await call('/identity/v3/auth/tokens', {
      token: demo,
      headers: { 'x-subject-token': demo },
    });
    expect(own.status).toBe(200);
    expect(own.headers.get('x-subject-token')).toBe(demo);
    expect(own.body.token.user.name).toBe('demo');
    const byAdmin = await call('/identity/v3/auth/tokens', {
      token: admin,
      headers: { 'x-subject-token': demo },
    });
    expect(byAdmin.status).toBe(200);
    const other = await call('/identity/v3/auth/tokens', {
      token: demo,
      headers: { 'x-subject-token': admin },
    });
    expect(other.status).toBe(403);
    const head = await call('/identity/v3/auth/tokens', {
      method: 'HEAD',
      token: demo,
      headers: { 'x-subject-token': demo },
    });
    expect(head.status).toBe(200);
    expect(head.text).toBe('');
    const unknown = await call('/identity/v3/auth/tokens', {
      token: admin,
      headers: { 'x-subject-token': 'gAAAAAnope' },
    });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toBe('Failed to validate token');
  });

  it('401s a missing or unknown X-Auth-Token, pointing at Keystone', async () => {
    const { call, server } = await serve();
    const res = await call('/identity/v3/auth/tokens', { headers: { 'x-subject-token': 'x' } });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe(`Keystone uri="${server.endpoints.identity}"`);
    expect(res.body.error).toEqual({ code: 401, title: 'Unauthorized', message: AUTH_REQUIRED });
  });

  it('revokes: the token stops working everywhere', async () => {
    const { call, token } = await serve();
    const demo = await token('demo');
    expect((await call('/compute/v2.1/servers', { token: demo })).status).toBe(200);
    const revoked = await call('/identity/v3/auth/tokens', {
      method: 'DELETE',
      token: demo,
      headers: { 'x-subject-token': demo },
    });
    expect(revoked.status).toBe(204);
    expect(revoked.text).toBe('');
    expect((await call('/compute/v2.1/servers', { token: demo })).status).toBe(401);
  });
});

describe('token expiry (wall clock)', () => {
  it('401s a token once its lifetime has passed, in every service', async () => {
    const wall = createManualWallClock(Date.parse('2030-01-01T00:00:00Z'));
    const { call, token } = await serve({ wall, tokenTtlSeconds: 60 });
    const demo = await token('demo');
    const check = await call('/identity/v3/auth/tokens', {
      token: demo,
      headers: { 'x-subject-token': demo },
    });
    expect(check.body.token.expires_at).toBe('2030-01-01T00:01:00.000000Z');
    wall.advance(59_999);
    expect((await call('/compute/v2.1/servers', { token: demo })).status).toBe(200);
    wall.advance(1);
    for (const path of [
      '/compute/v2.1/servers',
      '/image/v2/images',
      '/network/v2.0/networks',
      '/identity/v3/auth/catalog',
    ]) {
      const res = await call(path, { token: demo });
      expect(res.status, path).toBe(401);
      expect(res.body.error.code).toBe(401);
    }
  });
});

describe('read-only identity resources', () => {
  it('serves the caller its projects and catalog; lists users and projects to admins only', async () => {
    const { call, token } = await serve();
    const demo = await token('demo');
    const admin = await token('admin');
    const mine = await call('/identity/v3/auth/projects', { token: demo });
    expect(mine.body.projects.map((p: { name: string }) => p.name)).toEqual(['demo']);
    const catalog = await call('/identity/v3/auth/catalog', { token: demo });
    expect(catalog.body.catalog).toHaveLength(6);
    expect((await call('/identity/v3/projects', { token: demo })).status).toBe(403);
    const projects = await call('/identity/v3/projects?name=demo', { token: admin });
    expect(projects.body.projects.map((p: { name: string }) => p.name)).toEqual(['demo']);
    const users = await call('/identity/v3/users', { token: admin });
    expect(users.body.users.map((u: { name: string }) => u.name)).toEqual(['admin', 'demo']);
    expect((await call('/identity/v3/users/nobody', { token: admin })).status).toBe(404);
  });

  it('takes users and projects from the config', async () => {
    const { call, token, server } = await serve({
      identity: {
        projects: [{ name: 'ci', id: 'c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1' }],
        users: [{ name: 'bot', password: 's3cret', projects: { ci: ['member'], lab: ['reader'] } }],
      },
    });
    const bot = await token('bot', 's3cret');
    const check = await call('/identity/v3/auth/tokens', {
      token: bot,
      headers: { 'x-subject-token': bot },
    });
    expect(check.body.token.project).toMatchObject({
      id: 'c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1',
      name: 'ci',
    });
    expect(server.identity.directory.projectByName('lab')).toBeDefined();
    expect(server.identity.directory.userByName('admin')).toBeUndefined();
  });
});
