import { describe, expect, it } from 'vitest';
import { createCloud } from '../../src/cloud.js';
import { createRandom } from '../../src/random/prng.js';
import { errorOf, keystone } from './helpers.js';

function setup() {
  const k = keystone();
  const project = k.call('POST', '/v3/projects', { project: { name: 'p1' } }).body.project;
  const user = k.call('POST', '/v3/users', { user: { name: 'u1', password: 'pw' } }).body.user;
  const role = (name: string) => k.cloud.identity.roleByName(name)!.id;
  const grant = `/v3/projects/${project.id}/users/${user.id}/roles`;
  return { ...k, project, user, role, grant };
}

describe('Keystone role assignments', () => {
  it('grants, checks (HEAD/GET), lists and revokes a role on a project', () => {
    const { call, grant, role, cloud, project, user } = setup();
    const member = role('member');
    expect(call('HEAD', `${grant}/${member}`).body).toEqual(
      errorOf(
        404,
        `Could not find role assignment with role: ${member}, user or group: ${user.id}, project, domain, or system: ${project.id}.`,
      ),
    );
    expect(call('PUT', `${grant}/${member}`).status).toBe(204);
    // Granting twice is silent.
    expect(call('PUT', `${grant}/${member}`).status).toBe(204);
    expect(call('HEAD', `${grant}/${member}`).status).toBe(204);
    expect(call('GET', `${grant}/${member}`).status).toBe(204);
    expect(call('GET', grant).body.roles.map((r: { name: string }) => r.name)).toEqual(['member']);
    expect(cloud.identity.rolesOn(user.id, project.id).map((r) => r.name)).toEqual([
      'member',
      'reader',
    ]);
    expect(call('DELETE', `${grant}/${member}`).status).toBe(204);
    expect(call('DELETE', `${grant}/${member}`).status).toBe(404);
    expect(cloud.identity.rolesOn(user.id, project.id)).toEqual([]);
  });

  it('404s an unknown role, user or project in the grant URL, then 403s non-admins', () => {
    const { call, grant, role, demo, project, user } = setup();
    expect(call('PUT', `${grant}/nope`).body).toEqual(errorOf(404, 'Could not find role: nope.'));
    expect(
      call('PUT', `/v3/projects/${project.id}/users/nope/roles/${role('member')}`).body,
    ).toEqual(errorOf(404, 'Could not find user: nope.'));
    expect(call('PUT', `/v3/projects/nope/users/${user.id}/roles/${role('member')}`).body).toEqual(
      errorOf(404, 'Could not find project: nope.'),
    );
    expect(call('PUT', `${grant}/${role('admin')}`, undefined, demo).body).toEqual(
      errorOf(
        403,
        'You are not authorized to perform the requested action: identity:create_grant.',
      ),
    );
  });

  it('lists assignments with the filters, effective implied roles and names the CLI asks for', () => {
    const { call, grant, role, project, user } = setup();
    call('PUT', `${grant}/${role('admin')}`);
    const direct = call('GET', `/v3/role_assignments?scope.project.id=${project.id}`).body;
    expect(direct.role_assignments).toEqual([
      {
        scope: { project: { id: project.id } },
        user: { id: user.id },
        role: { id: role('admin') },
        links: { assignment: `/v3/projects/${project.id}/users/${user.id}/roles/${role('admin')}` },
      },
    ]);
    const named = call(
      'GET',
      `/v3/role_assignments?scope.project.id=${project.id}&include_names=True&effective`,
    ).body.role_assignments;
    expect(named.map((a: { role: { name: string } }) => a.role.name)).toEqual([
      'admin',
      'member',
      'reader',
    ]);
    expect(named[1]).toEqual({
      scope: {
        project: { id: project.id, name: 'p1', domain: { id: 'default', name: 'Default' } },
      },
      user: { id: user.id, name: 'u1', domain: { id: 'default', name: 'Default' } },
      role: { id: role('member'), name: 'member' },
      links: {
        assignment: `/v3/projects/${project.id}/users/${user.id}/roles/${role('admin')}`,
        prior_role: `/v3/prior_role/${role('member')}/implies/${role('admin')}`,
      },
    });
    const byRole = call(
      'GET',
      `/v3/role_assignments?role.id=${role('reader')}&effective=true&user.id=${user.id}`,
    );
    expect(byRole.body.role_assignments).toHaveLength(1);
    expect(call('GET', '/v3/role_assignments?group.id=g').body.role_assignments).toEqual([]);
    expect(call('GET', '/v3/role_assignments?user.id=u&group.id=g').body).toEqual(
      errorOf(400, 'Specify a user or group, not both'),
    );
    expect(call('GET', '/v3/role_assignments?scope.project.id=p&scope.domain.id=d').status).toBe(
      400,
    );
    expect(call('GET', '/v3/role_assignments?effective&group.id=g').status).toBe(400);
    expect(call('GET', '/v3/role_assignments', undefined, keystone().demo).status).toBe(403);
  });

  it('deleting a project or a role takes its grants along', () => {
    const { call, grant, role, project, user, cloud } = setup();
    call('PUT', `${grant}/${role('member')}`);
    const custom = call('POST', '/v3/roles', { role: { name: 'custom' } }).body.role.id;
    call('PUT', `${grant}/${custom}`);
    expect(call('DELETE', `/v3/roles/${custom}`).status).toBe(204);
    expect(call('GET', grant).body.roles.map((r: { name: string }) => r.name)).toEqual(['member']);
    expect(call('DELETE', `/v3/projects/${project.id}`).status).toBe(204);
    expect(cloud.identity.projectsOf(user.id)).toEqual([]);
    // Deleting an implied role drops its rules: admin then implies nothing.
    call('DELETE', `/v3/roles/${role('member')}`);
    const admin = cloud.identity.userByName('admin')!.id;
    const adminProject = cloud.identity.projectByName('admin')!.id;
    expect(cloud.identity.rolesOn(admin, adminProject).map((r) => r.name)).toEqual(['admin']);
  });

  it('serves /v3/auth/projects: the enabled projects the caller holds a role on', () => {
    const { call, grant, role, project, user } = setup();
    call('PUT', `${grant}/${role('member')}`);
    const auth = { projectId: project.id, userId: user.id, roles: ['member'] };
    const names = () =>
      call('GET', '/v3/auth/projects', undefined, auth).body.projects.map(
        (p: { name: string }) => p.name,
      );
    expect(names()).toEqual(['p1']);
    call('PATCH', `/v3/projects/${project.id}`, { project: { enabled: false } });
    expect(names()).toEqual([]);
  });
});

describe('Keystone seed', () => {
  it("takes the serve config's identity input, and keeps DevStack's roles", () => {
    const cloud = createCloud({
      identity: {
        projects: [{ name: 'ci', id: 'c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1' }],
        users: [
          { name: 'bot', password: 's3cret', projects: { ci: ['operator'], lab: ['reader'] } },
        ],
      },
    });
    const bot = cloud.identity.userByName('bot')!;
    expect(bot.defaultProjectId).toBe('c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1');
    expect(cloud.identity.projectByName('lab')).toBeDefined();
    expect(cloud.identity.userByName('admin')).toBeUndefined();
    expect(cloud.identity.roles().map((r) => r.name)).toEqual([
      'admin',
      'member',
      'reader',
      'service',
      'operator',
    ]);
    expect(() => createCloud({ identity: { users: [{ name: '', password: 'x' }] } })).toThrow(
      TypeError,
    );
  });

  it('costs no draw from the PRNG: seeded records take stable ids', () => {
    expect(createCloud({ seed: 3 }).random.state()).toEqual(createRandom(3).state());
  });
});
