import { NovaError } from '../../../errors/nova-error.js';
import type { ApiContext, HandlerResult, Route } from '../../context.js';
import { requireAdmin } from '../../policy.js';
import { hypervisorView, type Node, nodes, resources, uptime } from './hypervisor-view.js';
import {
  checkQuery,
  isUuidLike,
  limitAndMarker,
  PAGINATION,
  parseBool,
  parseInteger,
  type QuerySchema,
} from './query-params.js';
import { collectionLinks } from './view-helpers.js';

function matching(ctx: ApiContext, pattern: string): Node[] {
  const found = nodes(ctx).filter((n) => n.hostname.toLowerCase().includes(pattern.toLowerCase()));
  if (found.length === 0)
    throw NovaError.notFound(`No hypervisor matching '${pattern}' could be found.`);
  return found;
}

const QUERY_V253: QuerySchema = {
  limit: { kind: { type: 'int' }, single: true },
  marker: { kind: { type: 'string' }, single: true },
  hypervisor_hostname_pattern: {
    kind: { type: 'pattern', source: '^[a-zA-Z0-9-._]*$', minLength: 1, maxLength: 255 },
    single: true,
  },
  with_servers: { kind: { type: 'bool' }, single: true },
};

/** GET /os-hypervisors[/detail]: paged from 2.33, pattern and with_servers from 2.53. */
function list(ctx: ApiContext, detail: boolean): HandlerResult {
  const v = ctx.version;
  if (v.atLeast('2.53')) checkQuery(ctx, QUERY_V253, true);
  else if (v.atLeast('2.33')) checkQuery(ctx, PAGINATION, false);
  requireAdmin(ctx, `os_compute_api:os-hypervisors:${detail ? 'list-detail' : 'list'}`);
  const pattern = v.atLeast('2.53') ? ctx.query.get('hypervisor_hostname_pattern') : undefined;
  const withServers =
    v.atLeast('2.53') && parseBool(ctx.query.get('with_servers') ?? 'false') === true;
  const paged = v.atLeast('2.33');
  const { limit, marker } = limitAndMarker(ctx);
  let found: Node[];
  if (pattern !== undefined) {
    if (ctx.query.has('limit') || marker !== undefined) {
      throw NovaError.badRequest(
        'Paging over hypervisors with the hypervisor_hostname_pattern query parameter is not supported.',
      );
    }
    found = matching(ctx, pattern);
  } else {
    found = nodes(ctx);
    if (paged) {
      if (marker !== undefined) {
        const at = found.findIndex((n) => (v.atLeast('2.53') ? n.uuid : String(n.id)) === marker);
        if (at < 0) throw NovaError.badRequest(`marker [${marker}] not found`);
        found = found.slice(at + 1);
      }
      found = found.slice(0, limit);
    }
  }
  const hypervisors = found.map((n) => hypervisorView(ctx, n, detail, withServers));
  const body: Record<string, unknown> = { hypervisors };
  if (paged && pattern === undefined) {
    const last = hypervisors.at(-1)?.id;
    const links = collectionLinks(
      ctx,
      detail ? 'os-hypervisors/detail' : 'os-hypervisors',
      found.length,
      last === undefined ? undefined : String(last),
    );
    if (links.length > 0) body.hypervisors_links = links;
  }
  return { status: 200, body };
}

/** `_validate_id` then the lookup: a uuid from 2.53 (else 400), an integer before (else 404). */
function findNode(ctx: ApiContext): Node {
  const id = ctx.params.hypervisor_id!;
  let node: Node | undefined;
  if (ctx.version.atLeast('2.53')) {
    if (!isUuidLike(id)) throw NovaError.badRequest(`Invalid uuid ${id}`);
    node = nodes(ctx).find((n) => n.uuid === id.toLowerCase());
  } else {
    const n = parseInteger(id);
    node = n === undefined ? undefined : nodes(ctx).find((candidate) => candidate.id === n);
  }
  if (!node) throw NovaError.notFound(`Hypervisor with ID '${id}' could not be found.`);
  return node;
}

function show(ctx: ApiContext): HandlerResult {
  const v253 = ctx.version.atLeast('2.53');
  if (v253) checkQuery(ctx, { with_servers: { kind: { type: 'bool' }, single: true } }, true);
  requireAdmin(ctx, 'os_compute_api:os-hypervisors:show');
  const withServers = v253 && parseBool(ctx.query.get('with_servers') ?? 'false') === true;
  return {
    status: 200,
    body: { hypervisor: hypervisorView(ctx, findNode(ctx), true, withServers) },
  };
}

function showUptime(ctx: ApiContext): HandlerResult {
  requireAdmin(ctx, 'os_compute_api:os-hypervisors:uptime');
  const node = findNode(ctx);
  const text = uptime(ctx, node);
  if (text === null)
    throw NovaError.badRequest(
      `Compute service of ${node.service.host} is unavailable at this time.`,
    );
  return {
    status: 200,
    body: { hypervisor: { ...hypervisorView(ctx, node, false, false), uptime: text } },
  };
}

/** `compute_node_statistics`: sums over the nodes whose service is enabled. */
function statistics(ctx: ApiContext): HandlerResult {
  requireAdmin(ctx, 'os_compute_api:os-hypervisors:statistics');
  const totals: Record<string, number> = {
    count: 0,
    vcpus: 0,
    memory_mb: 0,
    local_gb: 0,
    vcpus_used: 0,
    memory_mb_used: 0,
    local_gb_used: 0,
    free_ram_mb: 0,
    free_disk_gb: 0,
    current_workload: 0,
    running_vms: 0,
    disk_available_least: 0,
  };
  for (const node of nodes(ctx)) {
    if (node.service.disabled) continue;
    totals.count! += 1;
    for (const [key, value] of Object.entries(resources(ctx, node)))
      totals[key] = (totals[key] ?? 0) + value;
  }
  return { status: 200, body: { hypervisor_statistics: totals } };
}

/** The pre-2.53 search routes: by hostname substring, optionally with servers. */
function search(ctx: ApiContext, withServers: boolean): HandlerResult {
  requireAdmin(ctx, `os_compute_api:os-hypervisors:${withServers ? 'servers' : 'search'}`);
  const found = matching(ctx, ctx.params.pattern!);
  return {
    status: 200,
    body: { hypervisors: found.map((n) => hypervisorView(ctx, n, false, withServers)) },
  };
}

function gone(): HandlerResult {
  throw NovaError.notFound('The resource could not be found.');
}

export const hypervisorRoutes: readonly Route[] = [
  { method: 'GET', path: '/os-hypervisors', handler: (ctx) => list(ctx, false) },
  { method: 'GET', path: '/os-hypervisors/detail', handler: (ctx) => list(ctx, true) },
  { method: 'GET', path: '/os-hypervisors/statistics', handler: statistics, maxVersion: '2.87' },
  // Removed at 2.88; Nova's explicit route still wins over /{hypervisor_id} and answers 404.
  { method: 'GET', path: '/os-hypervisors/statistics', handler: gone, minVersion: '2.88' },
  { method: 'GET', path: '/os-hypervisors/{hypervisor_id}', handler: show },
  {
    method: 'GET',
    path: '/os-hypervisors/{hypervisor_id}/uptime',
    handler: showUptime,
    maxVersion: '2.87',
  },
  {
    method: 'GET',
    path: '/os-hypervisors/{pattern}/search',
    handler: (ctx) => search(ctx, false),
    maxVersion: '2.52',
  },
  {
    method: 'GET',
    path: '/os-hypervisors/{pattern}/servers',
    handler: (ctx) => search(ctx, true),
    maxVersion: '2.52',
  },
];
