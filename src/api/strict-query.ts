import type { ApiContext, Route } from './context.js';
import { checkQuery } from './handlers/catalog/query-params.js';

/**
 * The GET routes whose query schema is empty and, from 2.102, closed: Nova master's
 * `show_query_v2102` / `index_query_v2102` (`additionalProperties: False`), so any query
 * parameter is a 400 before the handler runs. The routes with their own query
 * parameters check them in their handlers.
 */
const EMPTY_QUERY_FROM_2102: ReadonlySet<string> = new Set([
  '/servers/{server_id}',
  '/servers/{server_id}/ips',
  '/servers/{server_id}/ips/{network}',
  '/servers/{server_id}/metadata',
  '/servers/{server_id}/metadata/{key}',
  '/servers/{server_id}/os-instance-actions/{request_id}',
  '/servers/{server_id}/os-interface',
  '/servers/{server_id}/os-interface/{port_id}',
  '/servers/{server_id}/os-security-groups',
  '/servers/{server_id}/migrations/{id}',
  '/flavors/{flavor_id}',
  '/flavors/{flavor_id}/os-extra_specs',
  '/flavors/{flavor_id}/os-extra_specs/{key}',
  '/flavors/{flavor_id}/os-flavor-access',
  '/os-aggregates',
  '/os-aggregates/{id}',
  '/os-availability-zone',
  '/os-availability-zone/detail',
  '/os-server-groups/{group_id}',
  '/extensions',
  '/extensions/{alias}',
]);

/**
 * Nova's `@validation.query_schema` on the routes above: from 2.102 an unknown query
 * parameter is `Additional properties are not allowed`, checked before the handler.
 *
 * @example
 * checkStrictQuery(ctx, match.route); // throws Nova's 400 for GET /os-aggregates?x=1 at 2.102
 */
export function checkStrictQuery(ctx: ApiContext, route: Route): void {
  if (route.method !== 'GET' || !EMPTY_QUERY_FROM_2102.has(route.path)) return;
  if (ctx.version.below('2.102')) return;
  checkQuery(ctx, {}, true);
}
