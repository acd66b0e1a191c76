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
  const n = items.length;
  const idOf = new Map<SortValue, number>();
  const distinct: SortValue[] = [];
  const ids = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const value = values[i]!;
    let id = idOf.get(value);
    if (id === undefined) {
      id = distinct.length;
      idOf.set(value, id);
      distinct.push(value);
    }
    ids[i] = id;
  }
  const starts = new Int32Array(distinct.length);
  for (let i = 0; i < n; i++) starts[ids[i]!]!++;
  const ranked = Array.from(distinct.keys());
  ranked.sort((a, b) => compareValues(distinct[a]!, distinct[b]!));
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
