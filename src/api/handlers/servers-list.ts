import type { ApiContext, HandlerResult, Route } from '../context.js';
import {
  nextLinkQuery,
  parseListRequest,
  runListPlan,
  validateListQuery,
} from '../listing/index.js';
import { authorize } from '../policy.js';
import { serverDetail, serverSummary } from '../views/server.js';
import { serverListTexts } from '../views/server-view-cache.js';

/**
 * `GET /servers` and `GET /servers/detail` (nova/api/openstack/compute/servers.py
 * `index`, `detail`, `_get_servers`).
 */
function listServers(ctx: ApiContext, detail: boolean): HandlerResult {
  validateListQuery(ctx.query, ctx.version);
  authorize(ctx, detail ? 'os_compute_api:servers:detail' : 'os_compute_api:servers:index');
  const plan = parseListRequest(ctx, detail);
  const servers = plan === 'empty' ? [] : runListPlan(ctx.cloud, plan);
  // The HTTP server sends text: each detail item's JSON is kept per server until it changes.
  const texts = detail && ctx.textBody ? serverListTexts(ctx, servers) : undefined;
  const body: Record<string, unknown> = {
    servers: texts
      ? []
      : servers.map((server) =>
          detail ? serverDetail(ctx, server, { list: true }) : serverSummary(ctx, server),
        ),
  };
  // A full page links to the next one, even when nothing follows (`_get_collection_links`).
  const maxLimit = ctx.cloud.config.maxLimit;
  const limitText = ctx.query.get('limit');
  const pageSize = limitText === undefined ? maxLimit : Math.min(Number(limitText), maxLimit);
  const last = servers.at(-1);
  if (pageSize > 0 && servers.length === pageSize && last) {
    const collection = detail ? 'servers/detail' : 'servers';
    body.servers_links = [
      { rel: 'next', href: `${ctx.links.self(collection)}?${nextLinkQuery(ctx.query, last.id)}` },
    ];
  }
  if (texts === undefined) return { status: 200, body };
  // JSON.stringify(body)'s bytes, with the items' ready text in `servers`.
  const links =
    body.servers_links === undefined
      ? ''
      : `,"servers_links":${JSON.stringify(body.servers_links)}`;
  return { status: 200, text: joinedPage(texts, links) };
}

/**
 * `{"servers":[item,…]<links>}` as one flat string: the opening and closing text ride on
 * the first and last items of a single join. Joining the items and then wrapping them made
 * a rope that the HTTP server flattens to count its bytes, a second copy of the page on the
 * young heap, the largest allocation of a list request (issue 14).
 */
function joinedPage(texts: string[], links: string): string {
  const last = texts.length - 1;
  if (last < 0) return `{"servers":[]${links}}`;
  texts[0] = `{"servers":[${texts[0]}`;
  texts[last] = `${texts[last]}]${links}}`;
  return texts.join(',');
}

export const listRoutes: readonly Route[] = [
  { method: 'GET', path: '/servers', handler: (ctx) => listServers(ctx, false) },
  { method: 'GET', path: '/servers/detail', handler: (ctx) => listServers(ctx, true) },
];
