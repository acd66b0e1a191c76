import { DEFAULT_FLAVORS } from '../../src/catalog/defaults.js';
import { type Cloud, type CloudOptions, createCloud } from '../../src/cloud.js';
import { type BuildRequest, createServers } from '../../src/compute/create.js';
import type { Caller } from '../../src/compute/operations.js';
import type { Flavor, Server } from '../../src/compute/server.js';
import { statusFromState } from '../../src/compute/status-map.js';

export const MEMBER: Caller = {
  projectId: 'demo',
  userId: 'alice',
  isAdmin: false,
  requestId: 'req-test',
};
export const ADMIN: Caller = {
  projectId: 'admin',
  userId: 'root',
  isAdmin: true,
  requestId: 'req-admin',
};
export const IMAGE = '70a599e0-31e7-49b7-b260-868f441e862b';

export function flavor(id: string): Flavor {
  const found = DEFAULT_FLAVORS.find((f) => f.id === id);
  if (!found) throw new Error(`no flavor ${id}`);
  return found;
}

/** A cloud with no jitter and 2 hosts unless told otherwise. */
export function engine(options: CloudOptions = {}): Cloud {
  return createCloud({
    seed: 1,
    hosts: { count: 2 },
    ...options,
    config: { jitter: 0, ...options.config },
  });
}

export function build(
  cloud: Cloud,
  request: Partial<BuildRequest> = {},
  caller = MEMBER,
): Server[] {
  return createServers(cloud.compute, cloud.random, caller, {
    name: 'web',
    flavor: flavor('1'),
    imageRef: IMAGE,
    ...request,
  });
}

export function statusOf(server: Server): string {
  return statusFromState(server.machine.vmState, server.machine.taskState, server.deleted);
}

/** Advances the clock until the server's task is over (or the budget runs out). */
export function settle(cloud: Cloud, server: Server, budgetMs = 120_000): void {
  const stop = cloud.clock.now() + budgetMs;
  while (cloud.clock.now() < stop) {
    cloud.clock.advance(100);
    if (cloud.compute.pendingOf(server.id) === undefined) return;
  }
}

/** A built, ACTIVE server. */
export function active(cloud: Cloud, request: Partial<BuildRequest> = {}, caller = MEMBER): Server {
  const [server] = build(cloud, request, caller);
  if (!server) throw new Error('no server');
  settle(cloud, server);
  if (statusOf(server) !== 'ACTIVE') throw new Error(`server is ${statusOf(server)}`);
  return server;
}
