import { describe, expect, it } from 'vitest';
import type { ServerGroup } from '../../src/catalog/catalog.js';
import { type Cloud, createCloud } from '../../src/cloud.js';
import { NO_VALID_HOST, NOT_ENOUGH_HOSTS } from '../../src/compute/compute.js';
import type { Server } from '../../src/compute/server.js';
import { HUGE, recordSteps } from '../support/drive.js';
import { build, engine, MEMBER, settle, statusOf } from '../support/engine.js';

// §8.2 NoValidHost, multi-create all-or-nothing, server groups; §2.3 build failures and
// rescheduling to alternate hosts.

const exceeded = (id: string) =>
  `Exceeded maximum number of retries. Exhausted all hosts available for retrying build failures for instance ${id}.`;

function settleAll(cloud: Cloud, servers: readonly Server[]): void {
  for (const server of servers) settle(cloud, server);
}

function expectBuried(cloud: Cloud, server: Server, message: string): void {
  expect(statusOf(server)).toBe('ERROR');
  expect(server.machine).toMatchObject({ vmState: 'error', taskState: null, powerState: 0 });
  expect(server.fault).toMatchObject({ code: 500, message });
  expect(server.host).toBeNull();
  expect(server.launchedAt).toBeNull();
  expect(cloud.scheduler.claimsOf(server.id)).toEqual([]);
}

function group(cloud: Cloud, policy: ServerGroup['policy'], rules = {}): ServerGroup {
  const g: ServerGroup = {
    id: `group-${policy}`,
    name: policy,
    policy,
    rules,
    members: [],
    projectId: MEMBER.projectId,
    userId: MEMBER.userId,
  };
  cloud.catalog.groups.set(g.id, g);
  return g;
}

/** Creates servers in the group and makes them members, as the API handler does. */
function buildInGroup(cloud: Cloud, g: ServerGroup, count = 1): Server[] {
  const servers = build(cloud, { serverGroupId: g.id, count });
  g.members.push(...servers.map((s) => s.id));
  return servers;
}

describe('NoValidHost (§8.2)', () => {
  it('buries a build no host can take: ERROR, 500, trailing-space message, no host', () => {
    const cloud = engine();
    const faults: string[] = [];
    cloud.events.on('fault', (e) => faults.push(e.message));
    const [server] = build(cloud, { flavor: HUGE });
    const steps = recordSteps(cloud, server!);
    settle(cloud, server!);
    expect(steps).toEqual(['error/null']);
    expectBuried(cloud, server!, NO_VALID_HOST);
    expect(NO_VALID_HOST).toBe('No valid host was found. ');
    expect(faults).toEqual([NO_VALID_HOST]);
  });

  it('buries the build that finds capacity exhausted, the earlier ones stay ACTIVE', () => {
    // One host with 1 physical vCPU: 4 schedulable at cpu_allocation_ratio 4.0.
    const cloud = engine({ hosts: { count: 1, vcpus: 1 } });
    const servers = Array.from({ length: 5 }, () => build(cloud)[0]!);
    settleAll(cloud, servers);
    expect(servers.slice(0, 4).map(statusOf)).toEqual(['ACTIVE', 'ACTIVE', 'ACTIVE', 'ACTIVE']);
    expectBuried(cloud, servers[4]!, NO_VALID_HOST);
    expect(cloud.scheduler.usage('compute-1').vcpus).toBe(4);
  });

  it('says "not enough hosts" when anti-affinity leaves no host', () => {
    const cloud = engine();
    const g = group(cloud, 'anti-affinity');
    const servers = [1, 2, 3].map(() => buildInGroup(cloud, g)[0]!);
    settleAll(cloud, servers);
    expect(servers.slice(0, 2).map(statusOf)).toEqual(['ACTIVE', 'ACTIVE']);
    expect(new Set(servers.slice(0, 2).map((s) => s.host)).size).toBe(2);
    expectBuried(cloud, servers[2]!, NOT_ENOUGH_HOSTS);
    expect(NOT_ENOUGH_HOSTS).toBe('No valid host was found. There are not enough hosts available.');
  });

  it('honours max_server_per_host of an anti-affinity group', () => {
    const cloud = engine();
    const g = group(cloud, 'anti-affinity', { max_server_per_host: 2 });
    const servers = buildInGroup(cloud, g, 4);
    settleAll(cloud, servers);
    expect(servers.map(statusOf)).toEqual(['ACTIVE', 'ACTIVE', 'ACTIVE', 'ACTIVE']);
    const more = buildInGroup(cloud, g);
    settleAll(cloud, more);
    expectBuried(cloud, more[0]!, NOT_ENOUGH_HOSTS);
  });

  it('puts an affinity group on one host', () => {
    const cloud = engine({ hosts: { count: 4 } });
    const g = group(cloud, 'affinity');
    const servers = buildInGroup(cloud, g, 3);
    settleAll(cloud, servers);
    expect(new Set(servers.map((s) => s.host)).size).toBe(1);
  });
});

describe('multi-create is all or nothing (§8.2)', () => {
  it('buries every server of a request when fewer hosts pass than servers requested', () => {
    const cloud = engine();
    const g = group(cloud, 'anti-affinity');
    const servers = buildInGroup(cloud, g, 3);
    settleAll(cloud, servers);
    for (const server of servers) expectBuried(cloud, server, NOT_ENOUGH_HOSTS);
    for (const host of cloud.hosts.list())
      expect(cloud.scheduler.claimsOnHost(host.name)).toEqual([]);
  });

  it('buries all when capacity runs out part-way through the request', () => {
    const cloud = engine({ hosts: { count: 1, vcpus: 1 } });
    const servers = build(cloud, { count: 5 });
    settleAll(cloud, servers);
    for (const server of servers) expectBuried(cloud, server, NOT_ENOUGH_HOSTS);
    expect(cloud.scheduler.usage('compute-1').vcpus).toBe(0);
  });

  it('places all when they fit, on distinct hosts for anti-affinity', () => {
    const cloud = engine();
    const g = group(cloud, 'anti-affinity');
    const servers = buildInGroup(cloud, g, 2);
    settleAll(cloud, servers);
    expect(servers.map(statusOf)).toEqual(['ACTIVE', 'ACTIVE']);
    expect(new Set(servers.map((s) => s.host)).size).toBe(2);
    expect(servers.map((s) => s.name)).toEqual(['web-1', 'web-2']);
    expect(new Set(servers.map((s) => s.reservationId)).size).toBe(1);
  });

  it('fills a host to the last slot with one request', () => {
    const cloud = engine({ hosts: { count: 1, vcpus: 1 } });
    const servers = build(cloud, { count: 4 });
    settleAll(cloud, servers);
    expect(servers.map(statusOf)).toEqual(['ACTIVE', 'ACTIVE', 'ACTIVE', 'ACTIVE']);
  });
});

describe('build failures and rescheduling (§2.3, §8.2 max_attempts)', () => {
  it('reschedules a reschedulable failure to an alternate host and ends ACTIVE', () => {
    const cloud = engine({ hosts: { count: 3 } });
    cloud.addFault({ kind: 'build-failure', count: 1 });
    const [server] = build(cloud);
    const hosts: (string | null)[] = [];
    cloud.events.on('server.step', (e) => {
      if (e.taskState === 'spawning') hosts.push(e.host);
    });
    const steps = recordSteps(cloud, server!);
    settle(cloud, server!);
    const once = ['building/null', 'building/networking', 'building/block_device_mapping'];
    expect(steps).toEqual([
      ...once,
      'building/spawning',
      'building/scheduling',
      ...once,
      'building/spawning',
      'active/null',
    ]);
    expect(statusOf(server!)).toBe('ACTIVE');
    expect(hosts).toHaveLength(2);
    expect(hosts[1]).not.toBe(hosts[0]);
    expect(server!.host).toBe(hosts[1]);
    expect(server!.attempts).toBe(2);
    expect(cloud.scheduler.claimsOf(server!.id).map((c) => c.host)).toEqual([hosts[1]]);
    expect(cloud.scheduler.claimsOnHost(hosts[0]!)).toEqual([]);
    // The rule is spent: the next build succeeds at once.
    const [next] = build(cloud);
    settle(cloud, next!);
    expect(next!.attempts).toBe(1);
  });

  it('gives up after max_attempts (3) builds: ERROR with the retries message', () => {
    const cloud = engine({ hosts: { count: 5 } });
    cloud.addFault({ kind: 'build-failure' });
    const [server] = build(cloud);
    let spawns = 0;
    cloud.events.on('server.step', (e) => {
      if (e.serverId === server!.id && e.taskState === 'spawning') spawns++;
    });
    settle(cloud, server!);
    expect(spawns).toBe(3);
    expectBuried(cloud, server!, exceeded(server!.id));
    for (const host of cloud.hosts.list())
      expect(cloud.scheduler.claimsOnHost(host.name)).toEqual([]);
  });

  it('respects a smaller max_attempts', () => {
    const cloud = engine({ hosts: { count: 5 }, config: { maxAttempts: 2 } });
    cloud.addFault({ kind: 'build-failure', count: 2 });
    const [server] = build(cloud);
    settle(cloud, server!);
    expectBuried(cloud, server!, exceeded(server!.id));
    expect(server!.attempts).toBe(2);
  });

  it('with a single host there is no alternate: ERROR at the first failure', () => {
    const cloud = engine({ hosts: { count: 1 } });
    cloud.addFault({ kind: 'build-failure', count: 1 });
    const [server] = build(cloud);
    settle(cloud, server!);
    expectBuried(cloud, server!, exceeded(server!.id));
  });

  it('a non-reschedulable failure goes straight to ERROR with its message', () => {
    const cloud = engine({ hosts: { count: 3 } });
    const message = 'Build of instance aborted: Image could not be fetched';
    cloud.addFault({ kind: 'build-failure', reschedule: false, message, count: 1 });
    const [server] = build(cloud);
    let spawns = 0;
    cloud.events.on('server.step', (e) => {
      if (e.taskState === 'spawning') spawns++;
    });
    settle(cloud, server!);
    expect(spawns).toBe(1);
    expectBuried(cloud, server!, message);
  });

  it('applies a rule only to the servers it matches', () => {
    const cloud = engine({ hosts: { count: 3 } });
    cloud.addFault({ kind: 'build-failure', reschedule: false, name: '^db' });
    const [web] = build(cloud, { name: 'web' });
    const [db] = build(cloud, { name: 'db-1' });
    settleAll(cloud, [web!, db!]);
    expect(statusOf(web!)).toBe('ACTIVE');
    expect(statusOf(db!)).toBe('ERROR');
  });
});

describe('alternate hosts after the build (Nova keeps them only for its reschedules)', () => {
  it('holds the alternates while building and drops them once launched', () => {
    const cloud = engine({ hosts: { count: 3 } });
    const [server] = build(cloud);
    let building: readonly string[] = [];
    cloud.events.on('server.step', (e) => {
      if (e.taskState === 'spawning') building = [...server!.alternates];
    });
    settle(cloud, server!);
    expect(statusOf(server!)).toBe('ACTIVE');
    expect(building).toHaveLength(2);
    expect(building).not.toContain(server!.host);
    expect(server!.alternates).toEqual([]);
  });

  it('a restored cloud has the same servers, alternates included', () => {
    const cloud = engine({ hosts: { count: 3 } });
    const done = build(cloud)[0]!;
    settle(cloud, done);
    const later = build(cloud)[0]!;
    for (let i = 0; i < 100 && later.alternates.length === 0; i++) cloud.clock.advance(100);
    expect(statusOf(later)).toBe('BUILD');
    expect(later.alternates.length).toBeGreaterThan(0);
    expect(done.alternates).toEqual([]);
    const saved = JSON.stringify(cloud.snapshot());
    const copy = createCloud({ restore: JSON.parse(saved) });
    expect(JSON.stringify(copy.snapshot())).toBe(saved);
  });
});
