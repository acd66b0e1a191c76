import type { Server } from '../../compute/server.js';
import { exactAdmits, MAX_DISTINCT, regexAdmits } from './column-groups.js';
import type { ColumnRun } from './column-list.js';
import { sortValue } from './columns.js';
import { type Entry, keyOf } from './entry.js';
import type { ServerFilter } from './filters.js';
import { compareIn, type WalkKey, type WalkMode, walkKeyList } from './key-walk.js';
import type { Groups, ProjectRows } from './row-index.js';
import type { ServerIndex } from './server-index.js';
import {
  CONSTANT_TEXT,
  GROUPED_COLUMNS,
  groupedColumn,
  SORTED_COLUMNS,
  type SortValue,
  slotOf,
} from './sort-slots.js';
import type { Cursor, SortedList } from './sorted-list.js';
import type { SortSpec } from './sorting.js';

/**
 * Rows a filter few rows match can be taken from: how many there are at most, how to
 * read them, and, for groups, their newest-first lists.
 */
export interface Narrowing {
  readonly estimate: number;
  readonly gather: () => Iterable<Entry>;
  /** Newest-first lists holding every candidate (undefined for the address index). */
  readonly lists?: readonly SortedList<Entry>[];
}

/** The projects' lists the filter's scope covers. */
export function scopeRows(index: ServerIndex, filter: ServerFilter): ProjectRows[] {
  if (filter.projectId !== undefined) {
    const rows = index.rows(filter.projectId);
    return rows ? [rows] : [];
  }
  return index.allRows().map(([, rows]) => rows);
}

const fromLists = (lists: SortedList<Entry>[]): Narrowing => ({
  estimate: lists.reduce((sum, list) => sum + list.size, 0),
  gather: () => lists.flatMap((list) => [...list]),
  lists,
});

/**
 * The smallest set of candidates an index gives for the filter: uuid, host and the
 * grouped columns (exact or regex, tested once per distinct text), tags, fixed addresses
 * under a pattern with a literal start, change times. Undefined when no condition narrows.
 */
export function narrowest(
  index: ServerIndex,
  filter: ServerFilter,
  cap = Number.POSITIVE_INFINITY,
): Narrowing | undefined {
  const rows = scopeRows(index, filter);
  const options: Narrowing[] = [];
  for (const { column, values } of filter.exact) {
    if (column === 'uuid') {
      const entries = values
        .filter((v) => typeof v === 'string' || typeof v === 'number')
        .map((v) => index.entry(String(v)))
        .filter((e): e is Entry => e !== undefined);
      options.push({ estimate: entries.length, gather: () => entries });
    }
  }
  for (const f of filter.exact) {
    if (f.column !== 'host') continue;
    const option = groupNarrowing(rows, 'host', (value) => exactAdmits(f, value));
    if (option) options.push(option);
  }
  for (const f of filter.regex) {
    const grouped = groupedColumn(f.column);
    if (grouped === undefined) continue;
    // A pattern that does not compile matches no row (`rowPredicate`): it admits no value.
    const option = groupNarrowing(rows, grouped, (value) => regexAdmits(f, value));
    if (option) options.push(option);
  }
  options.push(...columnNarrowings(rows, filter, cap));
  const { tags } = filter;
  if (tags.all && tags.all.length > 0) {
    // Every wanted tag: the rarest one's rows hold every candidate.
    const perProject = rows.map((project) => {
      const lists = tags.all!.map((tag) => project.tags.get(tag));
      if (lists.some((list) => list === undefined)) return undefined;
      return (lists as SortedList<Entry>[]).reduce((a, b) => (b.size < a.size ? b : a));
    });
    options.push(fromLists(perProject.filter((l): l is SortedList<Entry> => l !== undefined)));
  }
  if (tags.any) {
    const wanted = tags.any;
    options.push(fromLists(rows.flatMap((project) => tagLists(project.tags, wanted))));
  }
  const ip = addressNarrowing(index, filter);
  if (ip) options.push(ip);
  const changes = changesNarrowing(rows, filter);
  if (changes) options.push(changes);
  return options.reduce<Narrowing | undefined>(
    (best, option) => (best === undefined || option.estimate < best.estimate ? option : best),
    undefined,
  );
}

/**
 * Narrowings from the sorted lists of the filtered columns: the runs of values a
 * condition may hold, each tested once (a column of few distinct values, or mostly NULL,
 * narrows to its matching runs); a constant column matches all rows or none.
 */
function columnNarrowings(
  rows: readonly ProjectRows[],
  filter: ServerFilter,
  cap: number,
): Narrowing[] {
  const out: Narrowing[] = [];
  const conditions: { column: string; admits: (v: SortValue) => boolean; literal?: string }[] = [
    ...filter.regex.map((f) => ({
      column: f.column,
      admits: (v: SortValue) => regexAdmits(f, v),
      ...(f.literal === undefined ? {} : { literal: f.literal }),
    })),
    ...filter.exact.map((f) => ({ column: f.column, admits: (v: SortValue) => exactAdmits(f, v) })),
  ];
  for (const { column, admits, literal } of conditions) {
    if (Object.hasOwn(CONSTANT_TEXT, column)) {
      if (!admits(CONSTANT_TEXT[column]!)) out.push({ estimate: 0, gather: () => [] });
      continue;
    }
    // Grouped columns, uuid and the state buckets have their own ways in.
    if (groupedColumn(column) !== undefined || STATE_COLUMNS.has(column)) continue;
    const slot = slotOf(column);
    if (slot === null || slot === undefined) continue;
    const narrowing = runNarrowing(rows, slot, admits, cap, literal);
    if (narrowing) out.push(narrowing);
  }
  return out;
}

const STATE_COLUMNS = new Set(['vm_state', 'task_state']);

function runNarrowing(
  rows: readonly ProjectRows[],
  slot: number,
  admits: (value: SortValue) => boolean,
  cap: number,
  literal: string | undefined,
): Narrowing | undefined {
  const runs: ColumnRun[] = [];
  let estimate = 0;
  let budget = MAX_DISTINCT;
  for (const project of rows) {
    const column = project.sorted[slot]!;
    if (literal !== undefined && !column.othersMayHold(literal)) {
      // No other value's text holds the literal: only the dominant value's run may match,
      // a check that costs the same at any row count (`name=zz` over unique names).
      const dominant = column.dominantRows(project.byUuid);
      if (dominant === undefined || !admits(dominant.value)) continue;
      runs.push(dominant);
      estimate += dominant.count;
      if (estimate > cap) return undefined;
      continue;
    }
    // Stops as soon as the admitted rows pass the cap: a narrowing that large is not read
    // whole, so the runs after it (thousands for a column of near-unique names) are not
    // worth their binary searches.
    const complete = column.runs(project.byUuid, budget, (run) => {
      budget--;
      if (!admits(run.value)) return true;
      runs.push(run);
      estimate += run.count;
      return estimate <= cap;
    });
    if (!complete) return undefined;
  }
  return { estimate, gather: () => readRuns(runs) };
}

function readRuns(runs: readonly ColumnRun[]): Entry[] {
  const out: Entry[] = [];
  for (const run of runs) run.read(out);
  return out;
}

/**
 * The newest-first groups of the values a condition admits (each value tested once), or
 * undefined when it admits a column's dominant value, which has no group (and holds
 * most rows: no narrowing).
 */
function groupNarrowing(
  rows: readonly ProjectRows[],
  column: (typeof GROUPED_COLUMNS)[number],
  admits: (value: SortValue) => boolean,
): Narrowing | undefined {
  const g = GROUPED_COLUMNS.indexOf(column);
  const slot = slotOf(column)!;
  const lists: SortedList<Entry>[] = [];
  for (const project of rows) {
    const dominant = project.sorted[slot]!.dominantRows(project.byUuid);
    // SQL: NULL matches no condition.
    if (dominant !== undefined && dominant.value !== null && admits(dominant.value)) {
      return undefined;
    }
    for (const [value, list] of project.groups[g]!) {
      if (value !== null && admits(value)) lists.push(list);
    }
  }
  return fromLists(lists);
}

function tagLists(tags: Groups, wanted: readonly string[]): SortedList<Entry>[] {
  return [...new Set(wanted)]
    .map((tag) => tags.get(tag))
    .filter((list): list is SortedList<Entry> => list !== undefined);
}

/** Rows with an address under a literal start; only when every given pattern has one. */
function addressNarrowing(index: ServerIndex, filter: ServerFilter): Narrowing | undefined {
  const { ip } = filter;
  if (ip?.prefixes === undefined) return undefined;
  const { v4, v6 } = ip.prefixes;
  const prefixes = [v4, v6].filter((p): p is string => p !== undefined);
  if (prefixes.length === 0 || prefixes.some((p) => p === '')) return undefined;
  const estimate = prefixes.reduce((sum, p) => sum + index.addresses.countStartingWith(p), 0);
  return {
    estimate,
    gather: () => {
      const out = new Set<Entry>();
      if (v4 !== undefined)
        for (const e of index.addresses.startingWith(v4, ip.v4, undefined)) out.add(e);
      if (v6 !== undefined)
        for (const e of index.addresses.startingWith(v6, undefined, ip.v6)) out.add(e);
      return out;
    },
  };
}

const UPDATED_AT = SORTED_COLUMNS.indexOf('updated_at');

/** Rows whose updated_at lies in the asked window, from the updated_at lists. */
function changesNarrowing(
  rows: readonly ProjectRows[],
  filter: ServerFilter,
): Narrowing | undefined {
  const { changesSince: since, changesBefore: before } = filter;
  if (since === undefined && before === undefined) return undefined;
  const runs: ColumnRun[] = [];
  for (const project of rows) {
    const column = project.sorted[UPDATED_AT]!;
    const valueIn = (e: Entry) => column.valueIn(e) as number;
    const list = column.others;
    const from =
      since === undefined ? { chunk: 0, index: 0 } : list.firstWhere((e) => valueIn(e) >= since);
    const to = before === undefined ? list.end() : list.firstWhere((e) => valueIn(e) > before);
    const rank = list.ranker();
    const count = Math.max(0, rank(to) - rank(from));
    runs.push({
      value: null,
      count,
      read: (out) => list.readRun(from, count, out),
    });
    // The dominant value's rows, when it lies in the window (as the list's bounds read it).
    const dominant = column.dominantRows(project.byUuid);
    if (dominant === undefined) continue;
    const value = dominant.value as number;
    if ((since === undefined || value >= since) && (before === undefined || !(value > before))) {
      runs.push(dominant);
    }
  }
  const estimate = runs.reduce((sum, run) => sum + run.count, 0);
  return { estimate, gather: () => readRuns(runs) };
}

/** How a spec reads a key list: its column's slot (null: the uuid list) and direction. */
interface SortedRead {
  readonly key: string;
  readonly slot: number | null;
  readonly mode: WalkMode;
}

/**
 * Whether a spec is one the key lists answer: a single listed key, then the uuid
 * tie-break (Nova's appended `uuid asc`, or a uuid direction that reverses the whole).
 */
export function sortedRead(spec: SortSpec): SortedRead | undefined {
  const [key, second] = spec.keys;
  const [dir, secondDir] = spec.dirs;
  if (key === undefined) return undefined;
  const slot = slotOf(key);
  if (slot === undefined) return undefined;
  if (key === 'uuid') return { key, slot, mode: dir === 'asc' ? 'asc' : 'reverse' };
  if (second !== 'uuid') return undefined;
  if (secondDir === 'asc') return { key, slot, mode: dir === 'asc' ? 'asc' : 'desc' };
  return dir === 'desc' ? { key, slot, mode: 'reverse' } : undefined;
}

/**
 * The rows of the scope in the spec's order, from after the marker: each project's key
 * list walked, and the projects merged.
 */
export function sortedWalk(
  rows: readonly ProjectRows[],
  read: SortedRead,
  after: Server | undefined,
): Cursor<Entry> {
  const { key, slot, mode } = read;
  // Each project packs its rows for its own dominant values: a row is read by its own.
  const byProject = new Map(rows.map((project) => [project.projectId, project]));
  const only = rows.length === 1 ? rows[0] : undefined;
  const valueIn: (entry: Entry) => SortValue =
    slot !== null
      ? only !== undefined
        ? (entry) => only.sorted[slot]!.valueIn(entry)
        : (entry) => byProject.get(entry.server.projectId)!.sorted[slot]!.valueIn(entry)
      : key === 'project_id'
        ? (entry) => sortValue('project_id', entry.server)
        : () => null;
  const marker: WalkKey | undefined =
    after === undefined
      ? undefined
      : {
          value:
            slot !== null
              ? sortValue(SORTED_COLUMNS[slot]!, after)
              : key === 'project_id'
                ? sortValue('project_id', after)
                : null,
          entry: keyOf(after),
        };
  const cursors = rows.map((project) =>
    slot === null
      ? walkKeyList(project.byUuid, valueIn, mode, marker)
      : project.sorted[slot]!.walk(project.byUuid, mode, marker),
  );
  return mergeCursors(cursors, (a, b) => compareIn(mode, valueIn(a), a, valueIn(b), b));
}

/**
 * Merges cursors each in `compare` order into one, an entry met in several (a row with
 * two wanted tags) given once.
 */
export function mergeCursors(
  cursors: readonly Cursor<Entry>[],
  compare: (a: Entry, b: Entry) => number,
): Cursor<Entry> {
  if (cursors.length === 1) return cursors[0]!;
  let last: Entry | undefined;
  const head = (): Cursor<Entry> | undefined => {
    let best: Cursor<Entry> | undefined;
    let bestEntry: Entry | undefined;
    for (const cursor of cursors) {
      const entry = cursor.peek();
      if (entry !== undefined && (bestEntry === undefined || compare(entry, bestEntry) < 0)) {
        best = cursor;
        bestEntry = entry;
      }
    }
    return best;
  };
  const skipSeen = () => {
    for (let best = head(); best !== undefined && best.peek() === last; best = head())
      best.advance();
  };
  return {
    peek: () => {
      skipSeen();
      return head()?.peek();
    },
    advance: () => {
      skipSeen();
      const best = head();
      last = best?.peek();
      best?.advance();
    },
  };
}
