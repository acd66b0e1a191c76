import { addFloatingIp, floatingIpOwner, removeFloatingIp } from '../../compute/floating-ip-api.js';
import {
  addSecurityGroup,
  removeSecurityGroup,
  serverSecurityGroups,
} from '../../compute/security-group-api.js';
import type { Server } from '../../compute/server.js';
import { NovaError } from '../../errors/nova-error.js';
import type { ApiContext, HandlerResult, Route, RoutePolicy } from '../context.js';
import { authorize } from '../policy.js';
import { findServer } from './server-lookup.js';

type Json = Record<string, unknown>;

/** The controller's own parse of `{"addSecurityGroup": {"name": ...}}`, with its messages. */
function groupName(args: Json | null): string {
  // The action's schema has proved an object with a non-empty string `name`.
  const { name } = args as { name: string };
  if (name.trim() === '') throw NovaError.badRequest('Security group name cannot be empty');
  return name;
}

/** `addSecurityGroup` as a server action. */
export function addSecurityGroupAction(
  ctx: ApiContext,
  server: Server,
  args: Json | null,
): HandlerResult {
  addSecurityGroup(ctx.cloud.neutron, server, ctx.auth.projectId, groupName(args));
  return { status: 202 };
}

/** `removeSecurityGroup` as a server action. */
export function removeSecurityGroupAction(
  ctx: ApiContext,
  server: Server,
  args: Json | null,
): HandlerResult {
  removeSecurityGroup(ctx.cloud.neutron, server, ctx.auth.projectId, groupName(args));
  return { status: 202 };
}

const FLOATING_IP_POLICY = {
  add: { rule: 'os_compute_api:os-floating-ips:add', default: 'project-member-or-admin' },
  remove: { rule: 'os_compute_api:os-floating-ips:remove', default: 'project-member-or-admin' },
} as const satisfies Record<string, RoutePolicy>;

/** `addFloatingIp` (up to 2.43; the schema gates the version). */
export function addFloatingIpAction(
  ctx: ApiContext,
  server: Server,
  args: Json | null,
): HandlerResult {
  authorize(ctx, FLOATING_IP_POLICY.add, { projectId: server.projectId });
  const fixed = args?.fixed_address;
  addFloatingIp(
    ctx.cloud.neutron,
    server,
    ctx.auth,
    String(args?.address ?? ''),
    typeof fixed === 'string' ? fixed : undefined,
  );
  return { status: 202 };
}

/**
 * `removeFloatingIp` (up to 2.43). Nova never looks up the URL's server: it finds the
 * server the address is on, checks the policy against it, then compares ids (409).
 */
export function removeFloatingIpAction(
  ctx: ApiContext,
  serverId: string,
  args: Json | null,
): HandlerResult {
  const address = String(args?.address ?? '');
  // Nova authorizes on the project of the server the address is on (none: no project).
  const owner = floatingIpOwner(ctx.cloud.neutron, ctx.auth, address, (id) =>
    ctx.cloud.compute.get(id),
  );
  authorize(ctx, FLOATING_IP_POLICY.remove, { projectId: owner ?? '' });
  removeFloatingIp(ctx.cloud.neutron, { id: serverId }, ctx.auth, address);
  return { status: 202 };
}

function list(ctx: ApiContext): HandlerResult {
  const server = findServer(ctx, ctx.params.server_id!, {
    policy: 'os_compute_api:os-security-groups:list',
  });
  return {
    status: 200,
    body: { security_groups: serverSecurityGroups(ctx.cloud.neutron, server) },
  };
}

export const serverSecurityGroupRoutes: readonly Route[] = [
  { method: 'GET', path: '/servers/{server_id}/os-security-groups', handler: list },
];
