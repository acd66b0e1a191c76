import { describe, expect, it } from 'vitest';
import { errorOf, keystone } from './helpers.js';

describe('Keystone users', () => {
  it('creates a user with a password it never shows, email and extra attributes', () => {
    const { call, cloud } = keystone();
    const project = cloud.identity.projectByName('demo')!.id;
    const res = call('POST', '/v3/users', {
      user: {
        name: 'alice',
        password: 's3cret',
        email: 'alice@example.org',
        default_project_id: project,
        team: 'blue',
      },
    });
    expect(res.status).toBe(201);
    const user = res.body.user;
    expect(user).toMatchObject({
      name: 'alice',
      domain_id: 'default',
      enabled: true,
      default_project_id: project,
      email: 'alice@example.org',
      team: 'blue',
      password_expires_at: null,
      links: { self: `/v3/users/${user.id}` },
    });
    expect(user.id).toMatch(/^[0-9a-f]{32}$/);
    expect(JSON.stringify(user)).not.toContain('s3cret');
    expect(call('GET', `/v3/users/${user.id}`).body.user).toEqual(user);
    expect(call('GET', '/v3/users?name=alice').body.users).toEqual([user]);
    expect(cloud.identity.authenticate(user.id, 's3cret')?.name).toBe('alice');
    // A user made without a default project has none in its view.
    const bob = call('POST', '/v3/users', { user: { name: 'bob' } }).body.user;
    expect('default_project_id' in bob).toBe(false);
  });

  it('updates and deletes a user, its grants going with it', () => {
    const { call, cloud } = keystone();
    const user = call('POST', '/v3/users', { user: { name: 'carol', password: 'x' } }).body.user;
    const project = cloud.identity.projectByName('demo')!.id;
    const member = cloud.identity.roleByName('member')!.id;
    expect(call('PUT', `/v3/projects/${project}/users/${user.id}/roles/${member}`).status).toBe(
      204,
    );
    const patched = call('PATCH', `/v3/users/${user.id}`, {
      user: { enabled: false, email: 'c@x' },
    });
    expect(patched.body.user).toMatchObject({ enabled: false, email: 'c@x', name: 'carol' });
    expect(cloud.identity.authenticate(user.id, 'x')).toBeUndefined();
    expect(call('DELETE', `/v3/users/${user.id}`).status).toBe(204);
    expect(call('GET', `/v3/users/${user.id}`).body).toEqual(
      errorOf(404, `Could not find user: ${user.id}.`),
    );
    expect(call('GET', `/v3/role_assignments?user.id=${user.id}`).body.role_assignments).toEqual(
      [],
    );
    expect(call('DELETE', `/v3/users/${user.id}`).status).toBe(404);
  });

  it('409s a duplicate name in the domain', () => {
    const { call } = keystone();
    const res = call('POST', '/v3/users', { user: { name: 'demo', password: 'x' } });
    expect(res.body).toEqual(
      errorOf(
        409,
        'Conflict occurred attempting to store user - Duplicate entry found with name demo at domain ID default.',
      ),
    );
  });

  it('400s a bad body', () => {
    const { call } = keystone();
    expect(call('POST', '/v3/users', { user: {} }).body.error.message).toBe(
      "Invalid input for field/attribute user. Value: {}. 'name' is a required property",
    );
    expect(call('POST', '/v3/users', { user: { name: '' } }).status).toBe(400);
    expect(call('PATCH', `/v3/users/${keystone().demo.userId}`, { user: {} }).status).toBe(400);
  });

  it('lets a user read itself but not others, and only admins list or write', () => {
    const { call, demo, admin } = keystone();
    expect(call('GET', `/v3/users/${demo.userId}`, undefined, demo).status).toBe(200);
    expect(call('GET', `/v3/users/${admin.userId}`, undefined, demo).body).toEqual(
      errorOf(403, 'You are not authorized to perform the requested action: identity:get_user.'),
    );
    expect(call('GET', '/v3/users', undefined, demo).status).toBe(403);
    expect(call('POST', '/v3/users', { user: { name: 'x' } }, demo).status).toBe(403);
    expect(call('DELETE', `/v3/users/${admin.userId}`, undefined, demo).status).toBe(403);
    expect(
      call('GET', `/v3/users/${demo.userId}/projects`, undefined, demo).body.projects.map(
        (p: { name: string }) => p.name,
      ),
    ).toEqual(['demo']);
    expect(call('GET', `/v3/users/${admin.userId}/projects`, undefined, demo).status).toBe(403);
  });

  it('changes its own password with the original one; a wrong one is a 401', () => {
    const { call, demo, cloud } = keystone();
    const path = `/v3/users/${demo.userId}/password`;
    const wrong = call(
      'POST',
      path,
      { user: { original_password: 'nope', password: 'new' } },
      demo,
    );
    expect(wrong.body).toEqual(errorOf(401, 'The request you have made requires authentication.'));
    const before = cloud.identity.user(demo.userId)!.revision;
    expect(
      call('POST', path, { user: { original_password: 'demo', password: 'new' } }, demo).status,
    ).toBe(204);
    expect(cloud.identity.authenticate(demo.userId, 'new')).toBeDefined();
    expect(cloud.identity.authenticate(demo.userId, 'demo')).toBeUndefined();
    expect(cloud.identity.user(demo.userId)!.revision).toBe(before + 1);
    expect(call('POST', path, { user: { password: 'x' } }, demo).body.error.message).toBe(
      "'original_password' is a required property",
    );
  });
});

describe('Keystone roles', () => {
  it("lists DevStack's roles, creates, shows, renames and deletes one", () => {
    const { call, demo } = keystone();
    const names = call('GET', '/v3/roles').body.roles.map((r: { name: string }) => r.name);
    expect(names).toEqual(['admin', 'member', 'reader', 'service']);
    const role = call('POST', '/v3/roles', { role: { name: 'operator' } });
    expect(role.status).toBe(201);
    expect(role.body.role).toMatchObject({ name: 'operator', domain_id: null });
    const id = role.body.role.id;
    expect(call('GET', `/v3/roles?name=operator`).body.roles[0].id).toBe(id);
    expect(call('PATCH', `/v3/roles/${id}`, { role: { name: 'ops' } }).body.role.name).toBe('ops');
    expect(call('POST', '/v3/roles', { role: { name: 'ops' } }).body).toEqual(
      errorOf(
        409,
        'Conflict occurred attempting to store role - Duplicate entry found with name ops.',
      ),
    );
    expect(call('GET', '/v3/roles', undefined, demo).status).toBe(403);
    expect(call('DELETE', `/v3/roles/${id}`).status).toBe(204);
    expect(call('GET', `/v3/roles/${id}`).body).toEqual(
      errorOf(404, `Could not find role: ${id}.`),
    );
  });
});

describe('Keystone domains', () => {
  it('has the default domain, readable by any token; lists it to admins', () => {
    const { call, demo } = keystone();
    expect(call('GET', '/v3/domains/default', undefined, demo).body.domain).toMatchObject({
      id: 'default',
      name: 'Default',
      enabled: true,
    });
    expect(call('GET', '/v3/domains?name=Default').body.domains).toHaveLength(1);
    expect(call('GET', '/v3/domains?name=Other').body.domains).toHaveLength(0);
    expect(call('GET', '/v3/domains', undefined, demo).status).toBe(403);
    expect(call('GET', '/v3/domains/nope').body).toEqual(
      errorOf(404, 'Could not find domain: nope.'),
    );
    expect(call('POST', '/v3/domains', { domain: { name: 'x' } }).status).toBe(405);
  });
});
