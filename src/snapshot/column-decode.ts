import type { ServerIdAt } from './server-ordinals.js';
import { SnapshotError } from './validate.js';

/** One column read back: distinct values and, per row, which one (null: row i holds value i). */
export interface DecodedColumn {
  readonly values: readonly unknown[];
  readonly index: Int32Array | null;
  /** Whether some row's index is -1 (no value: the key is not in that row's shape). */
  readonly gaps?: boolean;
  /**
   * A column of server positions (`s`): the ids its rows list apart (`x`), which name no
   * server read; every other row's id is a server's, found by its position.
   */
  readonly apart?: readonly unknown[];
}

/** A block line parsed and checked for structure (not yet for what its values mean). */
export interface DecodedBlock {
  readonly rows: number;
  readonly shapes: readonly (readonly string[])[];
  readonly shapeOf: Int32Array;
  readonly columns: ReadonlyMap<string, DecodedColumn>;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isIndex = (value: unknown): value is number =>
  Number.isInteger(value) && (value as number) >= -1;

/** What a column of version 2 may refer to: the block's columns so far, the servers read. */
interface Context {
  readonly earlier: ReadonlyMap<string, DecodedColumn>;
  readonly serverIdAt: ServerIdAt | undefined;
}

function column(json: unknown, rows: number, at: string, context?: Context): DecodedColumn {
  const fail = (what: string) => new SnapshotError(`Invalid snapshot: ${at} ${what}`);
  if (!isObject(json)) throw fail('is not a column object');
  if (context !== undefined) {
    if (Array.isArray(json.a)) return { values: arithmetic(json.a, rows, fail), index: null };
    if ('same' in json) return sameAs(json.same, context.earlier, fail);
    if (Array.isArray(json.s)) {
      const values = serverIds(json.s, json.x, rows, context.serverIdAt, fail);
      return { values, index: null, apart: (json.x as unknown[] | undefined) ?? [] };
    }
  }
  if (Array.isArray(json.v)) {
    if (json.v.length !== rows)
      throw fail(`has ${json.v.length} values for ${rows} rows (truncated or padded)`);
    return { values: json.v, index: null };
  }
  if (!Array.isArray(json.d)) throw fail("has neither 'v' nor 'd'");
  const values = json.d;
  const index = new Int32Array(rows);
  let gaps = false;
  if (Array.isArray(json.r)) {
    const pairs = json.r;
    if (pairs.length % 2 !== 0) throw fail('has an odd run list');
    let row = 0;
    for (let p = 0; p < pairs.length; p += 2) {
      const value = pairs[p];
      const count = pairs[p + 1];
      if (!isIndex(value) || !Number.isInteger(count) || (count as number) < 1)
        throw fail(`has a bad run at ${p}`);
      if (row + (count as number) > rows) throw fail(`runs past its ${rows} rows`);
      if (value >= values.length) throw fail(`row ${row} points past its ${values.length} values`);
      if (value === -1) gaps = true;
      index.fill(value, row, row + (count as number));
      row += count as number;
    }
    if (row !== rows) throw fail(`runs cover ${row} of ${rows} rows (truncated)`);
  } else if (Array.isArray(json.i)) {
    if (json.i.length !== rows) throw fail(`has ${json.i.length} indexes for ${rows} rows`);
    for (let row = 0; row < rows; row++) {
      const value = json.i[row];
      if (!isIndex(value)) throw fail(`has a bad index at row ${row}`);
      if (value >= values.length) throw fail(`row ${row} points past its ${values.length} values`);
      if (value === -1) gaps = true;
      index[row] = value;
    }
  } else {
    throw fail("has values 'd' but no rows 'r' or 'i'");
  }
  return { values, index, gaps };
}

/** Values from arithmetic runs `[first, step, count, …]` of integers covering `rows`. */
function arithmetic(
  runs: unknown[],
  rows: number,
  fail: (what: string) => SnapshotError,
): number[] {
  if (runs.length % 3 !== 0) throw fail('has runs that are not triples');
  const values = new Array<number>(rows);
  let row = 0;
  for (let r = 0; r < runs.length; r += 3) {
    const first = runs[r];
    const step = runs[r + 1];
    const count = runs[r + 2];
    if (!Number.isSafeInteger(first) || !Number.isSafeInteger(step))
      throw fail(`has a bad run at ${r}`);
    if (!Number.isInteger(count) || (count as number) < 1) throw fail(`has a bad run at ${r}`);
    if (row + (count as number) > rows) throw fail(`runs past its ${rows} rows`);
    const last = (first as number) + (step as number) * ((count as number) - 1);
    if (!Number.isSafeInteger(last)) throw fail(`has a run at ${r} past the safe integers`);
    for (let j = 0; j < (count as number); j++)
      values[row++] = (first as number) + (step as number) * j;
  }
  if (row !== rows) throw fail(`runs cover ${row} of ${rows} rows (truncated)`);
  return values;
}

/** Server ids by position (claims' consumers), with the ids of `x` where the position is -1. */
function serverIds(
  runs: unknown[],
  apart: unknown,
  rows: number,
  serverIdAt: ServerIdAt | undefined,
  fail: (what: string) => SnapshotError,
): unknown[] {
  if (serverIdAt === undefined) throw fail('refers to servers, which only claims may');
  if (apart !== undefined && !Array.isArray(apart)) throw fail("has an 'x' that is not a list");
  const ordinals = arithmetic(runs, rows, fail);
  const ids = new Array<unknown>(rows);
  let next = 0;
  for (let row = 0; row < rows; row++) {
    const at = ordinals[row]!;
    if (at === -1) {
      if (apart === undefined || next >= apart.length) throw fail(`row ${row} has no id in 'x'`);
      ids[row] = apart[next++];
      continue;
    }
    const id = serverIdAt(at);
    if (id === undefined)
      throw fail(
        `row ${row} is a claim of server ${at}, which is not in the snapshot (usage does not add up)`,
      );
    ids[row] = id;
  }
  if (apart !== undefined && next !== apart.length) throw fail(`has ids in 'x' that no row takes`);
  return ids;
}

/** Another column's values, which must come before and hold primitives only. */
function sameAs(
  key: unknown,
  earlier: ReadonlyMap<string, DecodedColumn>,
  fail: (what: string) => SnapshotError,
): DecodedColumn {
  const other = typeof key === 'string' ? earlier.get(key) : undefined;
  if (other === undefined)
    throw fail(`is the same as ${JSON.stringify(key)}, which is no column before it`);
  // Two keys of one record must not share an object: only primitives are shared.
  if (other.index !== null || other.values.some((v) => typeof v === 'object' && v !== null))
    throw fail(`is the same as ${key}, which is not a plain column of primitives`);
  return other;
}

/**
 * Checks one block's structure: row count, shapes of string keys, and columns whose indexes
 * stay inside their values. Throws a {@link SnapshotError} naming the block and column.
 *
 * @example
 * decodeBlock(JSON.parse(line), 'block 3', 2);
 */
export function decodeBlock(
  json: unknown,
  at: string,
  version: number,
  serverIdAt?: ServerIdAt,
): DecodedBlock {
  const fail = (what: string) => new SnapshotError(`Invalid snapshot: ${at} ${what}`);
  if (!isObject(json)) throw fail('is not an object');
  const rows = json.rows;
  if (!Number.isInteger(rows) || (rows as number) < 1) throw fail("has no row count 'rows'");
  if (!Array.isArray(json.shapes) || json.shapes.length === 0) throw fail("has no 'shapes'");
  const shapes = json.shapes.map((keys, i) => {
    if (!Array.isArray(keys) || !keys.every((k) => typeof k === 'string'))
      throw fail(`shape ${i} is not a list of keys`);
    if (keys.includes('__proto__')) throw fail(`shape ${i} has the key __proto__`);
    if (new Set(keys).size !== keys.length) throw fail(`shape ${i} repeats a key`);
    return keys as string[];
  });
  const shape = column(json.shape, rows as number, `${at} shape column`);
  const shapeOf = new Int32Array(rows as number);
  for (let row = 0; row < (rows as number); row++) {
    const id = shape.index === null ? shape.values[row] : shape.values[shape.index[row]!];
    if (!Number.isInteger(id) || (id as number) < 0 || (id as number) >= shapes.length)
      throw fail(`row ${row} has no shape`);
    shapeOf[row] = id as number;
  }
  if (!isObject(json.columns)) throw fail("has no 'columns'");
  const columns = new Map<string, DecodedColumn>();
  // Version 1 has none of the column kinds that refer to something else.
  const context = version >= 2 ? { earlier: columns, serverIdAt } : undefined;
  for (const key of Object.keys(json.columns)) {
    columns.set(key, column(json.columns[key], rows as number, `${at} column ${key}`, context));
  }
  shapes.forEach((keys, i) => {
    for (const key of keys)
      if (!columns.has(key)) throw fail(`shape ${i} names column ${key}, which is missing`);
  });
  // A row whose shape has a key must point at a value of that column. Only columns with a
  // -1 somewhere (rows of a shape without the key) need a look per row: reading every
  // indexed column of every row cost ~28 ms per 100k servers, in blocks that had none.
  const gapped = shapes.map((keys) =>
    keys.flatMap((key) => {
      const { index, gaps } = columns.get(key)!;
      return index === null || !gaps ? [] : [[key, index] as const];
    }),
  );
  if (gapped.some((list) => list.length > 0)) {
    for (let row = 0; row < (rows as number); row++) {
      for (const [key, index] of gapped[shapeOf[row]!]!) {
        if (index[row]! < 0) throw fail(`row ${row} has no value in column ${key}`);
      }
    }
  }
  return { rows: rows as number, shapes, shapeOf, columns };
}
