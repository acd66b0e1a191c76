import type { ApiContext } from '../../../src/api/context.js';
import { Microversion } from '../../../src/api/microversion.js';
import { Query } from '../../../src/api/query.js';
import { serverDetail } from '../../../src/api/views/server.js';
import { DEFAULT_FLAVORS } from '../../../src/catalog/defaults.js';
import { type Cloud, createCloud } from '../../../src/cloud.js';
import { type BuildRequest, createServers } from '../../../src/compute/create.js';
import type { Caller } from '../../../src/compute/operations.js';
import type { Address, Flavor, Server } from '../../../src/compute/server.js';

/** The project and endpoint of Nova's api_samples. */
export const PROJECT = '6f70656e737461636b20342065766572';
export const ENDPOINT = 'http://openstack.example.com';
export const IMAGE = '70a599e0-31e7-49b7-b260-868f441e862b';

export const OWNER: Caller = {
  projectId: PROJECT,
  userId: 'fake',
  isAdmin: false,
  requestId: 'req-views',
};

export function testCloud(): Cloud {
  return createCloud({ seed: 1, config: { jitter: 0 } });
}

export function flavor(id: string): Flavor {
  const found = DEFAULT_FLAVORS.find((f) => f.id === id);
  if (!found) throw new Error(`no flavor ${id}`);
  return found;
}

export interface ContextOptions {
  readonly version?: string;
  readonly admin?: boolean;
  readonly projectId?: string;
}

/** An ApiContext as the router would build it for `/v2.1/{project}/...`. */
export function apiContext(cloud: Cloud, options: ContextOptions = {}): ApiContext {
  const projectId = options.projectId ?? PROJECT;
  const admin = options.admin ?? false;
  const requestId = 'req-views';
  return {
    cloud,
    method: 'GET',
    version: Microversion.of(options.version ?? '2.1'),
    auth: { projectId, userId: admin ? 'admin' : 'fake', roles: admin ? ['admin'] : ['member'] },
    isAdmin: admin,
    caller: { projectId, userId: admin ? 'admin' : 'fake', isAdmin: admin, requestId },
    requestId,
    params: {},
    query: Query.parse(''),
    body: undefined,
    links: {
      self: (path) => `${ENDPOINT}/v2.1/${projectId}/${path}`,
      bookmark: (path) => `${ENDPOINT}/${projectId}/${path}`,
    },
  };
}

const nextHost = new WeakMap<Cloud, number>();

/** The next address on the samples' network (192.168.1.2, .3, ...), as the old catalog gave them. */
function nextSampleAddress(cloud: Cloud): Address {
  const host = nextHost.get(cloud) ?? 2;
  nextHost.set(cloud, host + 1);
  const mac = `fa:16:3e:00:${((host >> 8) & 0xff).toString(16).padStart(2, '0')}:${(host & 0xff).toString(16).padStart(2, '0')}`;
  return { network: 'private', version: 4, addr: `192.168.1.${host}`, type: 'fixed', mac };
}

/** A server shaped like the samples' one: metadata, access IPs, an address, two volumes. */
export function sampleRequest(cloud: Cloud, overrides: Partial<BuildRequest> = {}): BuildRequest {
  return {
    name: 'new-server-test',
    flavor: flavor('1'),
    imageRef: IMAGE,
    metadata: { 'My Server Name': 'Apache1' },
    accessIPv4: '1.2.3.4',
    accessIPv6: '80fe::',
    autoDiskConfig: true,
    userData: 'IyEvYmluL2Jhc2gKL2Jpbi9zdQplY2hvICJJIGFtIGluIHlvdSEiCg==',
    volumes: [
      { id: 'volume_id1', deleteOnTermination: false },
      { id: 'volume_id2', deleteOnTermination: false },
    ],
    addresses: () => [nextSampleAddress(cloud)],
    ...overrides,
  };
}

/** Creates one server through the engine (still BUILD). */
export function buildServer(
  cloud: Cloud,
  overrides: Partial<BuildRequest> = {},
  caller = OWNER,
): Server {
  const [server] = createServers(
    cloud.compute,
    cloud.random,
    caller,
    sampleRequest(cloud, overrides),
  );
  if (!server) throw new Error('no server');
  return server;
}

/** Creates one server and runs the clock until it is ACTIVE. */
export function activeServer(
  cloud: Cloud,
  overrides: Partial<BuildRequest> = {},
  caller = OWNER,
): Server {
  const server = buildServer(cloud, overrides, caller);
  cloud.clock.advance(30_000);
  if (cloud.compute.status(server) !== 'ACTIVE') {
    throw new Error(`server is ${cloud.compute.status(server)}`);
  }
  return server;
}

/** The GET view of a server at a microversion, as a member or an admin. */
export function show(cloud: Cloud, server: Server, version = '2.1', admin = false) {
  return serverDetail(apiContext(cloud, { version, admin }), server);
}

/** Runs the clock until the server has no step left (or 2 minutes pass). */
export function settle(cloud: Cloud, server: Server): void {
  for (let i = 0; i < 1200 && cloud.compute.stepTiming(server.id); i++) cloud.clock.advance(100);
}

/** Runs the clock until the server reaches a task state. */
export function advanceTo(cloud: Cloud, server: Server, taskState: string): void {
  for (let i = 0; i < 1200 && server.machine.taskState !== taskState; i++) cloud.clock.advance(10);
  if (server.machine.taskState !== taskState) throw new Error(`never reached ${taskState}`);
}

/** Moves the clock to a fraction of the running step. */
export function advanceWithinStep(cloud: Cloud, server: Server, fraction: number): void {
  const timing = cloud.compute.stepTiming(server.id);
  if (!timing) throw new Error('no step running');
  const target = timing.startedAt + (timing.dueAt - timing.startedAt) * fraction;
  cloud.clock.advance(target - cloud.clock.now());
}

/** A server whose build found no host (NoValidHost): ERROR with a fault. */
export function erroredServer(cloud: Cloud): Server {
  const server = buildServer(cloud, { flavor: { ...flavor('1'), vcpus: 100_000 } });
  settle(cloud, server);
  if (cloud.compute.status(server) !== 'ERROR') throw new Error('expected an ERROR server');
  return server;
}
