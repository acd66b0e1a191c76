import type { ApiContext } from '../../../src/api/context.js';
import { Microversion } from '../../../src/api/microversion.js';
import { Query } from '../../../src/api/query.js';
import { DEFAULT_FLAVORS } from '../../../src/catalog/defaults.js';
import { type Cloud, createCloud } from '../../../src/cloud.js';
import { type BuildRequest, createServers } from '../../../src/compute/create.js';
import type { Caller } from '../../../src/compute/operations.js';
import type { Flavor, Server } from '../../../src/compute/server.js';
import type { CloudConfigInput } from '../../../src/config.js';

export const IMAGE = '70a599e0-31e7-49b7-b260-868f441e862b';
// Hex and dashes: Nova's router takes nothing else as a project id in a URL.
export const PROJECT = 'dec0de-0001';
export const OTHER = 'p-other';

export const member = (projectId = PROJECT, userId = 'alice'): Caller => ({
  projectId,
  userId,
  isAdmin: false,
  requestId: 'req-test',
});
export const admin = (projectId = 'p-admin'): Caller => ({
  projectId,
  userId: 'root',
  isAdmin: true,
  requestId: 'req-admin',
});

export function newCloud(config: CloudConfigInput = {}, seed = 1): Cloud {
  return createCloud({
    seed,
    hosts: { count: 4, vcpus: 10000, memoryMb: 10_000_000, diskGb: 1_000_000 },
    config: { jitter: 0, quotas: { instances: -1, cores: -1, ram: -1 }, ...config },
  });
}

/** Just enough of a request context for the listing module's own functions. */
export function listContext(
  cloud: Cloud,
  query: string,
  caller: Caller,
  version = '2.90',
): ApiContext {
  return {
    cloud,
    version: Microversion.of(version),
    query: Query.parse(query),
    isAdmin: caller.isAdmin,
    auth: { projectId: caller.projectId, userId: caller.userId, roles: [] },
    caller,
  } as unknown as ApiContext;
}

export function flavor(id: string): Flavor {
  const found = DEFAULT_FLAVORS.find((f) => f.id === id);
  if (!found) throw new Error(`no flavor ${id}`);
  return found;
}

export function boot(
  cloud: Cloud,
  request: Partial<BuildRequest> & { name: string },
  caller: Caller = member(),
): Server[] {
  return createServers(cloud.compute, cloud.random, caller, {
    flavor: flavor('1'),
    imageRef: IMAGE,
    ...request,
  });
}

export function settle(cloud: Cloud): void {
  cloud.clock.advance(30_000);
}

export interface ListCall {
  readonly query?: string;
  readonly version?: string;
  readonly caller?: Caller;
  readonly detail?: boolean;
  readonly roles?: readonly string[];
}

export function list(cloud: Cloud, call: ListCall = {}) {
  const caller = call.caller ?? member();
  const path = `/v2.1/servers${call.detail === false ? '' : '/detail'}${call.query ? `?${call.query}` : ''}`;
  return cloud.request({
    method: 'GET',
    path,
    headers: { 'OpenStack-API-Version': `compute ${call.version ?? '2.1'}` },
    auth: {
      projectId: caller.projectId,
      userId: caller.userId,
      roles: call.roles ?? (caller.isAdmin ? ['admin', 'member'] : ['member']),
    },
  });
}

/** The ids of a 200 list response; throws with the fault otherwise. */
export function ids(res: ReturnType<Cloud['request']>): string[] {
  if (res.status !== 200) throw new Error(`status ${res.status}: ${JSON.stringify(res.body)}`);
  return (res.body as { servers: { id: string }[] }).servers.map((s) => s.id);
}

export function names(res: ReturnType<Cloud['request']>): string[] {
  if (res.status !== 200) throw new Error(`status ${res.status}: ${JSON.stringify(res.body)}`);
  return (res.body as { servers: { name: string }[] }).servers.map((s) => s.name);
}

export function fault(res: ReturnType<Cloud['request']>): { code: number; message: string } {
  const body = res.body as Record<string, { code: number; message: string }>;
  const value = Object.values(body)[0];
  if (!value) throw new Error('no fault body');
  return value;
}

export function nextHref(res: ReturnType<Cloud['request']>): string | undefined {
  const links = (res.body as { servers_links?: { rel: string; href: string }[] }).servers_links;
  return links?.find((l) => l.rel === 'next')?.href;
}
