import * as ops from '../../compute/operations.js';
import { NovaError } from '../../errors/nova-error.js';
import type { ApiContext, HandlerResult, Route } from '../context.js';
import { normalizeIpv6 } from '../validation/ipv6.js';
import { updateServerSchema } from '../validation/schemas/index.js';
import { validateBody } from '../validation/validate.js';
import { serverDetail, serverUpdateView } from '../views/server.js';
import { serverShowText } from '../views/server-view-cache.js';
import { instanceActionRoutes } from './instance-actions.js';
import { serverActionRoutes } from './server-actions.js';
import { createServer } from './server-create.js';
import { dropShelvedImage } from './server-images.js';
import { serverInterfaceRoutes } from './server-interfaces.js';
import { serverIpRoutes } from './server-ips.js';
import { findServer, objectBody } from './server-lookup.js';
import { serverMetadataRoutes } from './server-metadata.js';
import { serverSecurityGroupRoutes } from './server-network.js';
import { serverTagRoutes } from './server-tags.js';

function showServer(ctx: ApiContext): HandlerResult {
  const server = findServer(ctx, ctx.params.server_id!, { policy: 'os_compute_api:servers:show' });
  // The HTTP server sends text: the view's JSON is kept per server until it changes.
  if (ctx.textBody) return { status: 200, text: serverShowText(ctx, server) };
  return { status: 200, body: { server: serverDetail(ctx, server) } };
}

/** PUT /servers/{id}: no lock check and no state check, in any state (§4.6). */
function updateServer(ctx: ApiContext): HandlerResult {
  const body = objectBody(ctx);
  validateBody(updateServerSchema(ctx.version), body);
  const server = findServer(ctx, ctx.params.server_id!, {
    policy: 'os_compute_api:servers:update',
  });
  const changes = body.server as Record<string, unknown>;
  // A rename leaves the description alone at every microversion; only a create before 2.19
  // copies the name into it (servers.py `create`, not `update`).
  if (typeof changes.name === 'string') server.name = changes.name;
  if (typeof changes.accessIPv4 === 'string') server.accessIPv4 = changes.accessIPv4;
  if (typeof changes.accessIPv6 === 'string') server.accessIPv6 = normalizeIpv6(changes.accessIPv6);
  if (changes['OS-DCF:diskConfig'] !== undefined)
    server.autoDiskConfig = changes['OS-DCF:diskConfig'] === 'AUTO';
  if ('description' in changes) server.description = (changes.description as string | null) ?? null;
  if (typeof changes.hostname === 'string') server.hostname = changes.hostname;
  if ('pinned_availability_zone' in changes)
    updatePinnedZone(server, changes.pinned_availability_zone);
  server.updatedAt = ctx.cloud.clock.now();
  return { status: 200, body: { server: serverUpdateView(ctx, server) } };
}

/** 2.104: pin to the current zone, or unpin with null (nova/api/openstack/compute/servers.py). */
function updatePinnedZone(
  server: { requestedAz: string | null; availabilityZone: string | null },
  value: unknown,
): void {
  if (value === null) {
    server.requestedAz = null;
    return;
  }
  if (server.requestedAz !== null) {
    throw NovaError.conflict(
      'Cannot change pinned availability zone directly. Unpin first by setting pinned_availability_zone to null.',
    );
  }
  if (value !== server.availabilityZone) {
    throw NovaError.conflict(
      `Server can only be pinned to its current availability zone '${server.availabilityZone ?? ''}', but '${String(value)}' was requested.`,
    );
  }
  server.requestedAz = String(value);
}

function deleteServer(ctx: ApiContext): HandlerResult {
  const server = findServer(ctx, ctx.params.server_id!, {
    policy: 'os_compute_api:servers:delete',
  });
  ops.deleteServer(ctx.cloud.compute, server, ctx.caller);
  dropShelvedImage(ctx, server);
  return { status: 204 };
}

export const serverRoutes: readonly Route[] = [
  { method: 'POST', path: '/servers', handler: createServer },
  { method: 'GET', path: '/servers/{server_id}', handler: showServer },
  { method: 'PUT', path: '/servers/{server_id}', handler: updateServer },
  { method: 'DELETE', path: '/servers/{server_id}', handler: deleteServer },
  ...serverActionRoutes,
  ...serverMetadataRoutes,
  ...serverTagRoutes,
  ...instanceActionRoutes,
  ...serverSecurityGroupRoutes,
  ...serverInterfaceRoutes,
  ...serverIpRoutes,
];
