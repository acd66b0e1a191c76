import type { Server } from '../../compute/server.js';
import type { ApiContext } from '../context.js';
import { faultView } from './fault.js';
import { hostId } from './host-id.js';
import { serverProgress } from './progress.js';
import { ADMIN_FIELDS, addFields, VERSIONED_FIELDS } from './server-fields.js';
import { addressesView, flavorView, imageView, volumesView } from './server-parts.js';
import { isoTime, usageTimeOrNull } from './time.js';

// The helpers other handlers need, from the one module they import views from.
export { type FaultView, faultView } from './fault.js';
export { hostId } from './host-id.js';
export { flavorView, imageView } from './server-parts.js';
export { isoTime, usageTime, usageTimeOrNull } from './time.js';

type View = Record<string, unknown>;

/** Statuses whose views carry the server's `fault` (views/servers.py `_fault_statuses`). */
const FAULT_STATUSES: ReadonlySet<string> = new Set(['ERROR', 'DELETED']);

/**
 * The fields every server view has, GET or PUT (§4.3, §4.6): identity, owner, status,
 * image, flavor, times, addresses, access IPs, links and disk config, plus `fault` and
 * `progress` when the status calls for them.
 */
function baseView(ctx: ApiContext, server: Server, extendedAddresses: boolean, list = false): View {
  const status = ctx.cloud.compute.status(server);
  const view: View = {
    id: server.id,
    name: server.name,
    status,
    tenant_id: server.projectId || '',
    user_id: server.userId || '',
    metadata: { ...server.metadata },
    hostId: hostId(server.projectId, server.host),
    image: imageView(ctx, server),
    flavor: flavorView(ctx, server.flavor, list ? undefined : { projectId: server.projectId }),
    created: isoTime(server.createdAt),
    updated: isoTime(server.updatedAt),
    addresses: addressesView(server, extendedAddresses),
    accessIPv4: server.accessIPv4,
    accessIPv6: server.accessIPv6,
    links: serverLinks(ctx, server.id),
    'OS-DCF:diskConfig': server.autoDiskConfig ? 'AUTO' : 'MANUAL',
  };
  if (server.fault && FAULT_STATUSES.has(status)) view.fault = faultView(server.fault, ctx.isAdmin);
  const progress = serverProgress(ctx.cloud, server, status);
  if (progress !== undefined) view.progress = progress;
  return view;
}

interface DetailOptions {
  readonly list?: boolean;
  /** A field of the admin attributes to leave out. */
  readonly omit?: string;
}

function detailView(ctx: ApiContext, server: Server, options: DetailOptions): View {
  const view = baseView(ctx, server, true, options.list ?? false);
  const { machine } = server;
  // Shelve-offload nils the instance's host, node and availability_zone
  // (manager._nil_out_instance_obj_host_and_node): the view shows '' until it spawns again.
  view['OS-EXT-AZ:availability_zone'] =
    machine.vmState === 'shelved_offloaded'
      ? ''
      : (server.availabilityZone ?? server.requestedAz ?? '');
  view.config_drive = server.configDrive ? 'True' : '';
  view.key_name = server.keyName;
  view['OS-SRV-USG:launched_at'] = usageTimeOrNull(server.launchedAt);
  view['OS-SRV-USG:terminated_at'] = usageTimeOrNull(server.terminatedAt);
  view['OS-EXT-STS:task_state'] = machine.taskState;
  view['OS-EXT-STS:vm_state'] = server.deleted ? 'deleted' : machine.vmState;
  view['OS-EXT-STS:power_state'] = machine.powerState;
  view['os-extended-volumes:volumes_attached'] = volumesView(ctx, server.volumes);
  // Nova lists the groups of the server's ports: none at all leaves the key out.
  if (server.securityGroups.length > 0) {
    view.security_groups = server.securityGroups.map((name) => ({ name }));
  }
  const list = options.list ?? false;
  addFields(ctx, server, view, ADMIN_FIELDS, {
    adminOnly: true,
    list,
    ...(options.omit === undefined ? {} : { omit: options.omit }),
  });
  addFields(ctx, server, view, VERSIONED_FIELDS, { list });
  return view;
}

/**
 * `GET /servers/{id}` (the `server` object) and, with `list: true`, each item of
 * `GET /servers/detail`, which lacks `server_groups` (2.71). The key set follows the
 * request's microversion and whether the caller is an admin (OS-EXT-SRV-ATTR:*,
 * host_status).
 *
 * @example
 * const body = { server: serverDetail(ctx, server) };
 * const list = { servers: servers.map((s) => serverDetail(ctx, s, { list: true })) };
 */
export function serverDetail(
  ctx: ApiContext,
  server: Server,
  options: { list?: boolean } = {},
): View {
  return detailView(ctx, server, { list: options.list ?? false });
}

/**
 * Each item of `GET /servers`: `{id, name, links}`.
 *
 * @example
 * serverSummary(ctx, server); // { id, name, links: [self, bookmark] }
 */
export function serverSummary(ctx: ApiContext, server: Server): View {
  return { id: server.id, name: server.name, links: serverLinks(ctx, server.id) };
}

/**
 * The `server` object of `PUT /servers/{id}` and of a rebuild (§4.6). Before 2.75 the
 * base fields only (addresses without OS-EXT-IPS keys) plus the microversion additions;
 * from 2.75 the GET view. A rebuild also shows `key_name` (2.54) and `user_data` (2.57),
 * the latter instead of `OS-EXT-SRV-ATTR:user_data` from 2.75. The rebuild handler adds
 * `adminPass` itself.
 *
 * @example
 * const body = { server: serverUpdateView(ctx, server) };
 * const rebuilt = { server: { ...serverUpdateView(ctx, server, { rebuild: true }), adminPass } };
 */
export function serverUpdateView(
  ctx: ApiContext,
  server: Server,
  options: { rebuild?: boolean } = {},
): View {
  const rebuild = options.rebuild ?? false;
  let view: View;
  if (ctx.version.atLeast('2.75')) {
    view = detailView(ctx, server, rebuild ? { omit: 'OS-EXT-SRV-ATTR:user_data' } : {});
  } else {
    view = baseView(ctx, server, false);
    addFields(ctx, server, view, VERSIONED_FIELDS);
  }
  if (rebuild && ctx.version.atLeast('2.54')) view.key_name = server.keyName;
  if (rebuild && ctx.version.atLeast('2.57')) view.user_data = server.userData;
  return view;
}

/**
 * A server's `links`: self (versioned) and bookmark (unversioned), with the project
 * segment when the request URL had one.
 *
 * @example
 * serverLinks(ctx, id); // [{ rel: 'self', href: '…/v2.1/servers/<id>' }, { rel: 'bookmark', href: '…/servers/<id>' }]
 */
export function serverLinks(ctx: ApiContext, id: string) {
  return [
    { rel: 'self', href: ctx.links.self(`servers/${id}`) },
    { rel: 'bookmark', href: ctx.links.bookmark(`servers/${id}`) },
  ];
}
