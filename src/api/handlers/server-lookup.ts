import type { Server } from '../../compute/server.js';
import { NovaError } from '../../errors/nova-error.js';
import type { ApiContext } from '../context.js';
import { authorize } from '../policy.js';
import type { PolicyRule } from '../policy-rules.js';

/**
 * The server a request names, as Nova finds it: another project's server is 404 for
 * non-admins, and so is a deleted one unless `deleted` is allowed (instance actions).
 * With `policy`, the rule is then checked against the server, as Nova's handlers call
 * `context.can(rule, target=instance)` right after their lookup.
 */
export function findServer(
  ctx: ApiContext,
  id: string,
  options: { deleted?: boolean; policy?: PolicyRule } = {},
): Server {
  const server = ctx.cloud.compute.get(id);
  const visible =
    server !== undefined &&
    (!server.deleted || options.deleted === true) &&
    (ctx.isAdmin || server.projectId === ctx.auth.projectId);
  if (!visible) throw NovaError.notFound(`Instance ${id} could not be found.`);
  if (options.policy)
    authorize(ctx, options.policy, { projectId: server.projectId, userId: server.userId });
  return server;
}

/** A plain JSON object body, or Nova's 400 for anything else. */
export function objectBody(ctx: ApiContext): Record<string, unknown> {
  const body = ctx.body;
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw NovaError.badRequest('Malformed request body');
  }
  return body as Record<string, unknown>;
}
