import { LIVE_IN_PROGRESS } from '../../../compute/live-migration.js';
import type { Migration } from '../../../compute/server.js';
import { NovaError } from '../../../errors/nova-error.js';
import type { ApiContext, HandlerResult, Route } from '../../context.js';
import { parseIsoTime } from '../../listing/iso-time.js';
import { authorize, permitted } from '../../policy.js';
import { pythonRepr } from '../../validation/python-repr.js';
import {
  checkQuery,
  intParam,
  MULTI_STRING,
  parseBool,
  type QueryParam,
  type QuerySchema,
} from '../catalog/query-params.js';
import { collectionLinks } from '../catalog/view-helpers.js';
import { migrationsEntry } from './migration-view.js';

const SINGLE: QueryParam = { kind: { type: 'string' }, single: true };
const SINGLE_INT: QueryParam = { kind: { type: 'int' }, single: true };

const V20: QuerySchema = {
  hidden: MULTI_STRING,
  host: MULTI_STRING,
  instance_uuid: MULTI_STRING,
  source_compute: MULTI_STRING,
  status: MULTI_STRING,
  migration_type: MULTI_STRING,
};
const V259: QuerySchema = { ...V20, limit: SINGLE_INT, marker: SINGLE, 'changes-since': SINGLE };
const V266: QuerySchema = { ...V259, 'changes-before': SINGLE };
const V280: QuerySchema = { ...V266, user_id: SINGLE, project_id: SINGLE };

const rule = (name: string) => `os_compute_api:os-migrations:${name}`;

/** A `date-time` query value as epoch ms, or the validator's 400. */
function dateParam(ctx: ApiContext, name: string): number | undefined {
  const text = ctx.query.get(name);
  if (text === undefined) return undefined;
  const ms = parseIsoTime(text);
  if (ms === undefined) {
    throw NovaError.badRequest(
      `Invalid input for query parameters ${name}. Value: ${text}. ${pythonRepr(text)} is not a 'date-time'`,
    );
  }
  return ms;
}

/** `migration_get_all_by_filters`: each filter is the last value given (webob's dict). */
function filtered(ctx: ApiContext, all: readonly Migration[]): Migration[] {
  const q = ctx.query;
  const since = ctx.version.atLeast('2.59') ? dateParam(ctx, 'changes-since') : undefined;
  const before = ctx.version.atLeast('2.66') ? dateParam(ctx, 'changes-before') : undefined;
  if (since !== undefined && before !== undefined && before < since) {
    throw NovaError.badRequest(
      'The value of changes-since must be less than or equal to changes-before.',
    );
  }
  const status = q.get('status');
  const host = q.get('host');
  const source = q.get('source_compute');
  const type = q.get('migration_type');
  const uuid = q.get('instance_uuid');
  const user = q.get('user_id');
  const project = q.get('project_id');
  const hiddenText = q.get('hidden');
  // No simulated migration is hidden (those are cross-cell bookkeeping).
  const hidden = hiddenText === undefined ? undefined : (parseBool(hiddenText) ?? false);
  // updated_at compares as SQL does: a NULL never passes.
  const updated = (m: Migration) => m.updatedAt;
  return all.filter(
    (m) =>
      (since === undefined || (updated(m) !== null && updated(m)! >= since)) &&
      (before === undefined || (updated(m) !== null && updated(m)! <= before)) &&
      (status === undefined || m.status === status) &&
      (host !== undefined
        ? m.sourceHost === host || m.destHost === host
        : source === undefined || m.sourceHost === source) &&
      (type === undefined || m.kind === type) &&
      hidden !== true &&
      (uuid === undefined || m.serverId === uuid) &&
      (user === undefined || m.userId === user) &&
      (project === undefined || m.projectId === project),
  );
}

/** created_at then id, both descending (2.59's sort). */
function newestFirst(a: Migration, b: Migration): number {
  return b.createdAt - a.createdAt || b.dbId - a.dbId;
}

/**
 * GET /os-migrations: every migration of servers not deleted, filtered; from 2.59 newest
 * first and paged by uuid with `migrations_links`.
 */
function index(ctx: ApiContext): HandlerResult {
  const v = ctx.version;
  checkQuery(
    ctx,
    v.atLeast('2.80') ? V280 : v.atLeast('2.66') ? V266 : v.atLeast('2.59') ? V259 : V20,
    v.atLeast('2.59'),
  );
  authorize(ctx, { rule: rule('index'), default: 'project-manager-or-admin' });
  const projectId = ctx.query.get('project_id');
  if (!projectId || projectId !== ctx.auth.projectId) {
    authorize(ctx, { rule: rule('index:all_projects'), default: 'admin' });
  }
  const withHost = permitted(ctx, 'os_compute_api:os-migrations:index:host');
  const servers = ctx.cloud.compute.servers;
  // A deleted instance takes its migration records with it (instance_destroy soft-deletes them).
  let list = filtered(
    ctx,
    [...ctx.cloud.compute.migrations.values()].filter((m) => !servers.get(m.serverId)?.deleted),
  );
  let links: unknown[] = [];
  if (v.atLeast('2.59')) {
    list.sort(newestFirst);
    const limit = intParam(ctx, 'limit');
    const marker = ctx.query.get('marker');
    if (marker !== undefined) {
      const at = list.findIndex((m) => m.id === marker);
      if (at < 0) {
        const exists = ctx.cloud.compute.migrations.has(marker);
        if (!exists) throw NovaError.badRequest(`Marker ${marker} could not be found.`);
        list = list.filter((m) => newestFirst(ctx.cloud.compute.migrations.get(marker)!, m) < 0);
      } else {
        list = list.slice(at + 1);
      }
    }
    const max = ctx.cloud.config.maxLimit;
    list = list.slice(0, Math.min(limit ?? max, max));
    links = collectionLinks(ctx, 'os-migrations', list.length, list.at(-1)?.id);
  }
  const body: Record<string, unknown> = {
    migrations: list.map((m) =>
      migrationsEntry(
        ctx,
        m,
        withHost,
        m.kind === 'live-migration' && LIVE_IN_PROGRESS.includes(m.status),
      ),
    ),
  };
  if (links.length > 0) body.migrations_links = links;
  return { status: 200, body };
}

export const migrationRoutes: readonly Route[] = [
  { method: 'GET', path: '/os-migrations', handler: index },
];
