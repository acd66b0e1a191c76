// Column blocks: many records of the same few shapes, stored column by column. Each column
// keeps its distinct values once (as JSON text) and, per row, which one it holds, run-length
// coded when values repeat. A million servers share a handful of flavors, states and hosts,
// so most columns shrink to a few numbers, and a checker reads each distinct value once.

/** One column as written: distinct values plus row indexes, or one value per row. */
export type ColumnJSON =
  | { readonly v: readonly unknown[] }
  | { readonly d: readonly unknown[]; readonly r: readonly number[] }
  | { readonly d: readonly unknown[]; readonly i: readonly number[] };

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

class ColumnEncoder {
  private ids: Map<unknown, number> | undefined = new Map();
  private lastObject: object | undefined;
  private lastId = UNSET;
  /** Dictionary mode: the distinct values; plain mode: one value per row. */
  texts: string[] = [];
  readonly rows: Int32Array;

  constructor(size: number) {
    this.rows = new Int32Array(size).fill(UNSET);
  }

  get plain(): boolean {
    return this.ids === undefined;
  }

  add(row: number, value: unknown): void {
    if (this.ids === undefined) {
      this.texts[row] = textOf(value);
      return;
    }
    this.rows[row] = this.idOf(value, this.ids);
    if (this.texts.length > PLAIN_AFTER && this.texts.length * 2 > row + 1) this.toPlain(row);
  }

  private toPlain(upTo: number): void {
    const texts: string[] = new Array(this.rows.length).fill('null');
    for (let row = 0; row <= upTo; row++) {
      const id = this.rows[row]!;
      if (id !== UNSET) texts[row] = this.texts[id]!;
    }
    this.texts = texts;
    this.ids = undefined;
    this.lastObject = undefined;
  }

  private idOf(value: unknown, ids: Map<unknown, number>): number {
    if (typeof value === 'object' && value !== null) {
      // Shared objects (a flavor, a machine state) come in runs: one stringify per run.
      if (value === this.lastObject) return this.lastId;
      const text = textOf(value);
      let id = ids.get(text);
      if (id === undefined) ids.set(text, (id = this.push(text)));
      this.lastObject = value;
      this.lastId = id;
      return id;
    }
    let id = ids.get(value);
    if (id === undefined) ids.set(value, (id = this.push(JSON.stringify(value))));
    return id;
  }

  private push(text: string): number {
    this.texts.push(text);
    return this.texts.length - 1;
  }
}

function textOf(value: unknown): string {
  if (typeof value === 'object' && value !== null) {
    if (Array.isArray(value)) {
      if (value.length === 0) return '[]';
    } else if (isEmpty(value)) {
      return '{}';
    }
  }
  return JSON.stringify(value);
}

function isEmpty(value: object): boolean {
  for (const _ in value) return false;
  return true;
}

/**
 * Encodes records into one detached block: every value is turned into JSON text at once,
 * so later changes to the records do not reach the block.
 *
 * @example
 * const block = encodeBlock([{ a: 1 }, { a: 1 }], (r, k) => r[k as 'a']);
 * blockLine(block); // '{"rows":2,"shapes":[["a"]],"shape":{"d":[0],"r":[0,2]},"columns":{"a":{"d":[1],"r":[0,2]}}}'
 */
export function encodeBlock(
  records: readonly object[],
  readValue: ValueOf,
  extras?: (record: object) => readonly (readonly [string, unknown])[] | undefined,
): EncodedBlock {
  const size = records.length;
  const columns = new Map<string, ColumnEncoder>();
  const shapes: string[][] = [];
  const shapeIds = new Map<string, number>();
  const shapeOf = new Int32Array(size);
  // The previous row's keys and columns: a row of the same shape allocates nothing.
  let keys: string[] = [];
  let cols: ColumnEncoder[] = [];
  let shapeId = -1;
  for (let row = 0; row < size; row++) {
    const record = records[row]!;
    let k = 0;
    let same = true;
    const put = (key: string, value: unknown) => {
      let column: ColumnEncoder | undefined;
      if (same && k < keys.length && keys[k] === key) {
        column = cols[k]!;
      } else {
        if (same) {
          same = false;
          keys = keys.slice(0, k);
          cols = cols.slice(0, k);
        }
        column = columns.get(key);
        if (column === undefined) columns.set(key, (column = new ColumnEncoder(size)));
        keys.push(key);
        cols.push(column);
      }
      column.add(row, value);
      k++;
    };
    for (const key in record) {
      const value = readValue(record, key);
      if (value !== undefined) put(key, value);
    }
    const more = extras?.(record);
    if (more) for (const [key, value] of more) put(key, value);
    if (same && k !== keys.length) {
      same = false;
      keys = keys.slice(0, k);
      cols = cols.slice(0, k);
    }
    if (!same || shapeId < 0) {
      const name = JSON.stringify(keys);
      let id = shapeIds.get(name);
      if (id === undefined) {
        shapes.push(keys);
        shapeIds.set(name, (id = shapes.length - 1));
      }
      shapeId = id;
    }
    shapeOf[row] = shapeId;
  }
  return { size, shapes, shapeOf, columns };
}

/** A block captured from live records, not yet written. */
export interface EncodedBlock {
  readonly size: number;
  readonly shapes: readonly (readonly string[])[];
  readonly shapeOf: Int32Array;
  readonly columns: ReadonlyMap<
    string,
    { readonly texts: string[]; readonly rows: Int32Array; readonly plain: boolean }
  >;
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

function columnText(texts: readonly string[], rows: Int32Array, plain = false): string {
  const dict = `[${texts.join(',')}]`;
  if (plain || texts.length === rows.length) {
    // All distinct: first seen first, so row i holds value i.
    return `{"v":${dict}}`;
  }
  const pairs = runs(rows);
  if (pairs.length < rows.length) return `{"d":${dict},"r":[${pairs.join(',')}]}`;
  return `{"d":${dict},"i":[${rows.join(',')}]}`;
}

/** The block as one line of JSON (no newline). */
export function blockLine(block: EncodedBlock): string {
  const shapeTexts = block.shapes.map((_, i) => String(i));
  let line = `{"rows":${block.size},"shapes":${JSON.stringify(block.shapes)},"shape":${columnText(shapeTexts, block.shapeOf)},"columns":{`;
  let first = true;
  for (const [key, column] of block.columns) {
    line += `${first ? '' : ','}${JSON.stringify(key)}:${columnText(column.texts, column.rows, column.plain)}`;
    first = false;
  }
  return `${line}}}`;
}
