import type { Server } from '../../compute/server.js';
import { NovaError } from '../../errors/nova-error.js';
import type { ApiContext, HandlerResult, Route } from '../context.js';
import { authorize } from '../policy.js';
import { usageTime } from '../views/time.js';
import {
  checkQuery,
  limitAndMarker,
  MULTI_STRING,
  PAGINATION,
  type QuerySchema,
} from './catalog/query-params.js';
import { collectionLinks } from './catalog/view-helpers.js';

/**
 * os-simple-tenant-usage (simple_tenant_usage.py): what each project's servers used over a
 * period, from their lives on the virtual clock: hours between launched_at (or the period
 * start) and terminated_at (or the period end), times the flavor's sizes.
 */

const HOUR_MS = 3_600_000;

interface Period {
  readonly start: number;
  readonly stop: number;
}

interface ServerUsage {
  readonly instance_id: string;
  readonly name: string;
  readonly tenant_id: string;
  readonly hours: number;
  readonly flavor: string;
  readonly memory_mb: number;
  readonly local_gb: number;
  readonly vcpus: number;
  readonly started_at: string;
  readonly ended_at: string | null;
  readonly state: string;
  readonly uptime: number;
}

/** `%Y-%m-%dT%H:%M:%S`, the same with `.%f`, or `%Y-%m-%d %H:%M:%S.%f` (naive, read as UTC). */
const FORMATS = [
  /^(\d{4})-(\d{1,2})-(\d{1,2})T(\d{1,2}):(\d{1,2}):(\d{1,2})()$/,
  /^(\d{4})-(\d{1,2})-(\d{1,2})T(\d{1,2}):(\d{1,2}):(\d{1,2})\.(\d{1,6})$/,
  /^(\d{4})-(\d{1,2})-(\d{1,2}) (\d{1,2}):(\d{1,2}):(\d{1,2})\.(\d{1,6})$/,
];

/** Python's strptime for those formats: undefined for text or dates it refuses. */
export function parseStrTime(text: string): number | undefined {
  for (const format of FORMATS) {
    const m = format.exec(text);
    if (!m) continue;
    const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number) as [
      number,
      number,
      number,
      number,
      number,
      number,
    ];
    const fraction = Number((m[7] ?? '').padEnd(6, '0') || '0');
    if (mo < 1 || mo > 12 || h > 23 || mi > 59 || s > 61) return undefined;
    const ms = Date.UTC(y, mo - 1, d, h, mi, Math.min(s, 59));
    if (new Date(ms).getUTCDate() !== d) return undefined;
    return ms + fraction / 1000;
  }
  return undefined;
}

/** urlparse.parse_qs: the first non-blank value of a parameter. */
function firstValue(ctx: ApiContext, name: string): string | undefined {
  return ctx.query.getAll(name).find((value) => value !== '');
}

/** `_parse_qs_params` and the cap of the end at now. */
function period(ctx: ApiContext): Period & { detailed: boolean } {
  const now = ctx.cloud.clock.now();
  // Nova reads utcnow() once per missing bound, the end a moment after the start: a
  // missing end counts as a microsecond after now, so a bare request is a valid period.
  const parse = (name: string) => {
    const text = firstValue(ctx, name);
    if (text === undefined) return name === 'end' ? now + 0.001 : now;
    const value = parseStrTime(text);
    if (value === undefined)
      throw NovaError.badRequest('Invalid datetime string: Datetime is in invalid format');
    return value;
  };
  const start = parse('start');
  const stop = parse('end');
  if (!(start < stop)) {
    throw NovaError.badRequest(
      'Invalid start time. The start time cannot occur after the end time.',
    );
  }
  return { start, stop: Math.min(stop, now), detailed: firstValue(ctx, 'detailed') === '1' };
}

/** `_hours_for`: the hours of the period the server was launched and not terminated. */
function hoursFor(server: Server, p: Period): number {
  const launched = server.launchedAt;
  const terminated = server.terminatedAt;
  if (terminated !== null && terminated < p.start) return 0;
  if (launched === null || launched > p.stop) return 0;
  const from = Math.max(launched, p.start);
  const to = terminated !== null ? Math.min(p.stop, terminated) : p.stop;
  return (to - from) / HOUR_MS;
}

/**
 * `instance_get_active_by_window_joined`: launched before the end, not terminated before
 * the start, deleted rows included, ordered by (project_id, uuid), then the page.
 */
function serversInWindow(
  ctx: ApiContext,
  p: Period,
  projectId: string | undefined,
  paged: boolean,
): Server[] {
  const rows = [...ctx.cloud.compute.servers.values()]
    .filter(
      (s) =>
        (s.terminatedAt === null || s.terminatedAt > p.start) &&
        s.launchedAt !== null &&
        s.launchedAt < p.stop &&
        (projectId === undefined || s.projectId === projectId),
    )
    .sort((a, b) => compare(a.projectId, b.projectId) || compare(a.id, b.id));
  const { limit, marker } = paged
    ? limitAndMarker(ctx)
    : { limit: ctx.cloud.config.maxLimit, marker: undefined };
  let from = 0;
  if (marker !== undefined) {
    const at = ctx.cloud.compute.get(marker);
    if (!at) throw NovaError.badRequest(`Marker ${marker} could not be found.`);
    from = rows.findIndex(
      (s) =>
        compare(s.projectId, at.projectId) > 0 ||
        (s.projectId === at.projectId && compare(s.id, at.id) > 0),
    );
    if (from < 0) from = rows.length;
  }
  return rows.slice(from, from + limit);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function serverUsage(ctx: ApiContext, server: Server, p: Period): ServerUsage {
  const now = ctx.cloud.clock.now();
  const launched = server.launchedAt!;
  const ended = server.terminatedAt;
  return {
    hours: hoursFor(server, p),
    flavor: server.flavor.name,
    instance_id: server.id,
    name: server.name,
    tenant_id: server.projectId,
    memory_mb: server.flavor.ram,
    local_gb: server.flavor.disk + server.flavor.ephemeral,
    vcpus: server.flavor.vcpus,
    started_at: usageTime(launched),
    ended_at: ended === null ? null : usageTime(ended),
    state: ended === null ? server.machine.vmState : 'terminated',
    uptime: Math.floor(((ended ?? now) - launched) / 1000),
  };
}

/** `_tenant_usages_for_period`: one summary per project, in the order the rows came. */
function tenantUsages(ctx: ApiContext, servers: readonly Server[], p: Period, detailed: boolean) {
  const summaries = new Map<string, Record<string, unknown> & { server_usages?: ServerUsage[] }>();
  const all: ServerUsage[] = [];
  for (const server of servers) {
    const info = serverUsage(ctx, server, p);
    let summary = summaries.get(info.tenant_id);
    if (!summary) {
      summary = {
        tenant_id: info.tenant_id,
        ...(detailed ? { server_usages: [] } : {}),
        total_local_gb_usage: 0,
        total_vcpus_usage: 0,
        total_memory_mb_usage: 0,
        total_hours: 0,
        start: usageTime(p.start),
        stop: usageTime(p.stop),
      };
      summaries.set(info.tenant_id, summary);
    }
    summary.total_local_gb_usage =
      (summary.total_local_gb_usage as number) + info.local_gb * info.hours;
    summary.total_vcpus_usage = (summary.total_vcpus_usage as number) + info.vcpus * info.hours;
    summary.total_memory_mb_usage =
      (summary.total_memory_mb_usage as number) + info.memory_mb * info.hours;
    summary.total_hours = (summary.total_hours as number) + info.hours;
    all.push(info);
    summary.server_usages?.push(info);
  }
  return { usages: [...summaries.values()], all };
}

const BASE: QuerySchema = { start: MULTI_STRING, end: MULTI_STRING };

function checkUsageQuery(ctx: ApiContext, index: boolean): void {
  const schema: QuerySchema = {
    ...BASE,
    ...(index ? { detailed: MULTI_STRING } : {}),
    ...(ctx.version.atLeast('2.40') ? PAGINATION : {}),
  };
  checkQuery(ctx, schema, ctx.version.atLeast('2.75'));
}

function listUsages(ctx: ApiContext): HandlerResult {
  checkUsageQuery(ctx, true);
  authorize(ctx, { rule: 'os_compute_api:os-simple-tenant-usage:list', default: 'admin' });
  const p = period(ctx);
  const paged = ctx.version.atLeast('2.40');
  const { usages, all } = tenantUsages(
    ctx,
    serversInWindow(ctx, p, undefined, paged),
    p,
    p.detailed,
  );
  const body: Record<string, unknown> = { tenant_usages: usages };
  if (paged) {
    const links = collectionLinks(
      ctx,
      'os-simple-tenant-usage',
      all.length,
      all.at(-1)?.instance_id,
    );
    if (links.length > 0) body.tenant_usages_links = links;
  }
  return { status: 200, body };
}

function showUsage(ctx: ApiContext): HandlerResult {
  checkUsageQuery(ctx, false);
  const tenant = ctx.params.tenant_id!;
  const rule = 'os_compute_api:os-simple-tenant-usage:show';
  // The rule targets the project asked about: a member of another project is refused.
  authorize(ctx, { rule, default: 'project-reader-or-admin' }, { projectId: tenant });
  const p = period(ctx);
  const paged = ctx.version.atLeast('2.40');
  const { usages, all } = tenantUsages(ctx, serversInWindow(ctx, p, tenant, paged), p, true);
  const body: Record<string, unknown> = { tenant_usage: usages[0] ?? {} };
  if (paged) {
    const links = collectionLinks(
      ctx,
      `os-simple-tenant-usage/${tenant}`,
      all.length,
      all.at(-1)?.instance_id,
    );
    if (links.length > 0) body.tenant_usage_links = links;
  }
  return { status: 200, body };
}

export const simpleTenantUsageRoutes: readonly Route[] = [
  { method: 'GET', path: '/os-simple-tenant-usage', handler: listUsages },
  { method: 'GET', path: '/os-simple-tenant-usage/{tenant_id}', handler: showUsage },
];
