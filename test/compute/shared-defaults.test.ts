import { describe, expect, it } from 'vitest';
import { type Cloud, createCloud } from '../../src/cloud.js';
import { type BuildRequest, createServers } from '../../src/compute/create.js';
import { DEFAULT_FLAVORS, SAMPLE_NETWORK_ID } from '../../src/index.js';

const IMAGE = '70a599e0-31e7-49b7-b260-868f441e862b';

/** A cloud, and servers created there through the API without networks, metadata or hints. */
const setUp = () => {
  const cloud = createCloud({ seed: 4 });
  const create = () =>
    (
      cloud.request({
        method: 'POST',
        path: '/v2.1/servers',
        body: { server: { name: 'a', imageRef: IMAGE, flavorRef: '1', networks: 'none' } },
        headers: { 'OpenStack-API-Version': 'compute 2.37' },
      }).body as { server: { id: string } }
    ).server.id;
  const metadataOf = (id: string) =>
    (
      cloud.request({ method: 'GET', path: `/v2.1/servers/${id}/metadata` }).body as {
        metadata: Record<string, string>;
      }
    ).metadata;
  return { cloud, create, metadataOf };
};

describe('servers created without metadata or hints', () => {
  it('keep their own metadata: one server set through the API leaves the others empty', () => {
    const { cloud, create, metadataOf } = setUp();
    const [a, b] = [create(), create()];
    cloud.clock.advance(60_000);
    const set = cloud.request({
      method: 'POST',
      path: `/v2.1/servers/${a}/metadata`,
      body: { metadata: { role: 'web' } },
    });
    expect(set.status).toBe(200);
    expect(metadataOf(a)).toEqual({ role: 'web' });
    expect(metadataOf(b)).toEqual({});
  });

  it('keep their own metadata when a caller writes a record in place', () => {
    const { cloud, create, metadataOf } = setUp();
    const [a, b] = [create(), create()];
    cloud.compute.get(a)!.metadata.k = 'v';
    expect(metadataOf(a)).toEqual({ k: 'v' });
    expect(metadataOf(b)).toEqual({});
  });

  it('share hints that refuse a write in place', () => {
    const { cloud, create } = setUp();
    const [a, b] = [create(), create()];
    const hints = cloud.compute.get(a)!.schedulerHints;
    expect(cloud.compute.get(b)!.schedulerHints).toBe(hints);
    expect(() => {
      hints.same_host = ['x'];
    }).toThrow(TypeError);
  });
});

describe('what servers share with each other', () => {
  const CALLER = { projectId: 'p', userId: 'u', isAdmin: false, requestId: 'req-1' };
  const TINY = DEFAULT_FLAVORS.find((f) => f.id === '1')!;
  const build = (cloud: Cloud, request: Partial<BuildRequest> = {}) =>
    createServers(cloud.compute, cloud.random, CALLER, {
      name: 'web',
      flavor: TINY,
      imageRef: IMAGE,
      ...request,
    });

  it('one frozen list of security groups per request, and one for the default', () => {
    const cloud = createCloud({ seed: 4 });
    const [a, b] = build(cloud, { count: 2 });
    const [c] = build(cloud);
    expect(a!.securityGroups).toEqual(['default']);
    expect(b!.securityGroups).toBe(a!.securityGroups);
    expect(c!.securityGroups).toBe(a!.securityGroups);
    expect(Object.isFrozen(a!.securityGroups)).toBe(true);
    const asked = ['web', 'db'];
    const [d, e] = build(cloud, { count: 2, securityGroups: asked });
    expect(d!.securityGroups).toEqual(['web', 'db']);
    expect(e!.securityGroups).toBe(d!.securityGroups);
    expect(d!.securityGroups).not.toBe(asked);
    expect(() => (d!.securityGroups as string[]).push('x')).toThrow(TypeError);
  });

  it("a group added to one server of a request leaves its sibling's list as it was", () => {
    const cloud = createCloud({ seed: 4 });
    const created = cloud.request({
      method: 'POST',
      path: '/v2.1/servers',
      body: {
        server: {
          name: 'vm',
          imageRef: IMAGE,
          flavorRef: '1',
          min_count: 2,
          networks: [{ uuid: SAMPLE_NETWORK_ID }],
        },
      },
    });
    expect(created.status).toBe(202);
    cloud.clock.advance(120_000);
    const group = cloud.request({
      service: 'network',
      method: 'POST',
      path: '/v2.0/security-groups',
      body: { security_group: { name: 'extra' } },
    });
    expect(group.status).toBe(201);
    const [a, b] = [...cloud.compute.servers.values()];
    expect(b!.securityGroups).toBe(a!.securityGroups);
    const add = cloud.request({
      method: 'POST',
      path: `/v2.1/servers/${a!.id}/action`,
      body: { addSecurityGroup: { name: 'extra' } },
    });
    expect(add.status).toBe(202);
    const groupsOf = (id: string) =>
      (
        cloud.request({ method: 'GET', path: `/v2.1/servers/${id}` }).body as {
          server: { security_groups: { name: string }[] };
        }
      ).server.security_groups.map((g) => g.name);
    expect(groupsOf(a!.id)).toEqual(['default', 'extra']);
    expect(groupsOf(b!.id)).toEqual(['default']);
  });

  it('one frozen empty list of alternates once no alternate host is left', () => {
    // A single host: the scheduler offers no alternates at all.
    const cloud = createCloud({ seed: 4, hosts: { count: 1 } });
    const [a, b] = build(cloud, { count: 2 });
    expect(a!.alternates).toEqual([]);
    cloud.clock.advance(60_000);
    expect(a!.machine.vmState).toBe('active');
    expect(b!.alternates).toBe(a!.alternates);
    expect(Object.isFrozen(a!.alternates)).toBe(true);
  });

  it('one frozen empty list of addresses for servers without a port, replaced on attach', () => {
    const { cloud, create } = setUp();
    const [a, b] = [create(), create()];
    cloud.clock.advance(60_000);
    const [ra, rb] = [cloud.compute.get(a)!, cloud.compute.get(b)!];
    expect(ra.addresses).toEqual([]);
    expect(rb.addresses).toBe(ra.addresses);
    expect(Object.isFrozen(ra.addresses)).toBe(true);
    const attach = cloud.request({
      method: 'POST',
      path: `/v2.1/servers/${a}/os-interface`,
      body: { interfaceAttachment: { net_id: SAMPLE_NETWORK_ID } },
    });
    expect(attach.status).toBe(200);
    expect(ra.addresses).toHaveLength(1);
    expect(rb.addresses).toEqual([]);
    expect(cloud.request({ method: 'DELETE', path: `/v2.1/servers/${a}` }).status).toBe(204);
    cloud.clock.advance(60_000);
    expect(ra.deleted).toBe(true);
    expect(ra.addresses).toBe(rb.addresses);
  });

  it('hostnames spelled as the name, and the ones that are not', () => {
    const cloud = createCloud({ seed: 4 });
    const hostnames = (request: Partial<BuildRequest>) =>
      build(cloud, request).map((s) => [s.name, s.hostname]);
    expect(hostnames({ count: 2 })).toEqual([
      ['web-1', 'web-1'],
      ['web-2', 'web-2'],
    ]);
    expect(hostnames({ name: 'Web App', count: 2 })).toEqual([
      ['Web App-1', 'web-app-1'],
      ['Web App-2', 'web-app-2'],
    ]);
    expect(hostnames({ name: 'Web App' })).toEqual([['Web App', 'web-app']]);
    expect(hostnames({ name: 'web', hostname: 'db', count: 2 })).toEqual([
      ['web-1', 'db-1'],
      ['web-2', 'db-2'],
    ]);
    expect(hostnames({ name: 'db', hostname: 'db' })).toEqual([['db', 'db']]);
  });
});
