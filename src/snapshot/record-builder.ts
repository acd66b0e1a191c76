// Builds the records of one block shape with one object literal per row. Writing ~47 keys
// into a fresh object one computed key at a time (megamorphic keyed stores) cost 1.4 s
// per 100k servers; a literal whose keys are known when it is compiled costs ~0.2 s. The
// keys come from the snapshot, so the literal is generated: each key is written as a JSON
// string, and `__proto__` (which a literal would take as the prototype) is refused.
import type { DecodedColumn } from './column-decode.js';
import { copyPlain } from './copy.js';
import { SnapshotError } from './validate.js';

/** Makes row `r`'s record from the columns captured when it was made. */
export type RowBuilder = (row: number) => Record<string, unknown>;

type Factory = (
  values: readonly (readonly unknown[])[],
  indexes: readonly (Int32Array | null)[],
) => RowBuilder;

/** Makes a fresh copy of one shared value. */
type Fresh = () => unknown;

/**
 * Copiers by JSON text. A value that many rows share is copied once per row; a function
 * whose body is the value's JSON as a literal allocates each copy from V8's boilerplate,
 * several times faster than walking the value. JSON is a JS expression, except that a
 * literal takes a `__proto__` key as the prototype: such values are walked instead.
 */
const copiers = new Map<string, Fresh>();
const MAX_COPIERS = 4096;
/** Fewer rows than this share the value: compiling would cost more than it saves. */
const COMPILE_AFTER = 16;
const MAX_LITERAL = 8192;

function copierOf(value: unknown, uses: number): Fresh {
  if (typeof value !== 'object' || value === null) return () => value;
  if (Array.isArray(value) ? value.length === 0 : isEmpty(value)) {
    return Array.isArray(value) ? () => [] : () => ({});
  }
  if (uses < COMPILE_AFTER) return () => copyPlain(value);
  const text = JSON.stringify(value);
  if (text.length > MAX_LITERAL || text.includes('"__proto__"')) return () => copyPlain(value);
  let fresh = copiers.get(text);
  if (fresh === undefined) {
    fresh = new Function(`return ${text};`) as Fresh;
    if (copiers.size >= MAX_COPIERS) copiers.clear();
    copiers.set(text, fresh);
  }
  return fresh;
}

function isEmpty(value: object): boolean {
  for (const _ in value) return false;
  return true;
}

/** Per distinct value of a shared column, a function giving a fresh copy of it. */
function copiersOf(column: DecodedColumn): Fresh[] {
  const { values } = column;
  const index = column.index!;
  const uses = new Int32Array(values.length);
  for (let row = 0; row < index.length; row++) {
    const i = index[row]!;
    if (i >= 0) uses[i]!++;
  }
  return values.map((value, i) => copierOf(value, uses[i]!));
}

/** Primitives need no copy: a column of them (the common case) is read as it is. */
const holdsObjects = (values: readonly unknown[]) =>
  values.some((v) => typeof v === 'object' && v !== null);

/**
 * Compiled factories by source: blocks of the same shape and column modes (the usual case)
 * share one compiled function, so it is optimised once. Bounded, since a snapshot controls
 * the shapes.
 */
const factories = new Map<string, Factory>();
const MAX_FACTORIES = 256;

function factorySource(
  keys: readonly string[],
  columns: readonly DecodedColumn[],
  copy: readonly boolean[],
): string {
  let head = '';
  let body = '';
  keys.forEach((key, k) => {
    if (key === '__proto__') throw new SnapshotError('Invalid snapshot: a shape has __proto__');
    const indexed = columns[k]!.index !== null;
    head += `const v${k} = values[${k}]${indexed ? `, x${k} = indexes[${k}]` : ''};\n`;
    const read = !indexed ? `v${k}[row]` : copy[k] ? `v${k}[x${k}[row]]()` : `v${k}[x${k}[row]]`;
    body += `${JSON.stringify(key)}: ${read},\n`;
  });
  return `${head}return (row) => ({\n${body}});`;
}

/**
 * A builder for the rows of one shape: `keys` in the records' own order, their columns,
 * and whether a value several rows share is copied for each (`copied[k]`; values that are
 * one per row are the row's own already).
 *
 * @example
 * const build = rowBuilder(['a'], [{ values: [1], index: new Int32Array(2) }], [false]);
 * build(1); // { a: 1 }
 */
export function rowBuilder(
  keys: readonly string[],
  columns: readonly DecodedColumn[],
  copied: readonly boolean[],
): RowBuilder {
  const copy = columns.map((c, k) => c.index !== null && copied[k]! && holdsObjects(c.values));
  const source = factorySource(keys, columns, copy);
  let factory = factories.get(source);
  if (factory === undefined) {
    factory = new Function('values', 'indexes', source) as Factory;
    if (factories.size >= MAX_FACTORIES) factories.clear();
    factories.set(source, factory);
  }
  return factory(
    columns.map((c, k) => (copy[k] ? copiersOf(c) : c.values)),
    columns.map((c) => c.index),
  );
}
