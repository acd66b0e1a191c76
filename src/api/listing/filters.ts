import type { Server } from '../../compute/server.js';
import { COLUMNS, type ColumnValue, columnText } from './columns.js';
import type { Pattern } from './regex.js';

/**
 * Which rows the `deleted` / `soft_deleted` options leave in
 * (nova/db/main/api.py `instance_get_all_by_filters_sort`).
 */
export type DeletedMode =
  /** The default: neither deleted nor soft-deleted. */
  | 'live'
  /** `soft_deleted` given (admin): not deleted. */
  | 'live-and-soft'
  /** `deleted=true` (admin): deleted or soft-deleted. */
  | 'deleted-and-soft'
  /** `deleted=true&soft_deleted=` (admin): deleted only. */
  | 'deleted'
  /** `changes-since` / `changes-before` without `deleted`: everything. */
  | 'any';

/** `column IN values` (a single value is a one-item list). */
export interface ExactFilter {
  readonly column: string;
  readonly values: readonly ColumnValue[];
}

/** A column REGEXP, as the database runs it and as build requests run it in Python. */
export interface RegexFilter {
  readonly column: string;
  readonly database: Pattern | undefined;
  readonly python: Pattern | undefined;
  /** The lower-cased text every database match contains (`requiredLiteral`), if known. */
  readonly literal?: string;
}

export interface TagFilters {
  readonly all?: readonly string[];
  readonly any?: readonly string[];
  readonly notAll?: readonly string[];
  readonly notAny?: readonly string[];
}

/** Every condition of one list request, after Nova's option processing. */
export interface ServerFilter {
  /** Own project without all_tenants; the project_id/tenant_id filter with it. */
  readonly projectId: string | undefined;
  readonly deleted: DeletedMode;
  readonly exact: readonly ExactFilter[];
  readonly regex: readonly RegexFilter[];
  readonly tags: TagFilters;
  readonly changesSince: number | undefined;
  readonly changesBefore: number | undefined;
  /** Fixed addresses of each IP version, matched from the start (`re.match`). */
  readonly ip:
    | {
        readonly v4: Pattern | undefined;
        readonly v6: Pattern | undefined;
        /** The literal text every match starts with, per version ('' when none; see `literalPrefix`). */
        readonly prefixes?: { readonly v4: string | undefined; readonly v6: string | undefined };
      }
    | undefined;
}

/**
 * A server Nova would still hold as a build request: not yet placed by the scheduler.
 * Such servers are listed before all others.
 */
export function isBuildRequest(server: Server): boolean {
  return (
    server.host === null &&
    !server.deleted &&
    server.machine.vmState === 'building' &&
    server.machine.taskState === 'scheduling'
  );
}

/** What the candidates of a scan already satisfy, so their checks can be skipped. */
export interface Given {
  /** Every candidate passes the deleted / soft-deleted condition. */
  readonly deleted?: boolean;
  /** Every candidate is of the filter's project. */
  readonly project?: boolean;
}

/**
 * The database's WHERE clause for server rows, compiled once per request: only the
 * conditions the filter has, the narrowing ones (regex, exact) first.
 */
export function rowPredicate(filter: ServerFilter, given: Given = {}): (server: Server) => boolean {
  const checks: ((server: Server) => boolean)[] = [];
  for (const { column, database } of filter.regex) {
    if (database === undefined) return () => false;
    checks.push((server) => {
      const value = columnText(column, server);
      return value !== null && database.test(value);
    });
  }
  for (const { column, values } of filter.exact) {
    checks.push((server) => exactMatches(COLUMNS[column]?.get(server) ?? null, values));
  }
  const { changesSince, changesBefore, projectId, tags, ip, deleted } = filter;
  if (changesSince !== undefined) checks.push((server) => server.updatedAt >= changesSince);
  if (changesBefore !== undefined) checks.push((server) => server.updatedAt <= changesBefore);
  if (projectId !== undefined && !given.project) {
    checks.push((server) => server.projectId === projectId);
  }
  if (tags.all || tags.any || tags.notAll || tags.notAny) {
    checks.push((server) => tagsMatch(server.tags, tags));
  }
  if (ip !== undefined) checks.push((server) => ipMatches(server, ip));
  if (!given.deleted) checks.push((server) => deletedModeAdmits(deleted, server));
  return (server) => checks.every((check) => check(server));
}

/**
 * Build requests are filtered in Python (nova/objects/build_request.py
 * `BuildRequestList.get_by_filters`): the change times and `locked` do not apply, a regex
 * passes an empty attribute, and with an IP filter none is listed (no address yet).
 */
export function matchesBuildRequest(server: Server, filter: ServerFilter): boolean {
  if (filter.ip !== undefined) return false;
  if (filter.projectId !== undefined && server.projectId !== filter.projectId) return false;
  if (!tagsMatch(server.tags, filter.tags)) return false;
  for (const exact of filter.exact) {
    if (exact.column === 'locked') continue;
    if (!exactMatches(COLUMNS[exact.column]?.get(server) ?? null, exact.values)) return false;
  }
  for (const regex of filter.regex) {
    const raw = COLUMNS[regex.column]?.get(server) ?? null;
    if (raw === null || raw === '' || raw === 0 || raw === false) continue;
    const value = columnText(regex.column, server) ?? '';
    if (regex.python === undefined || !regex.python.test(value)) return false;
  }
  return true;
}

export function deletedModeAdmits(mode: DeletedMode, server: Server): boolean {
  const soft = server.machine.vmState === 'soft-delete';
  switch (mode) {
    case 'live':
      return !server.deleted && !soft;
    case 'live-and-soft':
      return !server.deleted;
    case 'deleted-and-soft':
      return server.deleted || soft;
    case 'deleted':
      return server.deleted;
    case 'any':
      return true;
  }
}

function exactMatches(value: ColumnValue, wanted: readonly ColumnValue[]): boolean {
  // SQL: NULL equals nothing.
  if (value === null) return false;
  if (typeof value === 'boolean') return wanted.includes(value);
  const text = String(value);
  return wanted.some((w) => typeof w !== 'boolean' && w !== null && String(w) === text);
}

function tagsMatch(tags: readonly string[], filters: TagFilters): boolean {
  const has = (tag: string) => tags.includes(tag);
  if (filters.all && !filters.all.every(has)) return false;
  if (filters.any && !filters.any.some(has)) return false;
  if (filters.notAll?.every(has)) return false;
  if (filters.notAny?.some(has)) return false;
  return true;
}

function ipMatches(server: Server, ip: NonNullable<ServerFilter['ip']>): boolean {
  return server.addresses.some((address) => {
    if (address.type !== 'fixed') return false;
    const pattern = address.version === 4 ? ip.v4 : ip.v6;
    return pattern?.test(address.addr) === true;
  });
}
