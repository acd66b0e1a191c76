import type { ApiContext, HandlerResult, Route } from '../context.js';
import { authorize } from '../policy.js';
import { checkQuery } from './catalog/query-params.js';
import { findServer } from './server-lookup.js';

/**
 * GET /servers/{id}/os-server-password. Only the guest sets a password, through the
 * metadata server, and there is no guest here: the encrypted password is always empty,
 * which Nova shows as "".
 */
function showPassword(ctx: ApiContext): HandlerResult {
  checkQuery(ctx, {}, ctx.version.atLeast('2.102'));
  const server = findServer(ctx, ctx.params.server_id!);
  authorize(ctx, {
    rule: 'os_compute_api:os-server-password:show',
    default: 'project-reader-or-admin',
  });
  void server;
  return { status: 200, body: { password: '' } };
}

/** DELETE /servers/{id}/os-server-password: clears the (already empty) password, 204. */
function clearPassword(ctx: ApiContext): HandlerResult {
  const server = findServer(ctx, ctx.params.server_id!);
  authorize(ctx, {
    rule: 'os_compute_api:os-server-password:clear',
    default: 'project-member-or-admin',
  });
  server.updatedAt = ctx.cloud.clock.now();
  return { status: 204 };
}

export const serverPasswordRoutes: readonly Route[] = [
  { method: 'GET', path: '/servers/{server_id}/os-server-password', handler: showPassword },
  { method: 'DELETE', path: '/servers/{server_id}/os-server-password', handler: clearPassword },
];
