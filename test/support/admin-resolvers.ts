import { SAMPLE_PROJECT_ID } from '../../src/catalog/defaults.js';
import type { Cloud } from '../../src/cloud.js';
import { SAMPLE_NETWORK_ID } from '../../src/network/defaults.js';
import { type Exchange, folderOf } from './sample-exchanges.js';
import { ADMIN, headers, type Resolver } from './sample-resolvers.js';
import { sampleAt } from './samples.js';

// The ids the admin-side samples name (an aggregate, a compute host, an extension alias, a
// port on the server, an in-progress live migration, a private flavor), made real in the
// replay's cloud through the APIs, and what a few samples need in place first.

function nova(cloud: Cloud, method: string, path: string, version: string, body?: unknown) {
  const res = cloud.request({
    method,
    path: `/v2.1${path}`,
    headers: headers(version),
    auth: ADMIN,
    ...(body === undefined ? {} : { body }),
  });
  if (res.status >= 300) throw new Error(`nova ${method} ${path}: ${JSON.stringify(res.body)}`);
  return res.body;
}

function service(
  cloud: Cloud,
  name: 'network' | 'volume',
  method: string,
  path: string,
  body?: unknown,
) {
  const res = cloud.request({
    service: name,
    method,
    path: name === 'network' ? `/v2.0${path}` : `/v3/${SAMPLE_PROJECT_ID}${path}`,
    auth: ADMIN,
    ...(body === undefined ? {} : { body }),
  });
  if (res.status >= 300) throw new Error(`${name} ${method} ${path}: ${JSON.stringify(res.body)}`);
  return res.body;
}

/** The request sample's one top-level member, e.g. `remove_host` of an aggregate action. */
function requestMember(ex: Exchange, key: string): Record<string, unknown> | undefined {
  const body = ex.request ? (sampleAt(ex.request) as Record<string, unknown>) : undefined;
  const member = body?.[key];
  return member && typeof member === 'object' ? (member as Record<string, unknown>) : undefined;
}

/** A host the cloud has, added when the sample names one it does not. */
function ensureHost(cloud: Cloud, name: string): void {
  if (!cloud.hosts.list().some((h) => h.name === name)) {
    cloud.hosts.add({ name, availabilityZone: 'nova' });
  }
}

/** A new Cinder volume of the samples' project, available. */
function newVolume(cloud: Cloud): string {
  const id = service(cloud, 'volume', 'POST', '/volumes', { volume: { size: 1 } }).volume.id;
  cloud.clock.advance(60_000);
  return id as string;
}

/** Attaches a volume to the server through os-volume_attachments and lets it finish. */
function attachVolume(cloud: Cloud, server: string, volume: string): void {
  nova(cloud, 'POST', `/servers/${server}/os-volume_attachments`, '2.1', {
    volumeAttachment: { volumeId: volume },
  });
  cloud.clock.advance(60_000);
}

/** Starts a live migration of the server and leaves it running on the clock. */
function liveMigration(cloud: Cloud, server: string): string {
  nova(cloud, 'POST', `/servers/${server}/action`, '2.30', {
    'os-migrateLive': { host: null, block_migration: 'auto' },
  });
  cloud.clock.advance(1_000);
  const list: { id: number }[] = nova(
    cloud,
    'GET',
    `/servers/${server}/migrations`,
    '2.23',
  ).migrations;
  if (list.length === 0) throw new Error('the live migration is not in progress');
  return String(list[0]!.id);
}

/** A private flavor (id 10, as in the samples), with the samples' tenants given access. */
function privateFlavor(cloud: Cloud, ex: Exchange): string {
  nova(cloud, 'POST', '/flavors', '2.1', {
    flavor: {
      name: 'private',
      ram: 1024,
      vcpus: 2,
      disk: 10,
      id: '10',
      'os-flavor-access:is_public': false,
    },
  });
  const removed = requestMember(ex, 'removeTenantAccess')?.tenant;
  if (typeof removed === 'string') {
    nova(cloud, 'POST', '/flavors/10/action', '2.1', { addTenantAccess: { tenant: removed } });
  }
  return '10';
}

export const ADMIN_RESOLVERS: Readonly<Record<string, Resolver>> = {
  aggregate_id: (cloud, ex) => {
    const id = String(
      nova(cloud, 'POST', '/os-aggregates', ex.version, {
        aggregate: { name: 'sample-aggregate', availability_zone: 'nova' },
      }).aggregate.id,
    );
    // A host to remove has to be in the aggregate; one to cache images on too.
    const host =
      requestMember(ex, 'remove_host')?.host ??
      (ex.path.endsWith('/images') ? 'compute' : undefined);
    if (typeof host === 'string') {
      ensureHost(cloud, host);
      nova(cloud, 'POST', `/os-aggregates/${id}/action`, ex.version, { add_host: { host } });
    }
    return id;
  },
  // The first of the replay's hosts.
  host_name: () => 'compute',
  alias: (_cloud, ex) =>
    String((sampleAt(ex.response ?? '') as { extension?: { alias?: string } })?.extension?.alias),
  port_id: (cloud, _ex, serverId) =>
    service(cloud, 'network', 'GET', `/ports?device_id=${serverId()}`).ports[0].id as string,
  migration_id: (cloud, _ex, serverId) => liveMigration(cloud, serverId()),
  // A private flavor with access for flavor-access's samples, else m1.tiny.
  flavor_id: (cloud, ex) => (folderOf(ex) === 'flavor-access' ? privateFlavor(cloud, ex) : '1'),
};

/** The sample body with every value of one key that is a uuid replaced by ours. */
function withId(body: unknown, key: string, id: string): unknown {
  return JSON.parse(
    JSON.stringify(body).replace(
      new RegExp(`"${key}":\\s*"[0-9a-f-]{36}"`, 'g'),
      `"${key}":"${id}"`,
    ),
  );
}

type Setup = (cloud: Cloud, ex: Exchange, serverId: () => string, body: unknown) => unknown;

/**
 * What a sample needs in place before its path is resolved, by folder; it may hand back
 * the body with the sample's ids replaced by those it made.
 */
export const ADMIN_SETUP: Readonly<Record<string, Setup>> = {
  // A port of the project, not yet bound, for the attach samples; the fixed address a
  // sample asks for on the network is freed from the server's own port first.
  'os-attach-interfaces': (cloud, ex, serverId, body) => {
    if (ex.method !== 'POST') return undefined;
    if (JSON.stringify(body).includes('"net_id"')) {
      const port = service(cloud, 'network', 'GET', `/ports?device_id=${serverId()}`).ports[0];
      service(cloud, 'network', 'PUT', `/ports/${port.id}`, {
        port: { fixed_ips: [{ ip_address: '192.168.1.200' }] },
      });
      return undefined;
    }
    const port = service(cloud, 'network', 'POST', '/ports', {
      port: { network_id: SAMPLE_NETWORK_ID, tenant_id: SAMPLE_PROJECT_ID },
    }).port.id as string;
    return withId(body, 'port_id', port);
  },
  'os-volume_attachments': (cloud, ex, _serverId, body) =>
    ex.method === 'POST' ? withId(body, 'volumeId', newVolume(cloud)) : undefined,
  // Cinder asks about a volume attached to a server.
  'os-assisted-volume-snapshots': (cloud, _ex, serverId, body) => {
    const volume = newVolume(cloud);
    attachVolume(cloud, serverId(), volume);
    return withId(body, 'volume_id', volume);
  },
  // The network the server is on, so that the address is really added.
  'os-multinic': (_cloud, _ex, _serverId, body) => withId(body, 'networkId', SAMPLE_NETWORK_ID),
  // Something to list and page: a cold migration of the server, confirmed, then (when the
  // sample's first row is one) a live migration in progress. From 2.59 the newest lists
  // first; before, Nova lists in id order, so there the live migration is made alone.
  'os-migrations': (cloud, ex, serverId) => {
    const server = serverId();
    const first = (sampleAt(ex.response ?? '') as { migrations?: object[] })?.migrations?.[0];
    const live = first !== undefined && 'links' in first;
    if (!live || ex.version >= '2.59') {
      nova(cloud, 'POST', `/servers/${server}/action`, '2.1', { migrate: null });
      cloud.clock.advance(60_000);
      nova(cloud, 'POST', `/servers/${server}/action`, '2.1', { confirmResize: null });
      cloud.clock.advance(60_000);
    }
    if (live) liveMigration(cloud, server);
    return undefined;
  },
  // A server's migrations list shows its live migration in progress.
  'server-migrations': (cloud, ex, serverId) => {
    if (ex.method === 'GET' && ex.path.endsWith('/migrations')) liveMigration(cloud, serverId());
    return undefined;
  },
};

/**
 * The body made to fit the ids the path resolved to: an attachment update names the
 * attached volume itself, and repeats its immutable fields as they are; a swap names
 * another volume.
 */
export function fitBody(
  cloud: Cloud,
  ex: Exchange,
  made: Readonly<Record<string, string>>,
  body: unknown,
): unknown {
  if (folderOf(ex) !== 'os-volume_attachments' || ex.method !== 'PUT') return body;
  const update = (body as { volumeAttachment: Record<string, unknown> }).volumeAttachment;
  if (!('delete_on_termination' in update)) return withId(body, 'volumeId', newVolume(cloud));
  const volume = made.volume_id!;
  const server = made.server_id!;
  const current = nova(
    cloud,
    'GET',
    `/servers/${server}/os-volume_attachments/${volume}`,
    '2.79',
  ).volumeAttachment;
  const fields: Record<string, unknown> = { volumeId: volume, id: volume, serverId: server };
  fields.device = current.device;
  fields.tag = current.tag;
  const fitted = { ...update };
  for (const key of Object.keys(fitted)) if (key in fields) fitted[key] = fields[key];
  return { volumeAttachment: fitted };
}
