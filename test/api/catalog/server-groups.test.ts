import { describe, expect, it } from 'vitest';
import { DEFAULT_FLAVORS } from '../../../src/catalog/defaults.js';
import { createServers } from '../../../src/compute/create.js';
import * as ops from '../../../src/compute/operations.js';
import {
  call,
  expectFault,
  expectSample,
  folderVersion,
  newCloud,
  PROJECT,
  sample,
  USER,
} from './helpers.js';

type GroupBody = { server_group: Record<string, unknown> & { id: string } };

describe("os-server-groups replays Nova's api_samples", () => {
  for (const folder of ['', 'v2.13', 'v2.64']) {
    const version = folderVersion(folder);
    it(`${folder || 'v2.1'}: create, show and list`, () => {
      const cloud = newCloud();
      const created = call(cloud, 'POST', 'os-server-groups', {
        version,
        body: sample('os-server-groups', folder, 'server-groups-post-req.json'),
      });
      expectSample(
        created,
        200,
        sample('os-server-groups', folder, 'server-groups-post-resp.json'),
      );
      const id = (created.body as GroupBody).server_group.id;
      expectSample(
        call(cloud, 'GET', `os-server-groups/${id}`, { version }),
        200,
        sample('os-server-groups', folder, 'server-groups-get-resp.json'),
      );
      expectSample(
        call(cloud, 'GET', 'os-server-groups', { version }),
        200,
        sample('os-server-groups', folder, 'server-groups-list-resp.json'),
      );
      expect(call(cloud, 'DELETE', `os-server-groups/${id}`, { version }).status).toBe(204);
    });
  }
});

describe('os-server-groups behaviour', () => {
  const group = (policies: string[]) => ({ server_group: { name: 'g', policies } });

  it('takes soft policies from 2.15 only', () => {
    const cloud = newCloud();
    const old = call(cloud, 'POST', 'os-server-groups', {
      version: '2.14',
      body: group(['soft-affinity']),
    });
    expect(old.status).toBe(400);
    expect((old.body as { badRequest: { message: string } }).badRequest.message).toContain(
      "is not one of ['anti-affinity', 'affinity']",
    );
    expect(
      call(cloud, 'POST', 'os-server-groups', { version: '2.15', body: group(['soft-affinity']) })
        .status,
    ).toBe(200);
    expect(
      call(cloud, 'POST', 'os-server-groups', {
        version: '2.15',
        body: group(['affinity', 'anti-affinity']),
      }).status,
    ).toBe(400);
    expect(
      call(cloud, 'POST', 'os-server-groups', { version: '2.15', body: group([]) }).status,
    ).toBe(400);
  });

  it('uses policy and rules from 2.64, and policies before', () => {
    const cloud = newCloud();
    const v = { version: '2.64' };
    expect(
      call(cloud, 'POST', 'os-server-groups', { ...v, body: group(['affinity']) }).status,
    ).toBe(400);
    expect(
      call(cloud, 'POST', 'os-server-groups', {
        version: '2.63',
        body: { server_group: { name: 'g', policy: 'affinity' } },
      }).status,
    ).toBe(400);
    expectFault(
      call(cloud, 'POST', 'os-server-groups', {
        ...v,
        body: {
          server_group: { name: 'g', policy: 'affinity', rules: { max_server_per_host: 2 } },
        },
      }),
      400,
      'Only anti-affinity policy supports rules.',
    );
    expectFault(
      call(cloud, 'POST', 'os-server-groups', {
        ...v,
        body: {
          server_group: { name: 'g', policy: 'anti-affinity', rules: { max_server_per_host: 0 } },
        },
      }),
      400,
      'Invalid input for field/attribute max_server_per_host. Value: 0. 0 is less than the minimum of 1',
    );
    expect(
      call(cloud, 'POST', 'os-server-groups', {
        ...v,
        body: { server_group: { name: 'g', policy: 'anti-affinity', rules: { foo: 1 } } },
      }).status,
    ).toBe(400);
    const ok = call(cloud, 'POST', 'os-server-groups', {
      ...v,
      body: {
        server_group: { name: 'g', policy: 'anti-affinity', rules: { max_server_per_host: '2' } },
      },
    });
    expect((ok.body as GroupBody).server_group).toMatchObject({
      policy: 'anti-affinity',
      rules: { max_server_per_host: 2 },
    });
    const affinity = call(cloud, 'POST', 'os-server-groups', {
      ...v,
      body: { server_group: { name: 'g', policy: 'affinity' } },
    });
    expect((affinity.body as GroupBody).server_group.rules).toEqual({});
  });

  it('enforces the server_groups quota with 403', () => {
    const cloud = newCloud();
    cloud.compute.projectQuotas.set(PROJECT, { serverGroups: 1 });
    expect(call(cloud, 'POST', 'os-server-groups', { body: group(['affinity']) }).status).toBe(200);
    expectFault(
      call(cloud, 'POST', 'os-server-groups', { body: group(['affinity']) }),
      403,
      'Quota exceeded, too many server groups.',
    );
  });

  it('answers 404 for an unknown group', () => {
    const cloud = newCloud();
    const id = '00000000-0000-4000-8000-000000000000';
    expectFault(
      call(cloud, 'GET', `os-server-groups/${id}`),
      404,
      `Instance group ${id} could not be found.`,
    );
    expectFault(
      call(cloud, 'DELETE', `os-server-groups/${id}`),
      404,
      `Instance group ${id} could not be found.`,
    );
  });

  it("keeps other projects' groups out of reach of members: 404, as Nova's query filters them", () => {
    const cloud = newCloud();
    const created = call(cloud, 'POST', 'os-server-groups', {
      projectId: 'other',
      body: group(['affinity']),
    });
    const id = (created.body as GroupBody).server_group.id;
    expectFault(
      call(cloud, 'GET', `os-server-groups/${id}`),
      404,
      `Instance group ${id} could not be found.`,
    );
    expectFault(
      call(cloud, 'DELETE', `os-server-groups/${id}`),
      404,
      `Instance group ${id} could not be found.`,
    );
    expect(call(cloud, 'GET', `os-server-groups/${id}`, { admin: true }).status).toBe(200);
  });

  it('lists all projects for admins with all_projects, with limit and offset', () => {
    const cloud = newCloud();
    call(cloud, 'POST', 'os-server-groups', { body: group(['affinity']) });
    call(cloud, 'POST', 'os-server-groups', { projectId: 'other', body: group(['affinity']) });
    call(cloud, 'POST', 'os-server-groups', { projectId: 'other', body: group(['anti-affinity']) });
    const count = (path: string, admin = false) =>
      (call(cloud, 'GET', path, { admin }).body as { server_groups: unknown[] }).server_groups
        .length;
    expect(count('os-server-groups')).toBe(1);
    expect(count('os-server-groups?all_projects=True')).toBe(1);
    expect(count('os-server-groups?all_projects=True', true)).toBe(3);
    expect(count('os-server-groups?all_projects=True&limit=2', true)).toBe(2);
    expect(count('os-server-groups?all_projects=True&offset=2', true)).toBe(1);
    expect(call(cloud, 'GET', 'os-server-groups?limit=x').status).toBe(400);
  });

  it('lists only members that are not deleted', () => {
    const cloud = newCloud();
    const created = call(cloud, 'POST', 'os-server-groups', { body: group(['anti-affinity']) });
    const id = (created.body as GroupBody).server_group.id;
    const caller = { projectId: PROJECT, userId: USER, isAdmin: false, requestId: 'req-sg' };
    const servers = createServers(cloud.compute, cloud.random, caller, {
      name: 'member',
      flavor: DEFAULT_FLAVORS[0]!,
      imageRef: '70a599e0-31e7-49b7-b260-868f441e862b',
      count: 2,
      serverGroupId: id,
    });
    cloud.catalog.groups.get(id)!.members.push(...servers.map((s) => s.id));
    cloud.clock.advance(60_000);
    const members = () =>
      (call(cloud, 'GET', `os-server-groups/${id}`).body as GroupBody).server_group.members;
    expect(members()).toEqual(servers.map((s) => s.id));
    ops.deleteServer(cloud.compute, servers[0]!, caller);
    cloud.clock.advance(60_000);
    expect(members()).toEqual([servers[1]!.id]);
  });
});
