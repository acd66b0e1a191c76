import { SnapshotError } from './validate.js';

/** One column read back: distinct values and, per row, which one (null: row i holds value i). */
export interface DecodedColumn {
  readonly values: readonly unknown[];
  readonly index: Int32Array | null;
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

function column(json: unknown, rows: number, at: string): DecodedColumn {
  const fail = (what: string) => new SnapshotError(`Invalid snapshot: ${at} ${what}`);
  if (!isObject(json)) throw fail('is not a column object');
  if (Array.isArray(json.v)) {
    if (json.v.length !== rows)
      throw fail(`has ${json.v.length} values for ${rows} rows (truncated or padded)`);
    return { values: json.v, index: null };
  }
  if (!Array.isArray(json.d)) throw fail("has neither 'v' nor 'd'");
  const values = json.d;
  const index = new Int32Array(rows);
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
      index[row] = value;
    }
  } else {
    throw fail("has values 'd' but no rows 'r' or 'i'");
  }
  return { values, index };
}

/**
 * Checks one block's structure: row count, shapes of string keys, and columns whose indexes
 * stay inside their values. Throws a {@link SnapshotError} naming the block and column.
 *
 * @example
 * decodeBlock(JSON.parse(line), 'block 3');
 */
export function decodeBlock(json: unknown, at: string): DecodedBlock {
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
  for (const key of Object.keys(json.columns)) {
    columns.set(key, column(json.columns[key], rows as number, `${at} column ${key}`));
  }
  shapes.forEach((keys, i) => {
    for (const key of keys)
      if (!columns.has(key)) throw fail(`shape ${i} names column ${key}, which is missing`);
  });
  // A row whose shape has a key must point at a value of that column (looked up per shape,
  // not per row: 47 keys by 100k rows is millions of Map reads).
  const indexed = shapes.map((keys) =>
    keys.flatMap((key) => {
      const index = columns.get(key)!.index;
      return index === null ? [] : [[key, index] as const];
    }),
  );
  for (let row = 0; row < (rows as number); row++) {
    for (const [key, index] of indexed[shapeOf[row]!]!) {
      if (index[row]! < 0) throw fail(`row ${row} has no value in column ${key}`);
    }
  }
  return { rows: rows as number, shapes, shapeOf, columns };
}
