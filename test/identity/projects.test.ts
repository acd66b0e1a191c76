import { describe, expect, it } from 'vitest';
import { createCloud } from '../../src/cloud.js';
import { errorOf, keystone } from './helpers.js';

describe('Keystone projects', () => {
  it("has DevStack's admin, demo and service projects in the default domain", () => {
    const { call } = keystone();
    const res = call('GET', '/v3/projects');
    expect(res.status).toBe(200);
    expect(res.body.projects.map((p: { name: string }) => p.name)).toEqual([
      'admin',
      'demo',
      'service',
    ]);
    expect(res.body.projects[0]).toMatchObject({
      domain_id: 'default',
      parent_id: 'default',
      enabled: true,
      is_domain: false,
      tags: [],
    });
    expect(res.body.links).toEqual({ self: '/v3/projects', previous: null, next: null });
  });

  it('creates, shows, updates and deletes a project, with ids from the seeded PRNG', () => {
    const { call } = keystone(createCloud({ seed: 7 }));
    const created = call('POST', '/v3/projects', {
      project: { name: 'ci', description: 'CI runs', tags: ['a', 'b'], owner: 'team-x' },
    });
    expect(created.status).toBe(201);
    const project = created.body.project;
    expect(project).toMatchObject({
      name: 'ci',
      description: 'CI runs',
      domain_id: 'default',
      parent_id: 'default',
      enabled: true,
      is_domain: false,
      tags: ['a', 'b'],
      owner: 'team-x',
      links: { self: `/v3/projects/${project.id}` },
    });
    expect(project.id).toMatch(/^[0-9a-f]{32}$/);
    // The same seed gives the same id.
    const again = keystone(createCloud({ seed: 7 })).call('POST', '/v3/projects', {
      project: { name: 'ci' },
    });
    expect(again.body.project.id).toBe(project.id);

    expect(call('GET', `/v3/projects/${project.id}`).body.project).toEqual(project);
    const updated = call('PATCH', `/v3/projects/${project.id}`, {
      project: { enabled: false, description: 'paused', tags: [] },
    });
    expect(updated.status).toBe(200);
    expect(updated.body.project).toMatchObject({ enabled: false, description: 'paused', tags: [] });
    expect(
      call('GET', '/v3/projects?enabled=false').body.projects.map((p: { id: string }) => p.id),
    ).toEqual([project.id]);
    expect(call('DELETE', `/v3/projects/${project.id}`).status).toBe(204);
    const gone = call('GET', `/v3/projects/${project.id}`);
    expect(gone.status).toBe(404);
    expect(gone.body).toEqual(errorOf(404, `Could not find project: ${project.id}.`));
  });

  it('filters by name, tags and parent', () => {
    const { call } = keystone();
    const parent = call('POST', '/v3/projects', { project: { name: 'top', tags: ['x'] } }).body
      .project;
    const child = call('POST', '/v3/projects', {
      project: { name: 'leaf', parent_id: parent.id },
    }).body.project;
    expect(child.parent_id).toBe(parent.id);
    const names = (path: string) =>
      call('GET', path).body.projects.map((p: { name: string }) => p.name);
    expect(names('/v3/projects?name=demo')).toEqual(['demo']);
    expect(names('/v3/projects?tags=x')).toEqual(['top']);
    expect(names(`/v3/projects?parent_id=${parent.id}`)).toEqual(['leaf']);
    expect(names('/v3/projects?is_domain=true')).toEqual([]);
    // A project with children cannot go.
    const refused = call('DELETE', `/v3/projects/${parent.id}`);
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toBe(
      `Cannot delete the project ${parent.id} since it is not a leaf in the hierarchy. Use the cascade option if you want to delete a whole subtree.`,
    );
  });

  it('409s a second project of the same name in the domain, on create and on rename', () => {
    const { call, cloud } = keystone();
    const before = cloud.snapshot();
    const dup = call('POST', '/v3/projects', { project: { name: 'demo' } });
    expect(dup.status).toBe(409);
    expect(dup.body.error.title).toBe('Conflict');
    expect(dup.body.error.message).toMatch(
      /^Conflict occurred attempting to store project - it is not permitted to have two projects with either the same name or same id in the same domain: name is demo, project id [0-9a-f]{32}\.$/,
    );
    expect(cloud.snapshot().services?.identity).toEqual(before.services?.identity);
    const other = call('POST', '/v3/projects', { project: { name: 'other' } }).body.project;
    expect(call('PATCH', `/v3/projects/${other.id}`, { project: { name: 'demo' } }).status).toBe(
      409,
    );
  });

  it.each([
    ['no body', undefined, "'project' is a required property"],
    [
      'no name',
      { project: {} },
      "Invalid input for field/attribute project. Value: {}. 'name' is a required property",
    ],
    [
      'a number for a name',
      { project: { name: 5 } },
      "Invalid input for field/attribute name. Value: 5. 5 is not of type 'string'",
    ],
    [
      'a non-boolean enabled',
      { project: { name: 'x', enabled: 'maybe' } },
      "Invalid input for field/attribute enabled. Value: maybe. 'maybe' is not one of",
    ],
    [
      'an unknown top-level key',
      { project: { name: 'x' }, extra: 1 },
      'Additional properties are not allowed',
    ],
  ])('400s %s and changes nothing', (_, body, message) => {
    const { call, cloud } = keystone();
    const before = JSON.stringify(cloud.snapshot());
    const res = call('POST', '/v3/projects', body);
    expect(res.status).toBe(400);
    expect(res.body.error.title).toBe('Bad Request');
    expect(res.body.error.message.startsWith(message)).toBe(true);
    expect(JSON.stringify(cloud.snapshot())).toBe(before);
  });

  it('400s malformed JSON and 404s an unknown domain or parent', () => {
    const { call } = keystone();
    const bad = call('POST', '/v3/projects', '{"project":');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/^Expecting to find valid JSON in request body\./);
    expect(
      call('POST', '/v3/projects', { project: { name: 'x', domain_id: 'elsewhere' } }).body,
    ).toEqual(errorOf(404, 'Could not find domain: elsewhere.'));
    expect(call('POST', '/v3/projects', { project: { name: 'x', parent_id: 'nope' } }).status).toBe(
      404,
    );
  });

  it("403s writes and lists for non-admins; a member reads only its token's project", () => {
    const { call, demo, cloud } = keystone();
    const forbidden = (action: string) =>
      errorOf(403, `You are not authorized to perform the requested action: identity:${action}.`);
    expect(call('GET', '/v3/projects', undefined, demo).body).toEqual(forbidden('list_projects'));
    expect(call('POST', '/v3/projects', { project: { name: 'x' } }, demo).body).toEqual(
      forbidden('create_project'),
    );
    const admin = cloud.identity.projectByName('admin')!.id;
    expect(call('GET', `/v3/projects/${admin}`, undefined, demo).body).toEqual(
      forbidden('get_project'),
    );
    expect(call('GET', `/v3/projects/${demo.projectId}`, undefined, demo).status).toBe(200);
    expect(call('DELETE', `/v3/projects/${demo.projectId}`, undefined, demo).status).toBe(403);
    // The in-process default caller is a member of the samples' project: no admin.
    expect(cloud.request({ service: 'identity', method: 'GET', path: '/v3/projects' }).status).toBe(
      403,
    );
  });

  it("answers unknown paths and methods in Keystone's words", () => {
    const { call } = keystone();
    expect(call('GET', '/v3/nothing').body).toEqual(
      errorOf(404, 'The resource could not be found.'),
    );
    expect(call('PUT', '/v3/projects').body).toEqual(
      errorOf(405, 'The method specified is not allowed for this resource.'),
    );
  });
});
