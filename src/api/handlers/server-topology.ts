import type { ApiContext, HandlerResult, Route } from '../context.js';
import { authorize } from '../policy.js';
import { checkQuery } from './catalog/query-params.js';
import { findServer } from './server-lookup.js';

/**
 * GET /servers/{id}/topology (2.78). The simulated hosts have no NUMA cells and no server
 * gets a NUMA topology, so Nova's answer is the empty one for everybody; the admin-only
 * `host:index` rule is still asked (fatal=False), as Nova does, though nothing depends on it.
 */
function showTopology(ctx: ApiContext): HandlerResult {
  checkQuery(ctx, {}, ctx.version.atLeast('2.102'));
  findServer(ctx, ctx.params.server_id!);
  authorize(ctx, { rule: 'compute:server:topology:index', default: 'project-reader-or-admin' });
  return { status: 200, body: { nodes: [], pagesize_kb: null } };
}

export const serverTopologyRoutes: readonly Route[] = [
  {
    method: 'GET',
    path: '/servers/{server_id}/topology',
    handler: showTopology,
    minVersion: '2.78',
  },
];
