import { uuid4 } from '../../random/ids.js';
import {
  adminOnly,
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
import { listBody, project } from '../listing.js';
import { checkQuota } from '../quota.js';
import type { GatewayInfo, PortRow, RouterRow } from '../records.js';
import { checkBody, INTERFACE_SCHEMA, ROUTER_SCHEMA, toBool } from '../schemas.js';
import { routerView } from '../views.js';
import { visibleNetwork } from './networks.js';
import { insertPort, visiblePort } from './ports.js';
import { badRouter, checkDupRouterSubnets } from './router-checks.js';
import { visibleSubnet } from './subnets.js';

const KNOWN = Object.keys((ROUTER_SCHEMA.properties ?? {}) as object);

export function visibleRouter(ctx: NetworkContext, id: string): RouterRow {
  const row = ctx.db.routers.get(id);
  if (!row || !owns(ctx, row)) throw notFound.router(id);
  return row;
}

/** The router's interface ports. */
export function interfacesOf(ctx: Pick<NetworkContext, 'db'>, routerId: string): PortRow[] {
  return ctx.db.portsOf(routerId).filter((p) => p.deviceOwner === 'network:router_interface');
}

export function listRouters(ctx: NetworkContext): HandlerResult {
  const docs = [...ctx.db.routers.values()]
    .filter((row) => owns(ctx, row))
    .map((row) => routerView(row, ctx.db));
  return { status: 200, body: listBody('routers', docs, ctx.query) };
}

export function showRouter(ctx: NetworkContext, id: string): HandlerResult {
  const doc = routerView(visibleRouter(ctx, id), ctx.db);
  return { status: 200, body: { router: project(doc, ctx.query.get('fields')) } };
}

/** Sets a gateway: a network:router_gateway port with an address on the external network. */
function setGateway(
  ctx: NetworkContext,
  router: RouterRow,
  info: Record<string, unknown> | null,
): void {
  const wanted = info && typeof info.network_id === 'string' ? info.network_id : null;
  if (router.gateway && router.gateway.networkId === wanted) {
    router.gateway = {
      ...router.gateway,
      enableSnat: toBool(info?.enable_snat, router.gateway.enableSnat),
    };
    return;
  }
  if (router.gateway) clearGateway(ctx, router);
  if (wanted === null) return;
  const network = visibleNetwork(ctx, wanted);
  if (!network.external) throw badRouter(`Network ${wanted} is not an external network`);
  const port = insertPort(ctx, network, '', {
    device_id: router.id,
    device_owner: 'network:router_gateway',
    'binding:host_id': '',
    ...(Array.isArray(info?.external_fixed_ips) ? { fixed_ips: info.external_fixed_ips } : {}),
  });
  port.status = 'ACTIVE';
  const gateway: GatewayInfo = {
    networkId: network.id,
    enableSnat: toBool(info?.enable_snat, true),
    portId: port.id,
  };
  router.gateway = gateway;
}

function clearGateway(ctx: NetworkContext, router: RouterRow): void {
  const gateway = router.gateway;
  if (!gateway) return;
  const needed = [...ctx.db.floatingIps.values()].some(
    (fip) => fip.routerId === router.id && fip.floatingNetworkId === gateway.networkId,
  );
  if (needed) {
    throw NeutronError.conflict(
      'RouterExternalGatewayInUseByFloatingIp',
      `Gateway cannot be updated for router ${router.id}, since a gateway to external network ${gateway.networkId} is required by one or more floating IPs.`,
    );
  }
  ctx.db.deletePort(gateway.portId);
  router.gateway = null;
}

export function createRouter(ctx: NetworkContext): HandlerResult {
  const attrs = member(ctx, 'router');
  onlyKnown(attrs, KNOWN);
  checkBody(ROUTER_SCHEMA, attrs);
  const info = attrs.external_gateway_info as Record<string, unknown> | null | undefined;
  if (info)
    adminOnly(ctx, info, 'create_router:external_gateway_info', [
      'enable_snat',
      'external_fixed_ips',
    ]);
  const projectId = ownerOf(ctx, attrs);
  checkQuota(ctx, 'router', projectId);
  const row: RouterRow = {
    ...stamp(ctx, uuid4(ctx.random), projectId, attrs.description),
    name: (attrs.name as string | undefined) ?? '',
    adminStateUp: toBool(attrs.admin_state_up, true),
    gateway: null,
  };
  // Checked before the row is stored, so a bad gateway leaves nothing behind.
  if (info?.network_id !== undefined) {
    const network = visibleNetwork(ctx, String(info.network_id));
    if (!network.external) throw badRouter(`Network ${network.id} is not an external network`);
  }
  ctx.db.routers.set(row.id, row);
  try {
    if (info) setGateway(ctx, row, info);
  } catch (error) {
    ctx.db.routers.delete(row.id);
    throw error;
  }
  return { status: 201, body: { router: routerView(row, ctx.db) } };
}

export function updateRouter(ctx: NetworkContext, id: string): HandlerResult {
  const row = visibleRouter(ctx, id);
  const attrs = member(ctx, 'router');
  onlyKnown(attrs, KNOWN);
  checkBody(ROUTER_SCHEMA, attrs);
  if (attrs.external_gateway_info !== undefined) {
    const info = attrs.external_gateway_info as Record<string, unknown> | null;
    if (info)
      adminOnly(ctx, info, 'update_router:external_gateway_info', [
        'enable_snat',
        'external_fixed_ips',
      ]);
    setGateway(ctx, row, info && Object.keys(info).length > 0 ? info : null);
  }
  if (typeof attrs.name === 'string') row.name = attrs.name;
  if (typeof attrs.description === 'string') row.description = attrs.description;
  row.adminStateUp = toBool(attrs.admin_state_up, row.adminStateUp);
  touch(ctx, row);
  return { status: 200, body: { router: routerView(row, ctx.db) } };
}

export function deleteRouter(ctx: NetworkContext, id: string): HandlerResult {
  const row = visibleRouter(ctx, id);
  if (interfacesOf(ctx, id).length > 0) {
    throw NeutronError.conflict('RouterInUse', `Router ${id} still has ports`);
  }
  clearGateway(ctx, row);
  ctx.db.routers.delete(id);
  return { status: 204, body: null };
}

function interfaceInfo(router: RouterRow, port: PortRow): HandlerResult {
  const subnetIds = port.fixedIps.map((ip) => ip.subnet_id);
  return {
    status: 200,
    body: {
      id: router.id,
      tenant_id: router.projectId,
      project_id: router.projectId,
      port_id: port.id,
      network_id: port.networkId,
      subnet_id: subnetIds[0] ?? null,
      subnet_ids: subnetIds,
    },
  };
}

function interfaceBody(ctx: NetworkContext): Record<string, unknown> {
  const body = ctx.body;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw NeutronError.badRequest('HTTPBadRequest', 'Body contains invalid data');
  }
  const attrs = body as Record<string, unknown>;
  checkBody(INTERFACE_SCHEMA, attrs);
  const hasSubnet = attrs.subnet_id !== undefined;
  const hasPort = attrs.port_id !== undefined;
  if (hasSubnet && hasPort) throw badRouter('Cannot specify both subnet-id and port-id');
  if (!hasSubnet && !hasPort) throw badRouter('Either subnet_id or port_id must be specified');
  return attrs;
}

/** PUT /routers/{id}/add_router_interface with a subnet (its gateway IP) or a port. */
export function addInterface(ctx: NetworkContext, id: string): HandlerResult {
  const router = visibleRouter(ctx, id);
  const attrs = interfaceBody(ctx);
  if (typeof attrs.port_id === 'string') {
    const port = visiblePort(ctx, attrs.port_id);
    if (port.deviceId !== '') {
      throw NeutronError.conflict(
        'PortInUse',
        `Unable to complete operation on port ${port.id} for network ${port.networkId}. Port already has an attached device ${port.deviceId}.`,
      );
    }
    if (port.fixedIps.length === 0) throw badRouter('Router port must have at least one fixed IP');
    checkDupRouterSubnets(
      ctx,
      router.id,
      port.fixedIps.map((ip) => ctx.db.subnets.get(ip.subnet_id)).filter((s) => s !== undefined),
    );
    port.deviceId = router.id;
    port.deviceOwner = 'network:router_interface';
    port.status = 'ACTIVE';
    port.securityGroups = [];
    touch(ctx, port);
    return interfaceInfo(router, port);
  }
  const subnet = visibleSubnet(ctx, String(attrs.subnet_id));
  if (
    !ctx.isAdmin &&
    subnet.projectId !== router.projectId &&
    ctx.db.networks.get(subnet.networkId)?.projectId !== ctx.auth.projectId
  ) {
    throw notFound.subnet(subnet.id);
  }
  if (subnet.gatewayIp === null) throw badRouter(`Subnet ${subnet.id} does not have a gateway IP`);
  checkDupRouterSubnets(ctx, router.id, [subnet]);
  const network = ctx.db.networks.get(subnet.networkId)!;
  const port = insertPort(ctx, network, router.projectId, {
    device_id: router.id,
    device_owner: 'network:router_interface',
    fixed_ips: [{ subnet_id: subnet.id, ip_address: subnet.gatewayIp }],
  });
  port.status = 'ACTIVE';
  return interfaceInfo(router, port);
}

/** PUT /routers/{id}/remove_router_interface: the interface port goes. */
export function removeInterface(ctx: NetworkContext, id: string): HandlerResult {
  const router = visibleRouter(ctx, id);
  const attrs = interfaceBody(ctx);
  const ports = interfacesOf(ctx, id);
  let port: PortRow | undefined;
  if (typeof attrs.port_id === 'string') {
    port = ports.find((p) => p.id === attrs.port_id);
    if (!port) {
      throw NeutronError.notFound(
        'RouterInterfaceNotFound',
        `Router ${id} does not have an interface with id ${attrs.port_id}`,
      );
    }
  } else {
    const subnetId = String(attrs.subnet_id);
    visibleSubnet(ctx, subnetId);
    port = ports.find((p) => p.fixedIps.some((f) => f.subnet_id === subnetId));
    if (!port) {
      throw NeutronError.notFound(
        'RouterInterfaceNotFoundForSubnet',
        `Router ${id} has no interface on subnet ${subnetId}`,
      );
    }
  }
  for (const ip of port.fixedIps) {
    const needed = [...ctx.db.floatingIps.values()].some((fip) => {
      if (fip.routerId !== id || fip.portId === null) return false;
      const inner = ctx.db.ports.get(fip.portId);
      return (
        inner?.fixedIps.some(
          (f) => f.subnet_id === ip.subnet_id && f.ip_address === fip.fixedIpAddress,
        ) ?? false
      );
    });
    if (needed) {
      throw NeutronError.conflict(
        'RouterInterfaceInUseByFloatingIP',
        `Router interface for subnet ${ip.subnet_id} on router ${id} cannot be deleted, as it is required by one or more floating IPs.`,
      );
    }
  }
  const result = interfaceInfo(router, port);
  ctx.db.deletePort(port.id);
  return result;
}
