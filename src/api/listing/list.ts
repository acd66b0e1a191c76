import type { Server } from '../../compute/server.js';
import { NovaError } from '../../errors/nova-error.js';
import type { NovaCloud } from '../nova-cloud.js';
import {
  type Given,
  isBuildRequest,
  matchesBuildRequest,
  rowPredicate,
  type ServerFilter,
} from './filters.js';
import type { ListPlan } from './plan.js';
import {
  mergeCursors,
  type Narrowing,
  narrowest,
  scopeRows,
  sortedRead,
  sortedWalk,
} from './row-plan.js';
import {
  type Entry,
  keyOf,
  newestEntryFirst,
  SCHEDULING_BUCKET,
  type Scope,
  type ServerIndex,
  serverIndex,
} from './server-index.js';
import type { Cursor, SortedList } from './sorted-list.js';
import {
  buildRequestSort,
  firstAfter,
  instanceSort,
  isNewestFirst,
  type SortSpec,
  sortServers,
} from './sorting.js';

export interface RunOptions {
  /**
   * Ignore the index and filter and sort every server of the cloud: the reference the
   * indexed paths are tested against.
   */
  readonly scan?: boolean;
  /** Told which way the placed servers were read. */
  readonly onPath?: (path: 'index' | 'scan') => void;
  /**
   * Told how many index rows an indexed page read, walked or gathered: what tests judge
   * a plan's cost by, since they may not time it.
   */
  readonly onRead?: (rows: number) => void;
}

const markerNotFound = (marker: string) => NovaError.badRequest(`marker [${marker}] not found`);

/**
 * Runs a list plan as `compute.API.get_all` does: build requests first (sorted among
 * themselves), then the placed servers, one page of `limit` from after the marker.
 *
 * The default order over the plain filters (project, status, default exclusions) walks
 * the cloud's index; anything else filters and sorts the candidates. Both give the same
 * page.
 *
 * @example
 * const page = runListPlan(cloud, plan);
 */
export function runListPlan(cloud: NovaCloud, plan: ListPlan, options: RunOptions = {}): Server[] {
  const { filter, limit, marker } = plan;
  const servers = cloud.compute.servers;
  if (limit === 0) {
    if (marker !== undefined && !servers.has(marker)) throw markerNotFound(marker);
    return [];
  }
  const index = options.scan ? undefined : serverIndex(cloud);
  const scope =
    index && (filter.projectId === undefined ? index.all : index.project(filter.projectId));
  const instanceSpec = instanceSort(plan.sortKeys, plan.sortDirs);
  const sources = scope && instanceSpec ? indexedSources(scope, filter, instanceSpec) : undefined;

  const { page, cellMarker } = buildRequestPage(plan, () =>
    index && scope ? buildRequestCandidates(index, scope, sources) : [...servers.values()],
  );
  let after: Server | undefined;
  if (cellMarker !== undefined) {
    after = servers.get(cellMarker);
    if (after === undefined) throw markerNotFound(cellMarker);
  }
  const remaining = limit - page.length;
  // A sort the database refuses fails the cell's query, and Nova skips the cell.
  if (remaining === 0 || instanceSpec === undefined) return page;
  if (index) {
    const reads: Reads = { count: 0, budget: Number.POSITIVE_INFINITY };
    const rows = indexedPage(index, filter, instanceSpec, sources, after, remaining, reads);
    options.onRead?.(reads.count);
    if (rows) {
      options.onPath?.('index');
      return page.concat(rows);
    }
  }
  options.onPath?.('scan');
  const { candidates, given } = scope
    ? scanCandidates(scope, filter)
    : { candidates: [...servers.values()].filter((s) => !isBuildRequest(s)), given: {} };
  const rows = candidates.filter(rowPredicate(filter, given));
  return page.concat(firstAfter(instanceSpec, rows, after, remaining));
}

/** Up to this many candidates, a narrowing index's rows are read whole and sorted. */
const GATHER_LIMIT = 2048;

/**
 * The index rows a page has read, and how many its walk may read before it gives up.
 * A walk that a trial shows to be long is raced against the narrowing it could read
 * instead: it gives up once it has read as many rows as the narrowing holds, so a page
 * costs at most about twice the cheaper of the two, whatever share of the narrowing a
 * list can show (`terminated_at` narrows to deleted rows, which a default list never
 * shows: a walk of the visible rows read them all).
 */
interface Reads {
  count: number;
  budget: number;
}

/** A walk's page, or undefined when its budget ran out first. */
type Walked = Server[] | undefined;

/**
 * The placed servers of a page from the index, or undefined when only a scan answers:
 * the rows of the narrowest index when they are few; else the state buckets (default
 * order), the newest-first groups of a narrowing filter, or the sort key's lists, walked
 * from the marker with every condition checked on each row until the page is full.
 * A walk longer than a trial is raced against the whole narrowing (`Reads`), which is
 * only counted then: counting a column's runs past the gather limit costs more than
 * most pages (4,096 runs of unique names at 1M).
 */
function indexedPage(
  index: ServerIndex,
  filter: ServerFilter,
  spec: SortSpec,
  sources: readonly SortedList<Entry>[] | undefined,
  after: Server | undefined,
  count: number,
  reads: Reads,
): Server[] | undefined {
  const gathered = (from: Narrowing) => {
    const keep = rowPredicate(filter);
    const rows: Server[] = [];
    for (const entry of from.gather()) {
      reads.count++;
      if (!isBuildRequestEntry(entry) && keep(entry.server)) rows.push(entry.server);
    }
    return firstAfter(spec, rows, after, count);
  };
  // Without the per-column lists (`listColumnIndexes` off) only the state buckets walk.
  const narrow = index.columns ? narrowest(index, filter, GATHER_LIMIT) : undefined;
  if (narrow !== undefined && narrow.estimate <= GATHER_LIMIT) return gathered(narrow);
  const walkFrom = (lists: readonly SortedList<Entry>[] | undefined) =>
    walkedPage(index, filter, spec, sources, lists, after, count, reads);
  reads.budget = GATHER_LIMIT + 4 * count;
  const tried = walkFrom(narrow?.lists);
  if (tried !== undefined) return tried;
  const whole = index.columns ? narrowest(index, filter) : undefined;
  // The trial read more rows than the narrowing holds: a walk again would only cost more.
  if (whole !== undefined && whole.estimate <= reads.count) return gathered(whole);
  reads.budget = whole === undefined ? Number.POSITIVE_INFINITY : reads.count + whole.estimate;
  const walked = walkFrom(whole?.lists);
  if (walked !== undefined) return walked;
  return whole === undefined ? undefined : gathered(whole);
}

/** A page walked from the index's lists in the spec's order, or undefined (`Walked`). */
function walkedPage(
  index: ServerIndex,
  filter: ServerFilter,
  spec: SortSpec,
  sources: readonly SortedList<Entry>[] | undefined,
  groups: readonly SortedList<Entry>[] | undefined,
  after: Server | undefined,
  count: number,
  reads: Reads,
): Walked {
  const key = after === undefined ? undefined : keyOf(after);
  if (sources) {
    const keep = needsRowCheck(filter) ? rowPredicate(filter, LIVE_SCOPED) : undefined;
    return walk(sources, key, count, keep, reads);
  }
  if (groups !== undefined && isNewestFirst(spec)) {
    const cursors = groups.map((list) => (key ? list.cursorAfter(key) : list.cursor()));
    return take(mergeCursors(cursors, newestEntryFirst), count, rowPredicate(filter), reads);
  }
  const read = index.columns ? sortedRead(spec) : undefined;
  if (read === undefined) return undefined;
  const cursor = sortedWalk(scopeRows(index, filter), read, after);
  return take(cursor, count, rowPredicate(filter), reads);
}

/** An entry Nova still holds as a build request (listed apart, before the placed rows). */
const isBuildRequestEntry = (entry: Entry) =>
  entry.membership === SCHEDULING_BUCKET && isBuildRequest(entry.server);

/**
 * The first `count` rows of a walk that `keep` (if any) accepts, build requests left
 * out; undefined when the walk ran out of reads first.
 */
function take(
  cursor: Cursor<Entry>,
  count: number,
  keep: ((server: Server) => boolean) | undefined,
  reads: Reads,
): Walked {
  const out: Server[] = [];
  for (
    let entry = cursor.peek();
    entry !== undefined && out.length < count;
    entry = cursor.peek()
  ) {
    if (reads.count === reads.budget) return undefined;
    reads.count++;
    cursor.advance();
    if (!isBuildRequestEntry(entry) && (keep === undefined || keep(entry.server))) {
      out.push(entry.server);
    }
  }
  return out;
}

/**
 * The build requests of the page (nova/objects/build_request.py `get_by_filters`), and
 * the marker left for the placed servers: none once it was found among the requests.
 */
function buildRequestPage(
  plan: ListPlan,
  candidates: () => readonly Server[],
): { page: Server[]; cellMarker: string | undefined } {
  const { filter, marker, limit } = plan;
  // None is soft-deleted, and none has an address yet for an IP filter to match.
  const deletedOnly = filter.deleted === 'deleted' || filter.deleted === 'deleted-and-soft';
  if (deletedOnly || (filter.ip !== undefined && marker === undefined)) {
    return { page: [], cellMarker: marker };
  }
  const spec = buildRequestSort(plan.sortKeys, plan.sortDirs);
  const requests = sortServers(
    spec,
    candidates().filter((s) => isBuildRequest(s) && matchesBuildRequest(s, filter)),
  );
  if (marker === undefined) return { page: requests.slice(0, limit), cellMarker: undefined };
  const at = requests.findIndex((s) => s.id === marker);
  if (at < 0) return { page: [], cellMarker: marker };
  return { page: requests.slice(at + 1, at + 1 + limit), cellMarker: undefined };
}

/** Every candidate a walk of the index reads is of the scope's project and not deleted. */
const LIVE_SCOPED: Given = { deleted: true, project: true };

/**
 * The index lists a plan reads, or undefined when it needs a scan: the default order over
 * rows not deleted (the index holds no deleted rows). The lists are the state buckets the
 * filter admits; any other condition is checked on each row of the walk, which stops at a
 * full page, so a filter most rows match costs a page, and one few match a walk.
 */
function indexedSources(
  scope: Scope,
  filter: ServerFilter,
  spec: SortSpec,
): SortedList<Entry>[] | undefined {
  if (!isNewestFirst(spec)) return undefined;
  if (filter.deleted !== 'live' && filter.deleted !== 'live-and-soft') return undefined;
  const states = filter.exact.some((e) => e.column === 'vm_state' || e.column === 'task_state');
  if (filter.deleted === 'live' && !states) return [scope.visible];
  return stateBuckets(scope, filter).map((bucket) => bucket.list);
}

/** Whether the filter has conditions beyond the state buckets and the scope. */
function needsRowCheck(filter: ServerFilter): boolean {
  const { tags } = filter;
  if (filter.regex.length > 0 || filter.ip !== undefined) return true;
  if (filter.changesSince !== undefined || filter.changesBefore !== undefined) return true;
  if (tags.all || tags.any || tags.notAll || tags.notAny) return true;
  return filter.exact.some((e) => e.column !== 'vm_state' && e.column !== 'task_state');
}

/**
 * The buckets a row matching the filter can be in: every row not deleted is in one, so
 * under the default exclusions these hold all candidates.
 */
function stateBuckets(scope: Scope, filter: ServerFilter) {
  const valuesOf = (column: string) =>
    filter.exact.filter((e) => e.column === column).map((e) => e.values);
  const vmStates = valuesOf('vm_state');
  const taskStates = valuesOf('task_state');
  return [...scope.buckets.values()].filter(
    (bucket) =>
      !(filter.deleted === 'live' && bucket.vmState === 'soft-delete') &&
      vmStates.every((values) => values.includes(bucket.vmState)) &&
      taskStates.every((values) => bucket.taskState !== null && values.includes(bucket.taskState)),
  );
}

/**
 * Build requests are building/scheduling servers: the scan reads that bucket whole, an
 * indexed plan only when one of its sources holds it.
 */
function buildRequestCandidates(
  index: ServerIndex,
  scope: Scope,
  sources: readonly SortedList<Entry>[] | undefined,
): Server[] {
  const scheduling = index.scheduling(scope);
  if (scheduling === undefined) return [];
  if (sources && !sources.includes(scheduling) && !sources.includes(scope.visible)) return [];
  return [...scheduling].map((entry) => entry.server);
}

/**
 * Merges the sources newest first from after the marker's key, skipping build requests
 * and the rows `keep` refuses (`take` over one merge, without its check for an entry met
 * twice: a row is in one state bucket).
 */
function walk(
  sources: readonly SortedList<Entry>[],
  key: Entry | undefined,
  count: number,
  keep: ((server: Server) => boolean) | undefined,
  reads: Reads,
): Walked {
  const cursors: Cursor<Entry>[] = sources.map((list) =>
    key ? list.cursorAfter(key) : list.cursor(),
  );
  const out: Server[] = [];
  while (out.length < count) {
    let best: Cursor<Entry> | undefined;
    let head: Entry | undefined;
    for (const cursor of cursors) {
      const candidate = cursor.peek();
      if (
        candidate !== undefined &&
        (head === undefined || newestEntryFirst(candidate, head) < 0)
      ) {
        best = cursor;
        head = candidate;
      }
    }
    if (best === undefined || head === undefined) break;
    if (reads.count === reads.budget) return undefined;
    reads.count++;
    best.advance();
    // Only a building/scheduling entry can be a build request; then the host decides.
    if (isBuildRequestEntry(head)) continue;
    if (keep === undefined || keep(head.server)) out.push(head.server);
  }
  return out;
}

/**
 * The rows a scan must read, build requests left out: under the default exclusions the
 * buckets of the wanted states, otherwise every server of the scope.
 */
function scanCandidates(
  scope: Scope,
  filter: ServerFilter,
): { candidates: Server[]; given: Given } {
  const candidates: Server[] = [];
  const add = (entry: Entry) => {
    if (entry.membership !== SCHEDULING_BUCKET || !isBuildRequest(entry.server)) {
      candidates.push(entry.server);
    }
  };
  if (filter.deleted === 'live' || filter.deleted === 'live-and-soft') {
    for (const bucket of stateBuckets(scope, filter)) bucket.list.forEach(add);
    return { candidates, given: { deleted: true, project: true } };
  }
  for (const entry of scope.entries) if (!entry.archived) add(entry);
  return { candidates, given: { project: true } };
}
