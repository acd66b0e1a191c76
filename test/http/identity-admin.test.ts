import { describe, expect, it } from 'vitest';
import { passwordAuth, serve } from './helpers.js';

describe('Keystone admin API over HTTP', () => {
  it('creates a project and a user, grants a role, and the new user gets a token', async () => {
    const { call, token, server } = await serve();
    const admin = await token('admin');
    const project = await call('/identity/v3/projects', {
      method: 'POST',
      token: admin,
      body: JSON.stringify({ project: { name: 'ci' } }),
    });
    expect(project.status).toBe(201);
    expect(project.body.project.links.self).toBe(
      `${server.endpoints.identity}/v3/projects/${project.body.project.id}`,
    );
    const user = await call('/identity/v3/users', {
      method: 'POST',
      token: admin,
      body: JSON.stringify({
        user: { name: 'bot', password: 'pw', default_project_id: project.body.project.id },
      }),
    });
    expect(user.status).toBe(201);
    const member = server.cloud.identity.roleByName('member')!.id;
    const grant = await call(
      `/identity/v3/projects/${project.body.project.id}/users/${user.body.user.id}/roles/${member}`,
      { method: 'PUT', token: admin },
    );
    expect(grant.status).toBe(204);
    const bot = await token('bot', 'pw', 'ci');
    expect((await call('/compute/v2.1/servers', { token: bot })).status).toBe(200);
    const check = await call('/identity/v3/auth/tokens', {
      token: bot,
      headers: { 'x-subject-token': bot },
    });
    expect(check.body.token.roles.map((r: { name: string }) => r.name)).toEqual([
      'member',
      'reader',
    ]);
    const head = await call(
      `/identity/v3/projects/${project.body.project.id}/users/${user.body.user.id}/roles/${member}`,
      { method: 'HEAD', token: admin },
    );
    expect(head.status).toBe(204);
  });

  it('403s the admin API to a member, in Keystone words', async () => {
    const { call, token } = await serve();
    const demo = await token('demo');
    const res = await call('/identity/v3/projects', {
      method: 'POST',
      token: demo,
      body: JSON.stringify({ project: { name: 'x' } }),
    });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toBe(
      'You are not authorized to perform the requested action: identity:create_project.',
    );
  });
});

describe('tokens follow the identity records', () => {
  async function withBot() {
    const t = await serve();
    const admin = await t.token('admin');
    const id = t.server.cloud.identity;
    const as = (method: string, path: string, body?: unknown) =>
      t.call(`/identity${path}`, {
        method,
        token: admin,
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
    const project = (await as('POST', '/v3/projects', { project: { name: 'p' } })).body.project;
    const user = (await as('POST', '/v3/users', { user: { name: 'bot', password: 'pw' } })).body
      .user;
    await as(
      'PUT',
      `/v3/projects/${project.id}/users/${user.id}/roles/${id.roleByName('member')!.id}`,
    );
    const bot = await t.token('bot', 'pw', 'p');
    const works = async () => (await t.call('/compute/v2.1/servers', { token: bot })).status;
    expect(await works()).toBe(200);
    return { ...t, as, project, user, bot, works };
  }

  it("401s a deleted user's token at once", async () => {
    const { as, user, works } = await withBot();
    await as('DELETE', `/v3/users/${user.id}`);
    expect(await works()).toBe(401);
  });

  it("401s a disabled user's token, and it does not come back on re-enable", async () => {
    const { as, user, works } = await withBot();
    await as('PATCH', `/v3/users/${user.id}`, { user: { enabled: false } });
    expect(await works()).toBe(401);
    await as('PATCH', `/v3/users/${user.id}`, { user: { enabled: true } });
    expect(await works()).toBe(401);
  });

  it('401s tokens on a deleted or disabled project', async () => {
    const a = await withBot();
    await a.as('PATCH', `/v3/projects/${a.project.id}`, { project: { enabled: false } });
    expect(await a.works()).toBe(401);
    const denied = await a.call('/identity/v3/auth/tokens', {
      method: 'POST',
      body: JSON.stringify(passwordAuth('bot', 'pw', 'p')),
    });
    expect(denied.status).toBe(401);
    const b = await withBot();
    await b.as('DELETE', `/v3/projects/${b.project.id}`);
    expect(await b.works()).toBe(401);
  });

  it('takes roles from the current grants: a revoked role is gone from the next request', async () => {
    const { as, project, user, server, call, bot, works } = await withBot();
    const id = server.cloud.identity;
    await as(
      'PUT',
      `/v3/projects/${project.id}/users/${user.id}/roles/${id.roleByName('admin')!.id}`,
    );
    const hypervisors = async () =>
      (await call('/compute/v2.1/os-hypervisors', { token: bot })).status;
    expect(await hypervisors()).toBe(200);
    await as(
      'DELETE',
      `/v3/projects/${project.id}/users/${user.id}/roles/${id.roleByName('admin')!.id}`,
    );
    expect(await hypervisors()).toBe(403);
    await as(
      'DELETE',
      `/v3/projects/${project.id}/users/${user.id}/roles/${id.roleByName('member')!.id}`,
    );
    expect(await works()).toBe(401);
  });

  it('401s a token, once used, whose user a reset of the cloud took away', async () => {
    const { bot, works, call, token } = await withBot();
    const admin = await token('admin');
    expect((await call('/_sim/reset', { method: 'POST', token: admin, body: '{}' })).status).toBe(
      200,
    );
    expect(await works()).toBe(401);
    expect((await call('/compute/v2.1/servers', { token: bot })).status).toBe(401);
  });

  it('a token used before an identity write is checked again after it', async () => {
    const { as, works, project } = await withBot();
    // Repeated requests with one token are answered from what it resolved to…
    expect(await works()).toBe(200);
    // …until Keystone takes a write; a failed one only makes the next check a full one.
    expect((await as('PATCH', '/v3/users/nope', { user: { name: 'x' } })).status).toBe(404);
    expect(await works()).toBe(200);
    await as('PATCH', `/v3/projects/${project.id}`, { project: { enabled: false } });
    expect(await works()).toBe(401);
    await as('PATCH', `/v3/projects/${project.id}`, { project: { enabled: true } });
    expect(await works()).toBe(200);
  });

  it('revokes the old tokens when the user changes its password', async () => {
    const { call, user, bot, works, token } = await withBot();
    const res = await call(`/identity/v3/users/${user.id}/password`, {
      method: 'POST',
      token: bot,
      body: JSON.stringify({ user: { original_password: 'pw', password: 'pw2' } }),
    });
    expect(res.status).toBe(204);
    expect(await works()).toBe(401);
    await expect(token('bot', 'pw', 'p')).rejects.toThrow(/401/);
    const fresh = await token('bot', 'pw2', 'p');
    expect((await call('/compute/v2.1/servers', { token: fresh })).status).toBe(200);
  });
});
