// Column blocks: many records of the same few shapes, stored column by column. Each column
// keeps its distinct values once (as JSON text) and, per row, which one it holds, run-length
// coded when values repeat. A million servers share a handful of flavors, states and hosts,
// so most columns shrink to a few numbers, and a checker reads each distinct value once.

import { type OrdinalOf, plainText, type ServerRefs, sameRows } from './column-kinds.js';
import { sameJSON, textOf } from './json-text.js';

export type { OrdinalOf, ServerRefs };

/** One column as written: distinct values plus row indexes, or one value per row. */
export type ColumnJSON =
  | { readonly v: readonly unknown[] }
  | { readonly d: readonly unknown[]; readonly r: readonly number[] }
  | { readonly d: readonly unknown[]; readonly i: readonly number[] }
  /** Version 2: integers as arithmetic runs `[first, step, count, …]` (row ids, launch indexes). */
  | { readonly a: readonly number[] }
  /** Version 2: row for row the same primitives as an earlier column of the block (hostname, name). */
  | { readonly same: string }
  /**
   * Version 2 (claims): the ids of the servers at these file positions, as arithmetic
   * runs; a position of -1 takes the next of `x` (a consumer that is no server: a move).
   */
  | { readonly s: readonly number[]; readonly x?: readonly unknown[] };

/** One block of records as written on one line. */
export interface BlockJSON {
  readonly rows: number;
  /** Each distinct key list, in the records' own key order. */
  readonly shapes: readonly (readonly string[])[];
  /** Which shape each row has (a column of shape numbers). */
  readonly shape: ColumnJSON;
  readonly columns: Readonly<Record<string, ColumnJSON>>;
}

/** A record's value for a key, as the encoder should store it. */
export type ValueOf = (record: object, key: string) => unknown;

const UNSET = -1;

/** A column whose values are mostly distinct (ids, names) stops keeping a dictionary. */
const PLAIN_AFTER = 64;

/** An object's JSON, taken when it was read (so later changes to it do not reach the block). */
class Frozen {
  constructor(readonly json: string) {}
}

/** What a dictionary keeps beside the text of a distinct object (objects are kept as text). */
const AN_OBJECT = Symbol('object');

class ColumnEncoder {
  private ids: Map<unknown, number> | undefined = new Map();
  private lastValue: unknown;
  private lastId = UNSET;
  /** Dictionary mode: the distinct values' JSON texts. */
  texts: string[] = [];
  /** Beside `texts`: each distinct primitive itself ({@link AN_OBJECT} for an object). */
  private distinct: unknown[] = [];
  /**
   * Plain mode: one value per row, primitives as they are (strings and numbers cannot
   * change) and objects as {@link Frozen} JSON, so a column of ids is one JSON.stringify.
   */
  values: unknown[] | undefined;
  private frozen = false;
  readonly rows: Int32Array;

  constructor(rows: Int32Array) {
    this.rows = rows.fill(UNSET);
  }

  get plain(): boolean {
    return this.ids === undefined;
  }

  add(row: number, value: unknown): void {
    if (this.values !== undefined) {
      this.values[row] = this.keep(value);
      return;
    }
    // Runs of one value (a shared flavor, a machine state, a host) cost one comparison.
    if (value === this.lastValue && this.lastId !== UNSET) {
      this.rows[row] = this.lastId;
      return;
    }
    const ids = this.ids!;
    let id: number | undefined;
    if (typeof value === 'object' && value !== null) {
      // Each server has its own actions and security groups, mostly equal to the previous
      // row's: comparing them is several times cheaper than writing them out.
      if (this.lastId !== UNSET && sameJSON(value, this.lastValue)) {
        this.rows[row] = this.lastId;
        this.lastValue = value;
        return;
      }
      const text = textOf(value);
      id = ids.get(text);
      if (id === undefined) ids.set(text, (id = this.push(text, AN_OBJECT)));
    } else {
      id = ids.get(value);
      if (id === undefined) ids.set(value, (id = this.push(JSON.stringify(value), value)));
    }
    this.rows[row] = id;
    this.lastValue = value;
    this.lastId = id;
    if (this.texts.length > PLAIN_AFTER && this.texts.length * 2 > row + 1) this.toPlain(row);
  }

  private keep(value: unknown): unknown {
    if (typeof value !== 'object' || value === null) return value;
    this.frozen = true;
    return new Frozen(textOf(value));
  }

  private toPlain(upTo: number): void {
    const values: unknown[] = new Array(this.rows.length).fill(null);
    // Rows up to the one just added (still live: kept as the other rows will be). A
    // primitive is kept as itself, so a column of ids or numbers stays one of primitives.
    for (let row = 0; row <= upTo; row++) {
      const id = this.rows[row]!;
      if (id === UNSET) continue;
      const value = this.distinct[id];
      if (value === AN_OBJECT) {
        this.frozen = true;
        values[row] = new Frozen(this.texts[id]!);
      } else {
        values[row] = value;
      }
    }
    this.values = values;
    this.ids = undefined;
    this.texts = [];
    this.distinct = [];
  }

  private push(text: string, value: unknown): number {
    this.texts.push(text);
    this.distinct.push(value);
    return this.texts.length - 1;
  }

  /**
   * The row values of a column of primitives, one per row (what `same` and `a` may stand
   * for): a plain column's, or a dictionary's whose rows are all distinct.
   */
  get primitives(): readonly unknown[] | undefined {
    if (this.values !== undefined) return this.frozen ? undefined : this.values;
    if (this.texts.length !== this.rows.length || this.distinct.includes(AN_OBJECT))
      return undefined;
    return this.distinct;
  }

  /** The column as written (see {@link ColumnJSON}); `ordinalOf` for a claims' consumers. */
  text(ordinalOf?: OrdinalOf): string {
    if (this.values !== undefined) {
      if (!this.frozen) return plainText(this.values, ordinalOf);
      let out = '';
      for (const value of this.values) {
        out += `${out === '' ? '' : ','}${value instanceof Frozen ? value.json : JSON.stringify(value)}`;
      }
      return `{"v":[${out}]}`;
    }
    // All distinct primitives (a small block's ids or row ids): row i holds value i.
    const primitives = this.primitives;
    if (primitives !== undefined) return plainText(primitives, ordinalOf);
    return columnText(this.texts, this.rows);
  }
}

/**
 * Encodes records into one detached block: objects are turned into JSON text at once, and
 * primitives cannot change, so later changes to the records do not reach the block.
 *
 * @example
 * const block = encodeBlock([{ a: 1 }, { a: 1 }], (r, k) => r[k as 'a']);
 * block.line; // '{"rows":2,"shapes":[["a"]],"shape":{"d":[0],"r":[0,2]},"columns":{"a":{"d":[1],"r":[0,2]}}}'
 */
export function encodeBlock(
  records: readonly object[],
  readValue: ValueOf,
  extras?: (record: object) => readonly (readonly [string, unknown])[] | undefined,
  refs?: ServerRefs,
): EncodedBlock {
  const size = records.length;
  const columns = new Map<string, ColumnEncoder>();
  const shapes: string[][] = [];
  const shapeIds = new Map<string, number>();
  const shapeOf = new Int32Array(size);
  // The previous row's keys and columns: a row of the same shape allocates nothing.
  const state: RowState = { keys: [], cols: [], k: 0, same: true, columns, size };
  let shapeId = -1;
  for (let row = 0; row < size; row++) {
    const record = records[row]!;
    state.k = 0;
    state.same = true;
    for (const key in record) {
      const value = readValue(record, key);
      if (value !== undefined) put(state, row, key, value);
    }
    const more = extras?.(record);
    if (more) for (const [key, value] of more) put(state, row, key, value);
    if (state.same && state.k !== state.keys.length) cut(state);
    if (!state.same || shapeId < 0) {
      const name = JSON.stringify(state.keys);
      let id = shapeIds.get(name);
      if (id === undefined) {
        shapes.push(state.keys);
        shapeIds.set(name, (id = shapes.length - 1));
      }
      shapeId = id;
    }
    shapeOf[row] = shapeId;
  }
  return { size, line: blockLine(size, shapes, shapeOf, columns, refs) };
}

/**
 * {@link encodeBlock} for rows that all have the same keys and no undefined value, read
 * by position (`valueAt(row, k)`): the same line, without a record per row. What the
 * claims ledger, a Map of Maps, is saved through.
 *
 * @example
 * const ids = ['a', 'b'];
 * encodeRows(2, ['id'], (row) => ids[row]).line; // as encodeBlock([{ id: 'a' }, { id: 'b' }], …)
 */
export function encodeRows(
  size: number,
  keys: readonly string[],
  valueAt: (row: number, k: number) => unknown,
  refs?: ServerRefs,
): EncodedBlock {
  const columns = new Map<string, ColumnEncoder>();
  const cols = keys.map((key, k) => {
    const column = new ColumnEncoder(scratch(k, size));
    columns.set(key, column);
    return column;
  });
  for (let row = 0; row < size; row++) {
    for (let k = 0; k < cols.length; k++) cols[k]!.add(row, valueAt(row, k));
  }
  const shapes = size === 0 ? [] : [[...keys]];
  return { size, line: blockLine(size, shapes, new Int32Array(size), columns, refs) };
}

/**
 * Row indexes of the block being encoded, one array per column, reused from block to block:
 * a block is written out before the next begins, and a fresh array per column cost more
 * than filling it.
 */
const pool: Int32Array[] = [];

function scratch(column: number, size: number): Int32Array {
  let rows = pool[column];
  if (rows === undefined || rows.length < size) pool[column] = rows = new Int32Array(size);
  return rows.length === size ? rows : rows.subarray(0, size);
}

interface RowState {
  keys: string[];
  cols: ColumnEncoder[];
  /** How many keys of the row were put so far. */
  k: number;
  /** Whether the row's keys so far are the previous row's. */
  same: boolean;
  readonly columns: Map<string, ColumnEncoder>;
  readonly size: number;
}

/** The row's keys differ from the previous row's from `k` on: start a new key list there. */
function cut(state: RowState): void {
  state.same = false;
  state.keys = state.keys.slice(0, state.k);
  state.cols = state.cols.slice(0, state.k);
}

function put(state: RowState, row: number, key: string, value: unknown): void {
  const { k } = state;
  let column: ColumnEncoder | undefined;
  if (state.same && k < state.keys.length && state.keys[k] === key) {
    column = state.cols[k]!;
  } else {
    if (state.same) cut(state);
    column = state.columns.get(key);
    if (column === undefined) {
      column = new ColumnEncoder(scratch(state.columns.size, state.size));
      state.columns.set(key, column);
    }
    state.keys.push(key);
    state.cols.push(column);
  }
  column.add(row, value);
  state.k = k + 1;
}

/** A block captured from live records: its line, detached from them. */
export interface EncodedBlock {
  readonly size: number;
  /** The block as one line of JSON (no newline). */
  readonly line: string;
}

/** Run-length pairs `[value, count, …]`. */
function runs(rows: Int32Array): number[] {
  const out: number[] = [];
  let i = 0;
  while (i < rows.length) {
    const value = rows[i]!;
    let j = i + 1;
    while (j < rows.length && rows[j] === value) j++;
    out.push(value, j - i);
    i = j;
  }
  return out;
}

function columnText(texts: readonly string[], rows: Int32Array): string {
  const dict = `[${texts.join(',')}]`;
  if (texts.length === rows.length) {
    // All distinct: first seen first, so row i holds value i.
    return `{"v":${dict}}`;
  }
  const pairs = runs(rows);
  if (pairs.length < rows.length) return `{"d":${dict},"r":[${pairs.join(',')}]}`;
  return `{"d":${dict},"i":[${rows.join(',')}]}`;
}

function blockLine(
  size: number,
  shapes: readonly (readonly string[])[],
  shapeOf: Int32Array,
  columns: ReadonlyMap<string, ColumnEncoder>,
  refs?: ServerRefs,
): string {
  const shapeTexts = shapes.map((_, i) => String(i));
  let line = `{"rows":${size},"shapes":${JSON.stringify(shapes)},"shape":${columnText(shapeTexts, shapeOf)},"columns":{`;
  let first = true;
  // Columns of primitives written so far: a later one equal row for row names it.
  const written: [string, readonly unknown[]][] = [];
  for (const [key, column] of columns) {
    line += `${first ? '' : ','}${JSON.stringify(key)}:${columnOf(key, column, written, refs)}`;
    first = false;
  }
  return `${line}}}`;
}

function columnOf(
  key: string,
  column: ColumnEncoder,
  written: [string, readonly unknown[]][],
  refs: ServerRefs | undefined,
): string {
  const ordinalOf = refs?.key === key ? refs.ordinalOf : undefined;
  const values = column.primitives;
  if (values === undefined || values.length < SAME_AFTER) return column.text(ordinalOf);
  for (const [other, rows] of written) {
    if (sameRows(values, rows)) return `{"same":${JSON.stringify(other)}}`;
  }
  written.push([key, values]);
  return column.text(ordinalOf);
}

/** Fewer rows than this: a column is written out even if it equals another (by chance). */
const SAME_AFTER = 8;
