import type { Server } from '../../compute/server.js';
import { NovaError } from '../../errors/nova-error.js';
import { sortValue } from './columns.js';

export type SortDir = 'asc' | 'desc';

/** A complete ordering: keys with one direction each. */
export interface SortSpec {
  readonly keys: readonly string[];
  readonly dirs: readonly SortDir[];
}

/**
 * Nova's `process_sort_params` (nova/db/utils.py): checks the directions, gives keys
 * without one the first direction, and appends `created_at` and `id`. Returns the
 * InvalidInput reason instead of a spec when the directions are wrong.
 */
export function processSortParams(
  keys: readonly string[],
  dirs: readonly string[],
  defaultDir: SortDir,
): SortSpec | string {
  const fill = (dirs[0] ?? defaultDir) as SortDir;
  for (const dir of dirs) {
    if (dir !== 'asc' && dir !== 'desc') return "Unknown sort direction, must be 'desc' or 'asc'";
  }
  const outKeys = [...keys];
  const outDirs = [...dirs] as SortDir[];
  while (outDirs.length < outKeys.length) outDirs.push(fill);
  if (outDirs.length > outKeys.length) return 'Sort direction size exceeds sort key size';
  for (const key of ['created_at', 'id']) {
    if (!outKeys.includes(key)) {
      outKeys.push(key);
      outDirs.push(fill);
    }
  }
  return { keys: outKeys, dirs: outDirs };
}

/**
 * How build requests are ordered (nova/objects/build_request.py): the API's keys through
 * `process_sort_params` with default `desc`; bad directions are the request's 400.
 */
export function buildRequestSort(keys: readonly string[], dirs: readonly string[]): SortSpec {
  const spec = processSortParams(keys, dirs, 'desc');
  if (typeof spec === 'string') throw NovaError.badRequest(`Invalid input received: ${spec}`);
  return spec;
}

/**
 * How cell instances are ordered (nova/compute/instance_list.py `InstanceSortContext`):
 * no keys means `created_at, id` descending; `uuid asc` is appended as a tie-breaker
 * (its `asc` lands on the first key lacking a direction, as in Nova); then the database's
 * `process_sort_params`. Undefined when that fails: the cell query errors and Nova skips
 * the cell, listing none of its servers.
 */
export function instanceSort(
  keys: readonly string[],
  dirs: readonly string[],
): SortSpec | undefined {
  let k = keys;
  let d = dirs;
  if (k.length === 0) {
    k = ['created_at', 'id'];
    d = ['desc', 'desc'];
  }
  if (!k.includes('uuid')) {
    k = [...k, 'uuid'];
    d = [...d, 'asc'];
  }
  const spec = processSortParams(k, d, 'desc');
  return typeof spec === 'string' ? undefined : spec;
}

/** Whether the spec is the default list order the index keeps (created_at desc, uuid asc). */
export function isNewestFirst(spec: SortSpec): boolean {
  return (
    spec.keys[0] === 'created_at' &&
    spec.dirs[0] === 'desc' &&
    spec.keys[1] === 'uuid' &&
    spec.dirs[1] === 'asc'
  );
}

type SortKey = readonly (number | string | null)[];

/** The values a spec orders a server by. */
export function sortKeyOf(spec: SortSpec, server: Server): SortKey {
  return spec.keys.map((key) => sortValue(key, server));
}

/** Compares two key tuples: NULL first when ascending (MySQL), numbers before text. */
export function compareKeys(spec: SortSpec, a: SortKey, b: SortKey): number {
  for (let i = 0; i < spec.keys.length; i++) {
    const order = compareValues(a[i] ?? null, b[i] ?? null);
    if (order !== 0) return spec.dirs[i] === 'desc' ? -order : order;
  }
  return 0;
}

/** MySQL's order of two column values: NULL first, numbers before text. */
export function compareValues(a: number | string | null, b: number | string | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  if (typeof a !== typeof b) return typeof a === 'number' ? -1 : 1;
  return a < b ? -1 : 1;
}

/** Sorts servers by a spec, computing each server's key once. */
export function sortServers(spec: SortSpec, servers: readonly Server[]): Server[] {
  const keyed = servers.map((server) => ({ server, key: sortKeyOf(spec, server) }));
  keyed.sort((x, y) => compareKeys(spec, x.key, y.key));
  return keyed.map((entry) => entry.server);
}

/**
 * The first `count` servers by a spec, strictly after the marker when there is one: a
 * bounded heap over the candidates, so a page costs O(n log count), not a full sort.
 */
export function firstAfter(
  spec: SortSpec,
  candidates: Iterable<Server>,
  after: Server | undefined,
  count: number,
): Server[] {
  const markerKey = after === undefined ? undefined : sortKeyOf(spec, after);
  // A max-heap of the best `count` so far: its root is the worst of them.
  const heap: { server: Server; key: SortKey }[] = [];
  const worse = (i: number, j: number) => compareKeys(spec, heap[i]!.key, heap[j]!.key) > 0;
  const swap = (i: number, j: number) => {
    const item = heap[i]!;
    heap[i] = heap[j]!;
    heap[j] = item;
  };
  for (const server of candidates) {
    const key = sortKeyOf(spec, server);
    if (markerKey !== undefined && compareKeys(spec, key, markerKey) <= 0) continue;
    if (heap.length < count) {
      heap.push({ server, key });
      for (let i = heap.length - 1; i > 0 && worse(i, (i - 1) >> 1); i = (i - 1) >> 1) {
        swap(i, (i - 1) >> 1);
      }
    } else if (count > 0 && compareKeys(spec, key, heap[0]!.key) < 0) {
      heap[0] = { server, key };
      for (let i = 0; ; ) {
        const left = 2 * i + 1;
        const right = left + 1;
        let top = i;
        if (left < heap.length && worse(left, top)) top = left;
        if (right < heap.length && worse(right, top)) top = right;
        if (top === i) break;
        swap(i, top);
        i = top;
      }
    }
  }
  heap.sort((x, y) => compareKeys(spec, x.key, y.key));
  return heap.map((entry) => entry.server);
}
