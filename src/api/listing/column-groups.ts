import { COLUMNS, mysqlDatetime } from './columns.js';
import type { Entry } from './entry.js';
import type { ExactFilter, RegexFilter } from './filters.js';
import type { SortValue } from './sort-slots.js';
import type { Position, SortedList } from './sorted-list.js';
import { compareValues } from './sorting.js';

/** The runs of equal values of a sorted list read per query at most: beyond, no narrowing. */
export const MAX_DISTINCT = 4096;

/** One run of equal values in a sorted list. */
export interface Run {
  readonly value: SortValue;
  readonly from: Position;
  readonly to: Position;
}

/**
 * Visits the runs of equal values of a list kept by (value, uuid), in order, until
 * `visit` returns false: a binary search per run, so a column of few distinct values
 * (states, flavors, a shared name) costs a few steps. False when it stopped early or
 * there were more than `max` runs.
 */
export function eachRun(
  list: SortedList<Entry>,
  valueIn: (entry: Entry) => SortValue,
  max: number,
  visit: (run: Run) => boolean,
): boolean {
  let from: Position = { chunk: 0, index: 0 };
  let seen = 0;
  for (let item = list.at(from); item !== undefined; item = list.at(from)) {
    if (seen === max) return false;
    seen++;
    const value = valueIn(item);
    const to = list.firstWhere((e) => compareValues(valueIn(e), value) > 0);
    if (!visit({ value, from, to })) return false;
    from = to;
  }
  return true;
}

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 127) return false;
  return true;
}

/**
 * The column's text for a sorted value, as the filters read it; undefined where the
 * sorted value (lower-cased) cannot stand for every text it groups (non-ASCII case).
 */
function textOf(column: string, value: SortValue): string | null | undefined {
  if (value === null) return null;
  const kind = COLUMNS[column]?.kind;
  if (kind === 'datetime') return mysqlDatetime(value as number);
  if (kind === 'bool') return value ? '1' : '0';
  if (typeof value === 'string' && !isAscii(value)) return undefined;
  return String(value);
}

/**
 * Whether a run of the column may hold rows the regex matches: it is tested once on the
 * run's text (MySQL's REGEXP here is case-insensitive, so the lower-cased text answers
 * for ASCII); NULL matches nothing.
 */
export function regexAdmits(filter: RegexFilter, value: SortValue): boolean {
  const text = textOf(filter.column, value);
  if (text === undefined) return true;
  return text !== null && filter.database?.test(text) === true;
}

/** Whether a run may hold rows `column IN values` keeps (case aside: the row check decides). */
export function exactAdmits(filter: ExactFilter, value: SortValue): boolean {
  const text = textOf(filter.column, value);
  if (text === undefined) return true;
  if (text === null) return false;
  if (COLUMNS[filter.column]?.kind === 'bool') {
    return filter.values.some((w) => typeof w === 'boolean' && (w ? '1' : '0') === text);
  }
  const lower = text.toLowerCase();
  return filter.values.some(
    (w) => typeof w !== 'boolean' && w !== null && String(w).toLowerCase() === lower,
  );
}
