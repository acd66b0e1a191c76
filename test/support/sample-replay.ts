import type { ApiResponse } from '../../src/api/request.js';
import { SAMPLE_PROJECT_ID } from '../../src/catalog/defaults.js';
import { type Cloud, createCloud } from '../../src/cloud.js';
import { ADMIN_RESOLVERS, ADMIN_SETUP, fitBody } from './admin-resolvers.js';
import { PROXY_RESOLVERS, PROXY_SETUP } from './proxy-resolvers.js';
import { type Exchange, folderOf } from './sample-exchanges.js';
import { ADMIN, GROUP, headers, IMAGE, MEMBER, RESOLVERS } from './sample-resolvers.js';
import { sampleAt, shapeDiff } from './samples.js';

export { EXCHANGES, type Exchange, folderOf, nameOf } from './sample-exchanges.js';

/** Server states an action needs, reached from ACTIVE by these actions first. */
const PREPARE: Readonly<Record<string, readonly unknown[]>> = {
  confirmResize: [{ resize: { flavorRef: '2' } }],
  revertResize: [{ resize: { flavorRef: '2' } }],
  'os-start': [{ 'os-stop': null }],
  unpause: [{ pause: null }],
  resume: [{ suspend: null }],
  unrescue: [{ rescue: null }],
  shelveOffload: [{ shelve: null }],
  unshelve: [{ shelve: null }],
  unlock: [{ lock: null }],
  restore: [],
};

/** Per-sample preparation that no action key tells (a GET of a server in some state). */
const PREPARE_FILE: Readonly<Record<string, readonly unknown[]>> = {
  'os-rescue/server-get-resp-rescue.json': [{ rescue: null }],
  'os-rescue/v2.87/server-get-resp-rescue.json': [{ rescue: null }],
  'os-rescue/server-get-resp-unrescue.json': [{ rescue: null }, { unrescue: null }],
  'os-rescue/v2.87/server-get-resp-unrescue.json': [{ rescue: null }, { unrescue: null }],
  'os-server-shares/v2.97/server-shares-create-req.json': [{ 'os-stop': null }],
  'os-server-shares/v2.97/server-shares-create-tag-req.json': [{ 'os-stop': null }],
  ...Object.fromEntries(
    ['2.58', '2.62', '2.66', '2.84'].map((v) => [
      `os-instance-actions/v${v}/instance-actions-list-with-limit-resp.json`,
      [{ 'os-stop': null }, { 'os-start': null }],
    ]),
  ),
};

export interface Replayed {
  readonly response: ApiResponse;
  /** Why the exchange does not match, empty when it does. */
  readonly problems: readonly string[];
}

/** Samples rendered for a non-admin caller carry servers without OS-EXT-SRV-ATTR:host. */
function callerFor(ex: Exchange) {
  if (ex.auth) return ex.auth === 'member' ? MEMBER : ADMIN;
  if (/non-admin|-user\.json$/.test(ex.response ?? '')) return MEMBER;
  if (ex.method === 'POST' && !ex.path.endsWith('/action')) return ADMIN;
  const response = ex.response ? (sampleAt(ex.response) as Record<string, unknown>) : {};
  const text = JSON.stringify(response);
  const showsServers = 'server' in response || 'servers' in response;
  return showsServers && !text.includes('"OS-EXT-SRV-ATTR:host"') ? MEMBER : ADMIN;
}

/** The top-level keys of a response sample. */
function topKeys(ex: Exchange): string[] {
  const response = ex.response ? sampleAt(ex.response) : undefined;
  return response && typeof response === 'object' ? Object.keys(response) : [];
}

/** Query strings behind responses that show a filtered or paged list. */
const QUERY: Readonly<Record<string, string>> = {
  'os-simple-tenant-usage/v2.40/simple-tenant-usage-get-detail.json': 'detailed=1&limit=1',
  'os-simple-tenant-usage/v2.40/simple-tenant-usage-get-specific.json': 'limit=1',
  'os-simple-tenant-usage/v2.40/simple-tenant-usage-get.json': 'limit=1',
  'os-simple-tenant-usage/simple-tenant-usage-get-detail.json': 'detailed=1',
};

/** Folders whose listings need something to list: a server that has run for an hour. */
const NEEDS_RUNNING_SERVER: ReadonlySet<string> = new Set(['os-simple-tenant-usage']);

/** Host names the request body mentions (the samples' compute hosts). */
function mentionedHosts(body: unknown): string[] {
  const text = JSON.stringify(body ?? {});
  const hosts = new Set<string>();
  for (const m of text.matchAll(/"(?:host|hypervisor_hostname)":\s*"([^"]+)"/g)) hosts.add(m[1]!);
  return [...hosts].filter((h) => !['compute', 'compute-2', 'compute-west'].includes(h));
}

function newCloud(body: unknown, softDelete: boolean): Cloud {
  const text = JSON.stringify(body ?? {});
  const networks = [
    ...new Set(
      [...text.matchAll(/"uuid":\s*"([a-f]{8}-[a-f]{4}-[a-f]{4}-[a-f]{4}-[a-f]{12})"/g)].map(
        (m) => m[1]!,
      ),
    ),
  ];
  const cloud = createCloud({
    seed: 7,
    hosts: [
      { name: 'compute', availabilityZone: 'nova' },
      { name: 'compute-2', availabilityZone: 'nova' },
      { name: 'compute-west', availabilityZone: 'us-west' },
    ],
    config: {
      jitter: 0,
      shelvedOffloadTime: text.includes('shelveOffload') ? -1 : 0,
      reclaimInstanceInterval: softDelete ? 3600 : 0,
      consoles: ['vnc', 'spice', 'serial', 'mks'],
    },
    ...(networks.length > 0
      ? {
          catalog: {
            networks: networks.map((id, i) => ({ id, name: `net${i}`, cidr: `10.${i}.0.0/24` })),
          },
        }
      : {}),
  });
  cloud.catalog.addKeypair({
    name: 'new-key',
    userId: 'fake',
    type: 'ssh',
    publicKey: 'ssh-rsa AAAA fake',
    fingerprint: '00:00',
    createdAt: 0,
  });
  cloud.catalog.groups.set(GROUP, {
    id: GROUP,
    name: 'sample',
    policy: 'anti-affinity',
    rules: {},
    members: [],
    projectId: SAMPLE_PROJECT_ID,
    userId: 'fake',
  });
  return cloud;
}

/** An ACTIVE server of the samples' project, made through the API. */
function activeServer(cloud: Cloud): string {
  const res = cloud.request({
    method: 'POST',
    path: '/v2.1/servers',
    headers: headers('2.1'),
    auth: ADMIN,
    body: {
      server: { name: 'sample-server', imageRef: IMAGE, flavorRef: '1', availability_zone: 'nova' },
    },
  });
  if (res.status !== 202) throw new Error(`could not boot: ${JSON.stringify(res.body)}`);
  cloud.clock.advance(60_000);
  return (res.body as { server: { id: string } }).server.id;
}

function action(cloud: Cloud, id: string, version: string, body: unknown): void {
  const res = cloud.request({
    method: 'POST',
    path: `/v2.1/servers/${id}/action`,
    headers: headers(version),
    auth: ADMIN,
    body,
  });
  if (res.status >= 300) throw new Error(`preparing: ${JSON.stringify(res.body)}`);
  cloud.clock.advance(60_000);
}

/**
 * Replays one exchange on a fresh cloud: the sample's request at its microversion, with
 * the path's ids made real (an ACTIVE server in the state the action needs, a console
 * token...), then compares the code and the response's key shape with the sample.
 */
export function replay(ex: Exchange): Replayed {
  let body = ex.request ? sampleAt(ex.request) : undefined;
  const actionKey = body && typeof body === 'object' ? Object.keys(body)[0] : undefined;
  const softDelete = actionKey === 'restore' || actionKey === 'forceDelete';
  const cloud = newCloud(body, softDelete);
  let server: string | undefined;
  const serverId = () => {
    if (server !== undefined) return server;
    server = activeServer(cloud);
    if (softDelete) {
      cloud.request({ method: 'DELETE', path: `/v2.1/servers/${server}`, auth: ADMIN });
      cloud.clock.advance(60_000);
    }
    const key = actionKey;
    const steps = [
      ...(ex.path.endsWith('/action') && key ? (PREPARE[key] ?? []) : []),
      ...(PREPARE_FILE[ex.request ?? ''] ?? PREPARE_FILE[ex.response ?? ''] ?? []),
    ];
    for (const step of steps) action(cloud, server, ex.version, step);
    if (key === 'evacuate') {
      const host = cloud.compute.get(server)!.host!;
      cloud.hosts.down(host);
      cloud.hosts.forceDown(host);
    }
    return server;
  };
  if (NEEDS_RUNNING_SERVER.has(folderOf(ex))) {
    serverId();
    cloud.clock.advance(3_600_000);
  }
  body = PROXY_SETUP[ex.request ?? '']?.(cloud, serverId, body) ?? body;
  body = ADMIN_SETUP[folderOf(ex)]?.(cloud, ex, serverId, body) ?? body;
  const problems: string[] = [];
  const made: Record<string, string> = {};
  let path = ex.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const resolve = ADMIN_RESOLVERS[name] ?? RESOLVERS[name] ?? PROXY_RESOLVERS[name];
    if (!resolve) {
      // A removed API answers 410 whatever the id; anything else needs the id to exist.
      if (!ex.status.every((code) => code >= 400)) problems.push(`no way to make a {${name}}`);
      return name;
    }
    made[name] = resolve(cloud, ex, serverId);
    return made[name];
  });
  body = fitBody(cloud, ex, made, body);
  // A response showing a `next` link was a page of a list: ask for pages of one, with
  // something in the list.
  const keys = topKeys(ex);
  if (JSON.stringify(ex.response ? sampleAt(ex.response) : {}).includes('"servers"')) serverId();
  const owner = /user_id=([\w-]+)/.exec(ex.path)?.[1];
  if (owner) {
    cloud.catalog.addKeypair({
      name: `${owner}-key`,
      userId: owner,
      type: 'ssh',
      publicKey: 'ssh-rsa AAAA owner',
      fingerprint: '00:01',
      createdAt: 0,
    });
  }
  const paged = keys.some((k) => k === 'links' || k.endsWith('_links'));
  const query = QUERY[ex.response ?? ''] ?? (paged && ex.method === 'GET' ? 'limit=1' : undefined);
  if (query) path += `${path.includes('?') ? '&' : '?'}${query}`;
  // Hosts the body names (os-services, evacuate, live migration targets) join after the
  // server has landed, so that it lands on the default hosts.
  for (const name of mentionedHosts(body)) {
    if (!cloud.hosts.list().some((h) => h.name === name))
      cloud.hosts.add({ name, availabilityZone: 'nova' });
  }
  const root = folderOf(ex) === 'versions';
  const response = cloud.request({
    method: ex.method,
    path: root ? path : `/v2.1${path}`,
    headers: headers(ex.version),
    auth: callerFor(ex),
    ...(body === undefined ? {} : { body }),
  });
  if (!ex.status.includes(response.status)) {
    problems.push(
      `${ex.method} ${ex.path} at ${ex.version}: ${response.status}, expected ${ex.status.join(' or ')}: ${JSON.stringify(response.body).slice(0, 300)}`,
    );
  } else if (ex.response && response.status < 300) {
    const expected = sampleAt(ex.response);
    problems.push(...shapeDiff(expected, response.body).map((d) => `${ex.response}: ${d}`));
  }
  return { response, problems };
}
