import type { Server } from '../../compute/server.js';
import { byUuid, type Entry } from './entry.js';
import { SORTED_COLUMNS, type SortValue, slotValue } from './sort-slots.js';
import { compareValues } from './sorting.js';

// The helpers a restore fills a project's column lists with (`ProjectRows.fill`): every
// list comes out of one pass over the rows and a counting sort, with no comparison of
// rows. A restore of 100k servers spent ~1.5 s in a Map of arrays per column read through
// the rows' packed values (a cache miss per row per column) and comparison sorts.

/**
 * Every sorted column's value of every row, column by column (`values[slot][row]`): one
 * read of each server, and arrays the restore's later passes read in order.
 *
 * @example
 * const values = columnValues([server]);
 * values[slotOf('host')!]![0]; // the server's host, lower-cased
 */
export function columnValues(servers: readonly Server[]): SortValue[][] {
  const n = servers.length;
  const columns: SortValue[][] = SORTED_COLUMNS.map(() => new Array<SortValue>(n));
  for (let row = 0; row < n; row++) {
    const server = servers[row]!;
    for (let slot = 0; slot < columns.length; slot++) {
      columns[slot]![row] = slotValue(slot, server);
    }
  }
  return columns;
}

/**
 * The rows' positions in uuid order (`byUuid`). The 28-bit uuid prefixes and positions
 * are sorted as one number each in a typed array (a native numeric sort, no comparator);
 * the few rows that share a prefix are then sorted by their whole id.
 *
 * @example
 * const order = uuidOrder(entries); // entries[order[0]] has the smallest uuid
 */
export function uuidOrder(entries: readonly Entry[]): Int32Array {
  const n = entries.length;
  const order = new Int32Array(n);
  // prefix * n + row must stay an exact integer (prefix < 2^28).
  if (n >= 2 ** 25) {
    const rows = Array.from({ length: n }, (_, row) => row);
    rows.sort((a, b) => byUuid(entries[a]!, entries[b]!));
    order.set(rows);
    return order;
  }
  const keys = new Float64Array(n);
  for (let row = 0; row < n; row++) keys[row] = entries[row]!.prefix * n + row;
  keys.sort();
  for (let i = 0; i < n; i++) order[i] = keys[i]! % n;
  for (let i = 0; i < n; ) {
    const prefix = entries[order[i]!]!.prefix;
    let end = i + 1;
    while (end < n && entries[order[end]!]!.prefix === prefix) end++;
    if (end - i > 1) {
      const tied = Array.from(order.subarray(i, end));
      tied.sort((a, b) => byUuid(entries[a]!, entries[b]!));
      order.set(tied, i);
    }
    i = end;
  }
  return order;
}

/** Each row's value as a small integer (an index into `distinct`), for a counting sort. */
interface ValueIds {
  readonly ids: Int32Array;
  readonly distinct: readonly SortValue[];
}

/**
 * The values' ids, in the order given. A row holding the value of the row before it (a
 * multi-create's times, read in the rows' own order) takes its id without a Map read.
 */
function valueIds(values: readonly SortValue[]): ValueIds {
  const n = values.length;
  const idOf = new Map<SortValue, number>();
  const distinct: SortValue[] = [];
  const ids = new Int32Array(n);
  let last: SortValue = null;
  let lastId = -1;
  for (let i = 0; i < n; i++) {
    const value = values[i]!;
    if (value === last && lastId >= 0) {
      ids[i] = lastId;
      continue;
    }
    let id = idOf.get(value);
    if (id === undefined) {
      id = distinct.length;
      idOf.set(value, id);
      distinct.push(value);
    }
    ids[i] = lastId = id;
    last = value;
  }
  return { ids, distinct };
}

/**
 * `items` stably sorted by their values' ids (`ids[k]` is item k's): a counting sort over
 * the distinct values, ranked by `compareValues` (or its reverse), compared once each.
 */
function countingSort<T>(
  items: readonly T[],
  ids: Int32Array,
  distinct: readonly SortValue[],
  descending: boolean,
): T[] {
  const n = items.length;
  const starts = new Int32Array(distinct.length);
  for (let i = 0; i < n; i++) starts[ids[i]!]!++;
  const ranked = Array.from(distinct.keys());
  if (descending) ranked.sort((a, b) => compareValues(distinct[b]!, distinct[a]!));
  else ranked.sort((a, b) => compareValues(distinct[a]!, distinct[b]!));
  let at = 0;
  for (const id of ranked) {
    const count = starts[id]!;
    starts[id] = at;
    at += count;
  }
  const out = new Array<T>(n);
  for (let i = 0; i < n; i++) out[starts[ids[i]!]!++] = items[i]!;
  return out;
}

/**
 * `items` stably sorted by `values` (parallel to them) in `compareValues` order: a
 * counting sort over the distinct values, so equal values keep the items' order (a
 * column's rows taken in uuid order come out by (value, uuid)). One Map read per item,
 * and a comparison sort of the distinct values only.
 *
 * @example
 * orderByValue(['a', 'b', 'c'], [2, 1, 2]); // ['b', 'a', 'c']
 */
export function orderByValue<T>(items: readonly T[], values: readonly SortValue[]): T[] {
  const { ids, distinct } = valueIds(values);
  return countingSort(items, ids, distinct, false);
}

/**
 * A fill's column sorts: rows taken in one order (`order`, the uuid order of a project's
 * rows), sorted by values given in the rows' own order. Reading the values in the rows'
 * order finds a multi-create's runs of one time without a Map read, and a column that
 * holds the previous one's values row for row (a server's name, description and hostname
 * are often the same text) reuses its ids: at 100k servers the Map reads were ~55 ms of a
 * restore.
 *
 * @example
 * const sorter = new FillSorter(Int32Array.of(1, 0)); // row 1 first, then row 0
 * sorter.byValue(['row 1', 'row 0'], [3, 5]); // ['row 0', 'row 1']: row 0 holds 3
 */
export class FillSorter {
  private lastValues: readonly SortValue[] | undefined;
  private lastIds: ValueIds | undefined;

  constructor(private readonly order: Int32Array) {}

  /**
   * `items` (item k is row `order[k]`) stably sorted by the rows' `values` (value i is
   * row i's), in `compareValues` order, or its reverse when `descending`.
   */
  byValue<T>(items: readonly T[], values: readonly SortValue[], descending = false): T[] {
    const { order } = this;
    const { ids, distinct } = this.idsOf(values);
    const itemIds = new Int32Array(order.length);
    for (let k = 0; k < order.length; k++) itemIds[k] = ids[order[k]!]!;
    return countingSort(items, itemIds, distinct, descending);
  }

  private idsOf(values: readonly SortValue[]): ValueIds {
    const last = this.lastValues;
    if (last !== undefined && sameValues(last, values)) return this.lastIds!;
    this.lastValues = values;
    this.lastIds = valueIds(values);
    return this.lastIds;
  }
}

function sameValues(a: readonly SortValue[], b: readonly SortValue[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * `items` at the positions `order` lists, in that order (a loop: `Array.from` with a
 * mapping function over a typed array cost ~5× more at 100k rows).
 *
 * @example
 * pick(['a', 'b', 'c'], Int32Array.of(2, 0)); // ['c', 'a']
 */
export function pick<T>(items: readonly T[], order: Int32Array): T[] {
  const out = new Array<T>(order.length);
  for (let k = 0; k < order.length; k++) out[k] = items[order[k]!]!;
  return out;
}
