import {
  attachInterface,
  checkInterfaceState,
  detachInterface,
} from '../../compute/interface-api.js';
import { recordAction } from '../../compute/operations.js';
import { NovaError } from '../../errors/nova-error.js';
import type { PortRow } from '../../network/records.js';
import type { ApiContext, HandlerResult, Route } from '../context.js';
import type { PolicyRule } from '../policy-rules.js';
import { IP_ADDRESS, TAG, UUID } from '../validation/schemas/parameter-types.js';
import { byVersion, strictObject } from '../validation/schemas/versioned.js';
import { validateBody } from '../validation/validate.js';
import { findServer, objectBody } from './server-lookup.js';

// os-interface (nova/api/openstack/compute/attach_interfaces.py): the server's ports.

const FIXED_IPS = {
  type: 'array',
  minItems: 1,
  maxItems: 1,
  items: strictObject({ ip_address: IP_ADDRESS }, ['ip_address']),
};
const CREATE = strictObject({
  interfaceAttachment: strictObject({ net_id: UUID, port_id: UUID, fixed_ips: FIXED_IPS }),
});
const CREATE_V249 = strictObject({
  interfaceAttachment: strictObject({
    net_id: UUID,
    port_id: UUID,
    fixed_ips: FIXED_IPS,
    tag: TAG,
  }),
});
const createSchema = byVersion([
  ['2.1', CREATE],
  ['2.49', CREATE_V249],
]);

function view(ctx: ApiContext, port: PortRow, tag: string | null | undefined) {
  return {
    net_id: port.networkId,
    port_id: port.id,
    mac_addr: port.macAddress,
    port_state: port.status,
    fixed_ips: port.fixedIps.map((ip) => ({ subnet_id: ip.subnet_id, ip_address: ip.ip_address })),
    ...(ctx.version.atLeast('2.70') ? { tag: tag ?? null } : {}),
  };
}

function list(ctx: ApiContext): HandlerResult {
  const server = findServer(ctx, ctx.params.server_id!, {
    policy: 'os_compute_api:os-attach-interfaces:list',
  });
  const tags = new Map((server.ports ?? []).map((p) => [p.id, p.tag]));
  const ports = ctx.cloud.neutron
    .portsOfDevice(server.id)
    .filter((port) => ctx.cloud.neutron.port(ctx.auth, port.id) !== undefined);
  return {
    status: 200,
    body: { interfaceAttachments: ports.map((port) => view(ctx, port, tags.get(port.id))) },
  };
}

function showPort(
  ctx: ApiContext,
  serverId: string,
  portId: string,
  policy?: PolicyRule,
): HandlerResult {
  const server = findServer(ctx, serverId, policy ? { policy } : {});
  const port = ctx.cloud.neutron.port(ctx.auth, portId);
  if (!port) throw NovaError.notFound(`Port id ${portId} could not be found.`);
  if (port.deviceId !== server.id) {
    throw NovaError.notFound(`Instance ${server.id} does not have a port with id ${portId}`);
  }
  const tag = (server.ports ?? []).find((p) => p.id === portId)?.tag;
  return { status: 200, body: { interfaceAttachment: view(ctx, port, tag) } };
}

function show(ctx: ApiContext): HandlerResult {
  return showPort(
    ctx,
    ctx.params.server_id!,
    ctx.params.port_id!,
    'os_compute_api:os-attach-interfaces:show',
  );
}

function create(ctx: ApiContext): HandlerResult {
  const body = ctx.body === undefined || ctx.body === null ? {} : objectBody(ctx);
  validateBody(createSchema(ctx.version)!, body);
  const server = findServer(ctx, ctx.params.server_id!, {
    policy: 'os_compute_api:os-attach-interfaces:create',
  });
  const attachment = (body.interfaceAttachment ?? {}) as Record<string, unknown>;
  const networkId = (attachment.net_id as string | undefined) ?? null;
  const portId = (attachment.port_id as string | undefined) ?? null;
  const fixedIp =
    ((attachment.fixed_ips as { ip_address: string }[] | undefined)?.[0]?.ip_address as
      | string
      | undefined) ?? null;
  if (networkId && portId) throw NovaError.badRequest('Must not input both network_id and port_id');
  if (fixedIp && !networkId)
    throw NovaError.badRequest('Must input network_id when request IP address');
  checkInterfaceState(server, 'attach_interface', ctx.isAdmin);
  const action = recordAction(ctx.cloud.compute, server, ctx.caller, 'attach_interface');
  const attached = attachInterface(ctx.cloud.compute, ctx.cloud.neutron, server, action, ctx.auth, {
    networkId,
    portId,
    fixedIp,
    tag: (attachment.tag as string | undefined) ?? null,
  });
  return showPort(ctx, server.id, attached);
}

function remove(ctx: ApiContext): HandlerResult {
  const server = findServer(ctx, ctx.params.server_id!, {
    policy: 'os_compute_api:os-attach-interfaces:delete',
  });
  checkInterfaceState(server, 'detach_interface', ctx.isAdmin);
  const action = recordAction(ctx.cloud.compute, server, ctx.caller, 'detach_interface');
  detachInterface(ctx.cloud.compute, ctx.cloud.neutron, server, action, ctx.params.port_id!);
  return { status: 202 };
}

export const serverInterfaceRoutes: readonly Route[] = [
  { method: 'GET', path: '/servers/{server_id}/os-interface', handler: list },
  { method: 'POST', path: '/servers/{server_id}/os-interface', handler: create },
  { method: 'GET', path: '/servers/{server_id}/os-interface/{port_id}', handler: show },
  { method: 'DELETE', path: '/servers/{server_id}/os-interface/{port_id}', handler: remove },
];
