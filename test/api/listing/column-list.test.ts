import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ColumnList } from '../../../src/api/listing/column-list.js';
import { byUuid, type Entry, keyOf } from '../../../src/api/listing/entry.js';
import { compareIn, type WalkMode } from '../../../src/api/listing/key-walk.js';
import { pack, storedValue } from '../../../src/api/listing/row-values.js';
import type { SortValue } from '../../../src/api/listing/sort-slots.js';
import { type Cursor, SortedList } from '../../../src/api/listing/sorted-list.js';
import { compareValues } from '../../../src/api/listing/sorting.js';
import type { Server } from '../../../src/compute/server.js';

// Decision 0012, amendment 4: a column keeps no entry for the rows of its dominant value.
// Walks and runs must read as if every row were in one (value, uuid) list, while the
// dominant value comes, goes and changes under writes.

/** Each row's value, as the test set it. */
const truth = new WeakMap<Entry, SortValue>();
const valueIn = (e: Entry) => truth.get(e) ?? null;
// The list's order reads the packed value, as `ProjectRows` does.
const compare = (a: Entry, b: Entry) =>
  compareValues(storedValue(a.values, 0), storedValue(b.values, 0)) || byUuid(a, b);

function entry(id: string, value: SortValue): Entry {
  const e = keyOf({ id, createdAt: 0 } as Server);
  truth.set(e, value);
  return e;
}

function drain(cursor: Cursor<Entry>): string[] {
  const out: string[] = [];
  for (let e = cursor.peek(); e !== undefined; e = cursor.peek()) {
    out.push(e.id);
    cursor.advance();
  }
  return out;
}

/** The rows of one project as `ProjectRows` keeps them: a uuid list and one column. */
class Rows {
  readonly all = new SortedList<Entry>(byUuid);
  readonly column = new ColumnList(0, compare);
  readonly dominants = new Set<string>();

  private pack(e: Entry): void {
    e.values = pack([valueIn(e)], (_, value) => !this.column.isDominant(value));
  }

  add(batch: Entry[]): void {
    for (const e of batch) this.pack(e);
    this.all.insertMany([...batch]);
    this.column.insertMany(batch);
    this.settle();
  }

  set(batch: Entry[], value: SortValue): void {
    const moved = batch.filter((e) => valueIn(e) !== value);
    this.column.removeMany(moved);
    for (const e of moved) {
      truth.set(e, value);
      this.pack(e);
    }
    this.column.insertMany(moved);
    this.settle();
  }

  drop(e: Entry): void {
    this.column.remove(e);
    this.all.remove(e);
    this.settle();
  }

  private settle(): void {
    this.column.rebalance(this.all, this.all.size);
    // Every row reads back its own value through the packing.
    this.all.forEach((e) => {
      expect(this.column.valueIn(e)).toBe(valueIn(e));
    });
    const dominant = this.column.dominant;
    if (dominant) this.dominants.add(JSON.stringify(dominant.value));
  }
}

const value = fc.oneof(fc.constant(null), fc.nat(3), fc.constantFrom('a', 'b'));
const hexId = fc
  .array(fc.constantFrom(...'0123456789abcdef'), { minLength: 8, maxLength: 8 })
  .map((chars) => `${chars.join('')}-0000`);

type Op =
  | { kind: 'add'; ids: string[]; value: SortValue }
  | { kind: 'set'; at: number; n: number; value: SortValue }
  | { kind: 'drop'; at: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    kind: fc.constant('add' as const),
    ids: fc.array(hexId, { minLength: 1, maxLength: 40 }),
    value,
  }),
  fc.record({
    kind: fc.constant('set' as const),
    at: fc.nat(),
    n: fc.integer({ min: 1, max: 30 }),
    value,
  }),
  fc.record({ kind: fc.constant('drop' as const), at: fc.nat() }),
);

function apply(rows: Rows, live: Entry[], ids: Set<string>, o: Op): void {
  if (o.kind === 'add') {
    const batch = o.ids.filter((id) => !ids.has(id)).map((id) => entry(id, o.value));
    for (const e of batch) ids.add(e.id);
    // A batch with two copies of one id files it once.
    const unique = [...new Map(batch.map((e) => [e.id, e])).values()];
    live.push(...unique);
    rows.add(unique);
  } else if (live.length > 0) {
    const at = o.at % live.length;
    if (o.kind === 'set') rows.set(live.slice(at, at + o.n), o.value);
    else rows.drop(live.splice(at, 1)[0]!);
  }
}

function check(rows: Rows, live: readonly Entry[], mode: WalkMode, marker: Entry | undefined) {
  const order = (a: Entry, b: Entry) => compareIn(mode, valueIn(a), a, valueIn(b), b);
  const expected = [...live]
    .sort(order)
    .filter((e) => marker === undefined || order(e, marker) > 0)
    .map((e) => e.id);
  const after = marker && { value: valueIn(marker), entry: marker };
  expect(drain(rows.column.walk(rows.all, mode, after))).toEqual(expected);
  // Runs: each value once, with exactly its rows.
  const seen = new Map<string, string[]>();
  rows.column.runs(rows.all, Number.POSITIVE_INFINITY, (run) => {
    const read: Entry[] = [];
    run.read(read);
    expect(read.length).toBe(run.count);
    expect(read.every((e) => valueIn(e) === run.value)).toBe(true);
    const key = JSON.stringify(run.value);
    expect(seen.has(key)).toBe(false);
    seen.set(key, read.map((e) => e.id).sort());
    return true;
  });
  const byValue = new Map<string, string[]>();
  for (const e of live) {
    const key = JSON.stringify(valueIn(e));
    byValue.set(key, [...(byValue.get(key) ?? []), e.id]);
  }
  for (const ids of byValue.values()) ids.sort();
  expect(new Map([...seen].sort())).toEqual(new Map([...byValue].sort()));
}

describe('ColumnList', () => {
  it('reads as one (value, uuid) list in every mode while its dominant value changes', () => {
    let flips = 0;
    fc.assert(
      fc.property(
        fc.array(op, { minLength: 1, maxLength: 30 }),
        fc.constantFrom<WalkMode>('asc', 'desc', 'reverse'),
        fc.option(fc.tuple(hexId, value), { nil: undefined }),
        fc.nat(),
        (ops, mode, marker, pick) => {
          const rows = new Rows();
          const live: Entry[] = [];
          const ids = new Set<string>();
          for (const o of ops) {
            apply(rows, live, ids, o);
            // A marker that is a row, or a key between rows.
            const row = live.length > 0 ? live[pick % live.length] : undefined;
            check(rows, live, mode, marker ? entry(marker[0], marker[1]) : row);
          }
          if (rows.dominants.size > 1) flips++;
        },
      ),
      { numRuns: 200, seed: 20_261_207 },
    );
    expect(flips).toBeGreaterThan(10);
  });

  it('keeps no entry for the rows of a majority value, and takes them back when it goes', () => {
    const rows = new Rows();
    const batch = Array.from({ length: 40 }, (_, i) =>
      entry(`${i.toString(16).padStart(8, '0')}-0000`, 'active'),
    );
    rows.add(batch);
    expect(rows.column.dominant).toEqual({ value: 'active' });
    expect(rows.column.others.size).toBe(0);
    rows.set(batch.slice(0, 5), 'error');
    expect(rows.column.others.size).toBe(5);
    // 31 of 40 rows leave 'active': under a quarter, it is no longer dominant.
    rows.set(batch.slice(5, 36), 'deleted');
    expect(rows.column.dominant).toEqual({ value: 'deleted' });
    expect(rows.column.others.size).toBe(9);
  });

  it('keeps every row of a column without a majority value', () => {
    const rows = new Rows();
    const batch = Array.from({ length: 20 }, (_, i) =>
      entry(`${i.toString(16).padStart(8, '0')}-0000`, i),
    );
    rows.add(batch);
    expect(rows.column.dominant).toBeUndefined();
    expect(rows.column.others.size).toBe(20);
  });
});
