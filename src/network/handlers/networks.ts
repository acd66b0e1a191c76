import { uuid4 } from '../../random/ids.js';
import {
  adminOnly,
  canSeeNetwork,
  type HandlerResult,
  member,
  type NetworkContext,
  onlyKnown,
  ownerOf,
  stamp,
  touch,
} from '../context.js';
import { NeutronError, notFound } from '../errors.js';
import { listBody, project } from '../listing.js';
import { checkQuota } from '../quota.js';
import type { NetworkRow } from '../records.js';
import { checkBody, NETWORK_SCHEMA, toBool } from '../schemas.js';
import { networkView } from '../views.js';

const KNOWN = Object.keys((NETWORK_SCHEMA.properties ?? {}) as object);
/** Attributes only an admin may set (neutron's network policies). */
const ADMIN_ONLY = ['shared', 'router:external'];
/** Device owners Neutron removes itself when their network goes. */
const AUTO_DELETED = new Set(['network:dhcp']);

/** A network the caller may see, or Neutron's 404. */
export function visibleNetwork(ctx: NetworkContext, id: string): NetworkRow {
  const row = ctx.db.networks.get(id);
  if (!row || !canSeeNetwork(ctx, row)) throw notFound.network(id);
  return row;
}

export function listNetworks(ctx: NetworkContext): HandlerResult {
  const docs = [...ctx.db.networks.values()]
    .filter((row) => canSeeNetwork(ctx, row))
    .map((row) => networkView(row, ctx.db));
  return { status: 200, body: listBody('networks', docs, ctx.query) };
}

export function showNetwork(ctx: NetworkContext, id: string): HandlerResult {
  const doc = networkView(visibleNetwork(ctx, id), ctx.db);
  return { status: 200, body: { network: project(doc, ctx.query.get('fields')) } };
}

export function createNetwork(ctx: NetworkContext): HandlerResult {
  const attrs = member(ctx, 'network');
  onlyKnown(attrs, KNOWN);
  checkBody(NETWORK_SCHEMA, attrs);
  adminOnly(ctx, attrs, 'create_network', ADMIN_ONLY);
  const projectId = ownerOf(ctx, attrs);
  checkQuota(ctx, 'network', projectId);
  const row: NetworkRow = {
    ...stamp(ctx, uuid4(ctx.random), projectId, attrs.description),
    name: (attrs.name as string | undefined) ?? '',
    shared: toBool(attrs.shared, false),
    external: toBool(attrs['router:external'], false),
    adminStateUp: toBool(attrs.admin_state_up, true),
    mtu: (attrs.mtu as number | undefined) ?? 1442,
    portSecurityEnabled: toBool(attrs.port_security_enabled, true),
  };
  if (row.mtu > 1442) {
    throw NeutronError.invalidInput(`Requested MTU is too big, maximum is 1442`);
  }
  ctx.db.networks.set(row.id, row);
  return { status: 201, body: { network: networkView(row, ctx.db) } };
}

export function updateNetwork(ctx: NetworkContext, id: string): HandlerResult {
  const row = visibleNetwork(ctx, id);
  if (!ctx.isAdmin && row.projectId !== ctx.auth.projectId)
    throw NeutronError.policy('update_network');
  const attrs = member(ctx, 'network');
  onlyKnown(attrs, KNOWN);
  checkBody(NETWORK_SCHEMA, attrs);
  adminOnly(ctx, attrs, 'update_network', ADMIN_ONLY);
  if (attrs.project_id !== undefined || attrs.tenant_id !== undefined) {
    throw NeutronError.badRequest('HTTPBadRequest', 'Cannot update read-only attribute project_id');
  }
  if (typeof attrs.name === 'string') row.name = attrs.name;
  if (typeof attrs.description === 'string') row.description = attrs.description;
  row.shared = toBool(attrs.shared, row.shared);
  row.external = toBool(attrs['router:external'], row.external);
  row.adminStateUp = toBool(attrs.admin_state_up, row.adminStateUp);
  row.portSecurityEnabled = toBool(attrs.port_security_enabled, row.portSecurityEnabled);
  if (typeof attrs.mtu === 'number') row.mtu = attrs.mtu;
  touch(ctx, row);
  return { status: 200, body: { network: networkView(row, ctx.db) } };
}

/** Neutron deletes the network's subnets and its own ports with it; any other port blocks. */
export function deleteNetwork(ctx: NetworkContext, id: string): HandlerResult {
  const row = visibleNetwork(ctx, id);
  if (!ctx.isAdmin && row.projectId !== ctx.auth.projectId)
    throw NeutronError.policy('delete_network');
  // external_net_db's BEFORE_DELETE handler has the l3 plugin delete the network's
  // floating IPs that no port holds (delete_disassociated_floatingips); Neutron does that
  // before its in-use check, here they are only spared from it so that a 409 changes nothing.
  const loose = [...ctx.db.floatingIps.values()].filter(
    (fip) => fip.floatingNetworkId === id && fip.portId === null,
  );
  const loosePorts = new Set(loose.map((fip) => fip.floatingPortId));
  const ports = ctx.db.portsOn(id).filter((p) => !loosePorts.has(p.id));
  const inUse = ports.filter((p) => !AUTO_DELETED.has(p.deviceOwner));
  if (inUse.length > 0) {
    throw NeutronError.conflict(
      'NetworkInUse',
      `Unable to complete operation on network ${id}. There are one or more ports still in use on the network, id for these ports is: ${inUse.map((p) => p.id).join(',')}.`,
    );
  }
  for (const fip of loose) {
    ctx.db.deletePort(fip.floatingPortId);
    ctx.db.floatingIps.delete(fip.id);
  }
  for (const port of ports) ctx.db.deletePort(port.id);
  for (const subnet of ctx.db.subnetsOf(id)) {
    ctx.db.subnets.delete(subnet.id);
    ctx.db.resetIpIndex(subnet.id);
  }
  ctx.db.networks.delete(id);
  return { status: 204, body: null };
}
