// The column kinds of line format version 2 that stand for a plain column of primitives:
// arithmetic runs of integers (`a`) and server ids by position (`s`, claims only). The
// third, `same`, needs the block's other columns and is chosen in columns.ts.

/** Where a claim's consumer is among the servers saved (its position), or -1. */
export type OrdinalOf = (id: unknown) => number;

/** A column whose values are server ids, and where each is among the servers saved. */
export interface ServerRefs {
  readonly key: string;
  readonly ordinalOf: OrdinalOf;
}

/**
 * A plain column of primitives: arithmetic runs when its values are integers that mostly
 * step evenly (row ids, launch indexes), server positions when they are the ids of the
 * servers saved (a claims' consumers), else one JSON value per row.
 *
 * @example
 * plainText([1, 2, 3, 4], undefined); // '{"a":[1,1,4]}'
 */
export function plainText(values: readonly unknown[], ordinalOf: OrdinalOf | undefined): string {
  if (ordinalOf !== undefined) {
    // A consumer that is no server saved (a move in flight) is -1, its id listed apart.
    const ordinals = new Array<number>(values.length);
    const others: unknown[] = [];
    for (let row = 0; row < values.length; row++) {
      const at = ordinalOf(values[row]);
      ordinals[row] = at;
      if (at < 0) others.push(values[row]);
    }
    const steps = others.length * 2 < values.length ? arithmeticRuns(ordinals) : undefined;
    if (steps !== undefined) {
      const apart = others.length === 0 ? '' : `,"x":${JSON.stringify(others)}`;
      return `{"s":[${steps.join(',')}]${apart}}`;
    }
  }
  if (values.every(Number.isSafeInteger)) {
    const steps = arithmeticRuns(values as readonly number[]);
    if (steps !== undefined) return `{"a":[${steps.join(',')}]}`;
  }
  return `{"v":${JSON.stringify(values)}}`;
}

/** Runs `[first, step, count, …]`, or undefined when they would not be shorter than the values. */
function arithmeticRuns(values: readonly number[]): number[] | undefined {
  const out: number[] = [];
  let i = 0;
  while (i < values.length) {
    const first = values[i]!;
    // -0 is written as 0 by JSON and by a run alike.
    const step = i + 1 < values.length ? values[i + 1]! - first : 0;
    let j = i + 1;
    while (j < values.length && values[j]! - values[j - 1]! === step) j++;
    out.push(first, step, j - i);
    if (out.length >= values.length) return undefined;
    i = j;
  }
  return out;
}

/**
 * Whether two columns hold the same primitives row for row.
 *
 * @example
 * sameRows(['a', 'b'], ['a', 'b']); // true
 */
export function sameRows(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
