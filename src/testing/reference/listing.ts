import { type StatusMapTable, statusFilter } from './status-map.js';

/** What the listing reference needs of one server row. */
export interface ListedRow {
  readonly id: string;
  readonly projectId: string;
  readonly name: string;
  readonly flavorId: string;
  readonly imageRef: string;
  readonly vmState: string;
  readonly taskState: string | null;
  readonly deleted: boolean;
  /** Epoch ms of the row's updated_at. */
  readonly updatedAt: number;
}

/** The filters a generated list query uses (all optional). */
export interface ListFilters {
  readonly status?: readonly string[];
  readonly name?: string;
  readonly flavor?: string;
  readonly image?: string;
  /** Epoch ms of `changes-since`. */
  readonly changesSince?: number;
}

export interface ListScope {
  readonly projectId: string;
  readonly isAdmin: boolean;
  readonly allTenants: boolean;
}

/**
 * §6.2–§6.4 and §3.2: does a plain (non-`deleted`) list query return this row?
 * Tenancy, default exclusions (deleted and soft-deleted, unless `changes-since`), then
 * the filters: status by §1.6, name as an unanchored regular expression, flavor and
 * image exact.
 *
 * @example
 * listMatches(table, row, { projectId: 'p', isAdmin: false, allTenants: false }, { name: 'web' });
 */
export function listMatches(
  table: StatusMapTable,
  row: ListedRow,
  scope: ListScope,
  filters: ListFilters,
): boolean {
  if (!(scope.isAdmin && scope.allTenants) && row.projectId !== scope.projectId) return false;
  if (filters.changesSince !== undefined) {
    if (row.updatedAt < filters.changesSince) return false;
  } else if (row.deleted || row.vmState === 'soft-delete') {
    return false;
  }
  if (filters.status !== undefined) {
    const wanted = statusFilter(table, filters.status);
    if (!wanted.vmStates.includes(row.vmState as never)) return false;
    if (wanted.taskStates !== undefined && !wanted.taskStates.includes(row.taskState as never))
      return false;
  }
  if (filters.name !== undefined && !new RegExp(filters.name).test(row.name)) return false;
  if (filters.flavor !== undefined && row.flavorId !== filters.flavor) return false;
  if (filters.image !== undefined && row.imageRef !== filters.image) return false;
  return true;
}
