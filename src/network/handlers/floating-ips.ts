import { uuid4 } from '../../random/ids.js';
import {
  type HandlerResult,
  member,
  type NetworkContext,
  onlyKnown,
  ownerOf,
  owns,
  stamp,
  touch,
} from '../context.js';
import { NeutronError, notFound } from '../errors.js';
import { parseIp } from '../ip.js';
import { listBody, project } from '../listing.js';
import { checkQuota } from '../quota.js';
import type { FloatingIpRow } from '../records.js';
import { checkBody, FLOATING_IP_SCHEMA } from '../schemas.js';
import { floatingIpView } from '../views.js';
import { visibleNetwork } from './networks.js';
import { insertPort, visiblePort } from './ports.js';
import { interfacesOf } from './routers.js';

const KNOWN = Object.keys((FLOATING_IP_SCHEMA.properties ?? {}) as object);

function badFip(message: string): NeutronError {
  return NeutronError.badRequest('BadRequest', `Bad floatingip request: ${message}.`);
}

export function visibleFloatingIp(ctx: NetworkContext, id: string): FloatingIpRow {
  const row = ctx.db.floatingIps.get(id);
  if (!row || !owns(ctx, row)) throw notFound.floatingIp(id);
  return row;
}

export function listFloatingIps(ctx: NetworkContext): HandlerResult {
  const docs = [...ctx.db.floatingIps.values()]
    .filter((row) => owns(ctx, row))
    .map((row) => floatingIpView(row, ctx.db));
  return { status: 200, body: listBody('floatingips', docs, ctx.query) };
}

export function showFloatingIp(ctx: NetworkContext, id: string): HandlerResult {
  const doc = floatingIpView(visibleFloatingIp(ctx, id), ctx.db);
  return { status: 200, body: { floatingip: project(doc, ctx.query.get('fields')) } };
}

interface Association {
  readonly portId: string;
  readonly fixedIp: string;
  readonly routerId: string;
}

/**
 * Where a floating IP on `networkId` would point for this port: its IPv4 address, and the
 * router that joins the address's subnet to the external network (Neutron's
 * `_get_router_for_floatingip`).
 */
function associationFor(
  ctx: NetworkContext,
  fip: Pick<FloatingIpRow, 'id' | 'floatingNetworkId' | 'floatingIpAddress' | 'projectId'>,
  portId: string,
  fixedIp: unknown,
): Association {
  const port = visiblePort(ctx, portId);
  if (!ctx.isAdmin && port.projectId !== fip.projectId) throw notFound.port(portId);
  const v4 = port.fixedIps.filter((ip) => parseIp(ip.ip_address)?.version === 4);
  let chosen = v4[0];
  if (typeof fixedIp === 'string') {
    chosen = port.fixedIps.find((ip) => ip.ip_address === fixedIp);
    if (!chosen) throw badFip(`Port ${portId} does not have fixed ip ${fixedIp}`);
  } else if (v4.length === 0) {
    throw badFip(
      `Port ${portId} does not have any IPv4 address. Cannot add floating IP to port without IPv4 address`,
    );
  } else if (v4.length > 1) {
    throw badFip(
      `Port ${portId} has multiple fixed IPv4 addresses. Must provide a specific IPv4 address when assigning a floating IP`,
    );
  }
  const ip = chosen!;
  const router = [...ctx.db.routers.values()].find(
    (r) =>
      r.gateway?.networkId === fip.floatingNetworkId &&
      interfacesOf(ctx, r.id).some((p) => p.fixedIps.some((f) => f.subnet_id === ip.subnet_id)),
  );
  if (!router) {
    throw NeutronError.notFound(
      'ExternalGatewayForFloatingIPNotFound',
      `External network ${fip.floatingNetworkId} is not reachable from subnet ${ip.subnet_id}.  Therefore, cannot associate Port ${portId} with a Floating IP.`,
    );
  }
  const taken = [...ctx.db.floatingIps.values()].find(
    (other) =>
      other.id !== fip.id &&
      other.portId === portId &&
      other.fixedIpAddress === ip.ip_address &&
      other.floatingNetworkId === fip.floatingNetworkId,
  );
  if (taken) {
    throw NeutronError.conflict(
      'FloatingIPPortAlreadyAssociated',
      `Cannot associate floating IP ${fip.floatingIpAddress} (${fip.id}) with port ${portId} using fixed IP ${ip.ip_address}, as that fixed IP already has a floating IP on external network ${fip.floatingNetworkId}.`,
    );
  }
  return { portId, fixedIp: ip.ip_address, routerId: router.id };
}

function apply(ctx: NetworkContext, fip: FloatingIpRow, association: Association | null): void {
  const before = fip.portId === null ? undefined : ctx.db.ports.get(fip.portId);
  fip.portId = association?.portId ?? null;
  fip.fixedIpAddress = association?.fixedIp ?? null;
  fip.routerId = association?.routerId ?? null;
  fip.status = association ? 'ACTIVE' : 'DOWN';
  const after = fip.portId === null ? undefined : ctx.db.ports.get(fip.portId);
  for (const port of new Set([before, after])) if (port) ctx.effects.deviceChanged(port.deviceId);
}

export function createFloatingIp(ctx: NetworkContext): HandlerResult {
  const attrs = member(ctx, 'floatingip');
  onlyKnown(attrs, KNOWN);
  checkBody(FLOATING_IP_SCHEMA, attrs);
  if (attrs.floating_network_id === undefined) {
    throw NeutronError.badRequest(
      'HTTPBadRequest',
      "Failed to parse request. Required attribute 'floating_network_id' not specified",
    );
  }
  const network = visibleNetwork(ctx, String(attrs.floating_network_id));
  if (!network.external) throw badFip(`Network ${network.id} is not a valid external network`);
  if (attrs.floating_ip_address !== undefined && !ctx.isAdmin) {
    throw NeutronError.policy('create_floatingip:floating_ip_address');
  }
  const projectId = ownerOf(ctx, attrs);
  checkQuota(ctx, 'floatingip', projectId);
  const fault = ctx.effects.fault('floating-ip-create');
  if (fault) throw fault;
  const id = uuid4(ctx.random);
  const asked =
    typeof attrs.floating_ip_address === 'string' || typeof attrs.subnet_id === 'string'
      ? [
          {
            ...(typeof attrs.subnet_id === 'string' ? { subnet_id: attrs.subnet_id } : {}),
            ...(typeof attrs.floating_ip_address === 'string'
              ? { ip_address: attrs.floating_ip_address }
              : {}),
          },
        ]
      : undefined;
  const probe = { id, floatingNetworkId: network.id, floatingIpAddress: '', projectId };
  // The association is checked before anything is stored: a refused create changes nothing.
  const association =
    typeof attrs.port_id === 'string'
      ? associationFor(ctx, probe, attrs.port_id, attrs.fixed_ip_address)
      : null;
  let port: ReturnType<typeof insertPort>;
  try {
    port = insertPort(ctx, network, '', {
      device_id: id,
      device_owner: 'network:floatingip',
      ...(asked ? { fixed_ips: asked } : {}),
    });
  } catch (error) {
    if (error instanceof NeutronError && error.type === 'IpAddressGenerationFailure') {
      throw NeutronError.badRequest(
        'ExternalIpAddressExhausted',
        `Unable to find any IP address on external network ${network.id}.`,
      );
    }
    throw error;
  }
  port.status = 'N/A';
  const row: FloatingIpRow = {
    ...stamp(ctx, id, projectId, attrs.description),
    floatingNetworkId: network.id,
    floatingIpAddress:
      port.fixedIps.find((ip) => parseIp(ip.ip_address)?.version === 4)?.ip_address ??
      port.fixedIps[0]?.ip_address ??
      '',
    floatingPortId: port.id,
    portId: null,
    fixedIpAddress: null,
    routerId: null,
    status: 'DOWN',
  };
  ctx.db.floatingIps.set(row.id, row);
  apply(ctx, row, association);
  return { status: 201, body: { floatingip: floatingIpView(row, ctx.db) } };
}

export function updateFloatingIp(ctx: NetworkContext, id: string): HandlerResult {
  const row = visibleFloatingIp(ctx, id);
  const attrs = member(ctx, 'floatingip');
  onlyKnown(attrs, KNOWN);
  checkBody(FLOATING_IP_SCHEMA, attrs);
  for (const key of ['floating_network_id', 'floating_ip_address', 'project_id', 'tenant_id']) {
    if (attrs[key] !== undefined) {
      throw NeutronError.badRequest('HTTPBadRequest', `Cannot update read-only attribute ${key}`);
    }
  }
  if (attrs.port_id !== undefined) {
    const association =
      typeof attrs.port_id === 'string'
        ? associationFor(ctx, row, attrs.port_id, attrs.fixed_ip_address)
        : null;
    apply(ctx, row, association);
  }
  if (typeof attrs.description === 'string') row.description = attrs.description;
  touch(ctx, row);
  return { status: 200, body: { floatingip: floatingIpView(row, ctx.db) } };
}

export function deleteFloatingIp(ctx: NetworkContext, id: string): HandlerResult {
  const row = visibleFloatingIp(ctx, id);
  apply(ctx, row, null);
  ctx.db.deletePort(row.floatingPortId);
  ctx.db.floatingIps.delete(id);
  return { status: 204, body: null };
}
