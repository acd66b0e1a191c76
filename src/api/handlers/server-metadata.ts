import type { Server } from '../../compute/server.js';
import { NovaError } from '../../errors/nova-error.js';
import type { ApiContext, HandlerResult, Route } from '../context.js';
import type { PolicyRule } from '../policy-rules.js';
import { METADATA_SCHEMAS } from '../validation/schemas/index.js';
import { validateBody } from '../validation/validate.js';
import { findServer, objectBody } from './server-lookup.js';

const WRITABLE_STATES = new Set(['active', 'paused', 'suspended', 'stopped']);

/**
 * Metadata writes are lock-checked and need one of Nova's vm_states; `task_state=None` in
 * nova/compute/api.py's check_instance_state turns the task check off, so they go on
 * during any task.
 */
function writable(
  ctx: ApiContext,
  rule: PolicyRule,
  action = 'update metadata',
  /** The controller's own checks, after the lookup and policy, before compute.API's. */
  before?: (server: Server) => void,
): Server {
  const server = findServer(ctx, ctx.params.server_id!, { policy: rule });
  before?.(server);
  if (server.lockedBy !== null && !ctx.isAdmin)
    throw NovaError.conflict(`Instance ${server.id} is locked`);
  const { vmState } = server.machine;
  if (!WRITABLE_STATES.has(vmState)) {
    throw NovaError.conflict(
      `Cannot '${action}' instance ${server.id} while it is in vm_state ${vmState}`,
    );
  }
  return server;
}

function save(ctx: ApiContext, server: Server, metadata: Record<string, string>): void {
  const limit = ctx.cloud.compute.quotasOf(server.projectId).metadataItems;
  if (limit >= 0 && Object.keys(metadata).length > limit) {
    throw NovaError.forbidden(`Maximum number of metadata items exceeds ${limit}`);
  }
  server.metadata = metadata;
  server.updatedAt = ctx.cloud.clock.now();
}

function list(ctx: ApiContext): HandlerResult {
  return {
    status: 200,
    body: {
      metadata: {
        ...findServer(ctx, ctx.params.server_id!, {
          policy: 'os_compute_api:server-metadata:index',
        }).metadata,
      },
    },
  };
}

function replaceAll(ctx: ApiContext): HandlerResult {
  const body = objectBody(ctx);
  validateBody(METADATA_SCHEMAS.replaceAll(ctx.version), body);
  const server = writable(ctx, 'os_compute_api:server-metadata:update_all');
  save(ctx, server, { ...(body.metadata as Record<string, string>) });
  return { status: 200, body: { metadata: { ...server.metadata } } };
}

function merge(ctx: ApiContext): HandlerResult {
  const body = objectBody(ctx);
  validateBody(METADATA_SCHEMAS.merge(ctx.version), body);
  const server = writable(ctx, 'os_compute_api:server-metadata:create');
  save(ctx, server, { ...server.metadata, ...(body.metadata as Record<string, string>) });
  return { status: 200, body: { metadata: { ...server.metadata } } };
}

function showItem(ctx: ApiContext): HandlerResult {
  const server = findServer(ctx, ctx.params.server_id!, {
    policy: 'os_compute_api:server-metadata:show',
  });
  const key = ctx.params.key!;
  if (!Object.hasOwn(server.metadata, key)) throw NovaError.notFound('Metadata item was not found');
  return { status: 200, body: { meta: { [key]: server.metadata[key] } } };
}

function setItem(ctx: ApiContext): HandlerResult {
  const body = objectBody(ctx);
  validateBody(METADATA_SCHEMAS.setItem(ctx.version), body);
  const meta = body.meta as Record<string, string>;
  const key = ctx.params.key!;
  // server_metadata.py compares the key after the lookup and the policy.
  const server = writable(ctx, 'os_compute_api:server-metadata:update', undefined, () => {
    if (!Object.hasOwn(meta, key)) throw NovaError.badRequest('Request body and URI mismatch');
  });
  save(ctx, server, { ...server.metadata, [key]: meta[key]! });
  return { status: 200, body: { meta: { [key]: meta[key] } } };
}

function deleteItem(ctx: ApiContext): HandlerResult {
  const rule = 'os_compute_api:server-metadata:delete';
  const key = ctx.params.key!;
  const server = writable(ctx, rule, 'delete metadata', (found) => {
    if (!Object.hasOwn(found.metadata, key))
      throw NovaError.notFound('Metadata item was not found');
  });
  const { [key]: _removed, ...rest } = server.metadata;
  save(ctx, server, rest);
  return { status: 204 };
}

export const serverMetadataRoutes: readonly Route[] = [
  { method: 'GET', path: '/servers/{server_id}/metadata', handler: list },
  { method: 'PUT', path: '/servers/{server_id}/metadata', handler: replaceAll },
  { method: 'POST', path: '/servers/{server_id}/metadata', handler: merge },
  { method: 'GET', path: '/servers/{server_id}/metadata/{key}', handler: showItem },
  { method: 'PUT', path: '/servers/{server_id}/metadata/{key}', handler: setItem },
  { method: 'DELETE', path: '/servers/{server_id}/metadata/{key}', handler: deleteItem },
];
