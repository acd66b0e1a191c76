import { eachRun } from './column-groups.js';
import { byUuid, type Entry } from './entry.js';
import { type WalkKey, type WalkMode, walkKeyList } from './key-walk.js';
import { orderByValue } from './row-fill.js';
import { isStored, setStored, storedValue } from './row-values.js';
import type { SortValue } from './sort-slots.js';
import { type Compare, type Cursor, SortedList } from './sorted-list.js';
import { compareValues } from './sorting.js';
import { TextMarks } from './text-marks.js';

/** One run of equal values of a column: how many rows hold it, and how to read them. */
export interface ColumnRun {
  readonly value: SortValue;
  readonly count: number;
  /** Appends the run's rows to `out` (in no promised order). */
  readonly read: (out: Entry[]) => void;
}

const EMPTY: Cursor<Entry> = { peek: () => undefined, advance: () => {} };

/**
 * The value a strict majority of `total` rows hold: Boyer–Moore's vote, then a count (two
 * reads of the rows, nothing allocated per row). `found` is false when no value has one.
 */
function majority(
  each: (visit: (value: SortValue) => void) => void,
  total: number,
): { found: boolean; candidate: SortValue; count: number } {
  let candidate: SortValue = null;
  let votes = 0;
  each((value) => {
    if (votes === 0) {
      candidate = value;
      votes = 1;
    } else if (value === candidate) votes++;
    else votes--;
  });
  let count = 0;
  if (votes > 0) {
    each((value) => {
      if (value === candidate) count++;
    });
  }
  return { found: count * 2 > total, candidate, count };
}

/**
 * One sorted column of a project's rows, kept by (value, uuid), with its dominant value
 * left out: a value most rows hold (task_state NULL, `locked` 0, the one image of a
 * bench) keeps no entry per row. `others` holds the rows of every other value; the
 * dominant value's rows are the project's uuid list read with that value, which is their
 * order within the column. A write that leaves a row in the dominant value moves nothing,
 * and memory follows the rows that differ.
 *
 * The dominant value is a strict majority when chosen (a restore votes over the values;
 * later, the middle row of `others` names the only candidate and two binary searches count
 * it). It is dropped and chosen again once it holds under a quarter of the rows, so
 * reading its run skips at most three rows per row read; a column with none looks for one
 * again after writes of as many rows as it has. A look costs O(chunks); a change of the
 * dominant value re-packs every row, after Ω(rows) writes.
 *
 * @example
 * const column = new ColumnList(slot, compare);
 * column.insertMany([entry]);
 * column.rebalance(byUuidList, 1);
 */
export class ColumnList {
  readonly slot: number;
  /** The rows whose value is not the dominant one, by (value, uuid). */
  readonly others: SortedList<Entry>;
  private hasDominant = false;
  private dominantValue: SortValue = null;
  /** Rows filed or moved since the last count (see `rebalance`). */
  private writes = 0;

  /** Reads a value that never changes from the entry itself (none is stored). */
  private readonly fixed: ((entry: Entry) => SortValue) | undefined;

  /** The marks of the other values' texts, for a free-text column (`text-marks.ts`). */
  private readonly marks: TextMarks | undefined;

  constructor(
    slot: number,
    compare: Compare<Entry>,
    fixed?: (entry: Entry) => SortValue,
    marked = false,
  ) {
    this.slot = slot;
    this.others = new SortedList(compare);
    this.fixed = fixed;
    this.marks = marked ? new TextMarks() : undefined;
  }

  /**
   * Whether a row of the other values may contain `literal` (lower-case ASCII): false
   * when the column's marks say none can. Always true for a column without marks.
   */
  othersMayHold(literal: string): boolean {
    return this.marks === undefined || this.marks.mayHold(literal);
  }

  private mark(entries: readonly Entry[], add: boolean): void {
    const { marks } = this;
    if (marks === undefined) return;
    for (const entry of entries) {
      const value = this.valueIn(entry);
      if (typeof value !== 'string') continue;
      if (add) marks.add(value);
      else marks.remove(value);
    }
  }

  /** The row's value in this column, as filed (its packed values, see `row-values.ts`). */
  valueIn(entry: Entry): SortValue {
    if (this.fixed !== undefined) return this.fixed(entry);
    const packed = entry.values;
    return isStored(packed, this.slot) ? storedValue(packed, this.slot) : this.dominantValue;
  }

  /** Whether a row packs this value (it is neither the dominant one nor read from the entry). */
  stores(value: SortValue): boolean {
    return this.fixed === undefined && !this.isDominant(value);
  }

  /** Whether the row is in `others` (as filed). */
  private inOthers(entry: Entry): boolean {
    if (this.fixed !== undefined) return !this.isDominant(this.fixed(entry));
    return isStored(entry.values, this.slot);
  }

  /** The value of a row that stores none for this column: the dominant one. */
  get held(): SortValue {
    return this.dominantValue;
  }

  /** Whether rows of this value are kept out of `others`. */
  isDominant(value: SortValue): boolean {
    return this.hasDominant && value === this.dominantValue;
  }

  /** The dominant value, or undefined when the column has none. */
  get dominant(): { readonly value: SortValue } | undefined {
    return this.hasDominant ? { value: this.dominantValue } : undefined;
  }

  /**
   * Files rows by their (new, packed) values; rows of the dominant value need nothing.
   * Rows given in uuid order (`inUuidOrder`) are put in the list's order by a counting
   * sort over their values (`orderByValue`), not by comparing rows: a batch spread over
   * the 64 hosts of a cloud cost ~10 comparisons a row, each reading two rows' values.
   */
  insertMany(entries: readonly Entry[], inUuidOrder = false): void {
    this.writes += entries.length;
    const rows = entries.filter((e) => this.inOthers(e));
    this.mark(rows, true);
    if (!inUuidOrder || rows.length < 2) {
      this.others.insertMany(rows);
      return;
    }
    const values = rows.map((e) => this.valueIn(e));
    this.others.insertMany(orderByValue(rows, values), true);
  }

  /** Takes rows out by the values they were filed under (before they are packed again). */
  removeMany(entries: readonly Entry[]): void {
    const rows = entries.filter((e) => this.inOthers(e));
    this.mark(rows, false);
    this.others.removeMany(rows);
  }

  /** Takes one row out by the value it was filed under. */
  remove(entry: Entry): void {
    if (!this.inOthers(entry)) return;
    this.mark([entry], false);
    this.others.remove(entry);
  }

  /**
   * Chooses the dominant value again when the one kept fell under a quarter of the
   * `total` rows of `all` (the project's uuid list), or when a column without one has
   * seen writes of as many rows as it has since it last looked. True when the dominant value
   * changed (the rows were packed again and `others` rebuilt).
   */
  rebalance(all: SortedList<Entry>, total: number): boolean {
    const next = this.reconsider(total);
    if (next === undefined) return false;
    const { found, candidate } = next;
    const entries: Entry[] = [];
    const values: SortValue[] = [];
    all.forEach((entry) => {
      entries.push(entry);
      values.push(this.valueIn(entry));
    });
    this.hasDominant = found;
    this.dominantValue = found ? candidate : null;
    // Rows of the old dominant value store it now, rows of the new one drop theirs.
    if (this.fixed === undefined) {
      entries.forEach((entry, i) => {
        const value = values[i] ?? null;
        entry.values = setStored(entry.values, this.slot, value, !this.isDominant(value));
      });
    }
    this.fillOthers(entries);
    return true;
  }

  /**
   * The dominant value the column should take now, or undefined to keep its own: when
   * the one kept fell under a quarter of the `total` rows, or a column without one has seen
   * writes of as many rows as it has since it last looked. The caller re-packs the rows
   * (`adopt`, then `fillOthers`): `ProjectRows` does it once per row for every column
   * that changed, not once per column.
   */
  reconsider(total: number): { found: boolean; candidate: SortValue } | undefined {
    if (this.hasDominant ? this.others.size * 4 <= total * 3 : this.writes < total)
      return undefined;
    this.writes = 0;
    const next = this.majority(total);
    const same =
      next.found === this.hasDominant && (!next.found || next.candidate === this.dominantValue);
    return same ? undefined : next;
  }

  /** Takes a dominant value `reconsider` gave (rows are read by it from now on). */
  adopt(found: boolean, candidate: SortValue): void {
    this.hasDominant = found;
    this.dominantValue = found ? candidate : null;
  }

  /**
   * The value a strict majority of the `total` rows hold, read from the list rather than
   * from every row: the dominant value when it holds more than half, else a value of
   * `others` holding more than half of all rows, which then holds more than half of
   * `others` and so its middle row. Two binary searches count that value's run: O(chunks),
   * where a vote over the rows read every row's values (a cache miss each at scale).
   */
  private majority(total: number): { found: boolean; candidate: SortValue } {
    const { others } = this;
    if (this.hasDominant && (total - others.size) * 2 > total) {
      return { found: true, candidate: this.dominantValue };
    }
    const middle = others.atRank(others.size >>> 1);
    if (middle === undefined) return { found: false, candidate: null };
    const value = this.valueIn(middle);
    const read = (entry: Entry) => this.valueIn(entry);
    const from = others.firstWhere((e) => compareValues(read(e), value) >= 0);
    const to = others.firstWhere((e) => compareValues(read(e), value) > 0);
    const rank = others.ranker();
    const count = rank(to) - rank(from);
    return count * 2 > total
      ? { found: true, candidate: value }
      : { found: false, candidate: null };
  }

  /**
   * Takes a value held by most rows (a strict majority) as the dominant one, or none:
   * `values` are this column's value of every row (a restore's). Returns how many rows
   * go in `others` (those not of the dominant value).
   */
  choose(values: readonly SortValue[]): number {
    const { found, candidate, count } = majority((visit) => {
      for (const value of values) visit(value);
    }, values.length);
    this.hasDominant = found;
    this.dominantValue = found ? candidate : null;
    this.writes = 0;
    return found ? values.length - count : values.length;
  }

  /**
   * Fills the list of other values from rows in uuid order, packed for the dominant value
   * chosen: split by value, already in order.
   */
  fillOthers(uuidOrder: readonly Entry[]): void {
    const byValue = new Map<SortValue, Entry[]>();
    for (const entry of uuidOrder) {
      if (!this.inOthers(entry)) continue;
      const value = this.valueIn(entry);
      const list = byValue.get(value);
      if (list) list.push(entry);
      else byValue.set(value, [entry]);
    }
    const values = [...byValue.keys()].sort(compareValues);
    const rows = values.flatMap((value) => byValue.get(value)!);
    const { marks } = this;
    if (marks !== undefined) {
      // A value's marks once for all its rows (a restore of many servers of one name).
      marks.clear();
      for (const value of values) {
        if (typeof value === 'string') marks.add(value, byValue.get(value)!.length);
      }
    }
    this.others.fill(rows);
  }

  /**
   * Takes `sorted`, the rows of the other values already in the list's order, as the list
   * (a restore's fill, `row-fill.ts`); `values` are their values, in any order, for the
   * marks.
   */
  fillSorted(sorted: readonly Entry[], values: readonly SortValue[]): void {
    const { marks } = this;
    if (marks !== undefined) {
      marks.clear();
      // A value's marks once for all its rows, as fillOthers counts them.
      const times = new Map<string, number>();
      for (const value of values) {
        if (typeof value === 'string') times.set(value, (times.get(value) ?? 0) + 1);
      }
      for (const [text, count] of times) marks.add(text, count);
    }
    this.others.fill(sorted);
  }

  /**
   * The column's rows in `mode`, from just after `after` when given: the other values'
   * list walked, with the dominant value's run (the uuid list `all` read with that value)
   * in its place.
   */
  walk(all: SortedList<Entry>, mode: WalkMode, after: WalkKey | undefined): Cursor<Entry> {
    const valueIn = (entry: Entry) => this.valueIn(entry);
    const others = walkKeyList(this.others, valueIn, mode, after);
    if (!this.hasDominant) return others;
    const dominant = this.dominantValue;
    // Values before the dominant one in this mode's order.
    const sign = mode === 'asc' ? 1 : -1;
    const comesBefore = (value: SortValue) => sign * compareValues(value, dominant) < 0;
    const run = this.dominantRun(all, mode, after);
    let phase = 0;
    const current = (): Cursor<Entry> => {
      if (phase === 0) {
        const next = others.peek();
        if (next !== undefined && comesBefore(valueIn(next))) return others;
        phase = 1;
      }
      if (phase === 1) {
        if (run.peek() !== undefined) return run;
        phase = 2;
      }
      return others;
    };
    return {
      peek: () => current().peek(),
      advance: () => current().advance(),
    };
  }

  /** The dominant value's rows in `mode`'s uuid direction, from after `after`. */
  private dominantRun(
    all: SortedList<Entry>,
    mode: WalkMode,
    after: WalkKey | undefined,
  ): Cursor<Entry> {
    const dominant = this.dominantValue;
    let cursor: Cursor<Entry>;
    const order = after === undefined ? -1 : compareValues(after.value, dominant);
    if (order !== 0) {
      // A marker before the run (in this mode) leaves it whole; one after it, empty.
      const whole = after === undefined || (mode === 'asc' ? order < 0 : order > 0);
      if (!whole) return EMPTY;
      cursor = mode === 'reverse' ? all.reverseCursorAt(all.end()) : all.cursor();
    } else {
      const key = after!.entry;
      cursor =
        mode === 'reverse'
          ? all.reverseCursorAt(all.firstWhere((e) => byUuid(e, key) >= 0))
          : all.cursorAfter(key);
    }
    const settle = () => {
      for (
        let e = cursor.peek();
        e !== undefined && this.valueIn(e) !== dominant;
        e = cursor.peek()
      )
        cursor.advance();
    };
    settle();
    return {
      peek: () => cursor.peek(),
      advance: () => {
        cursor.advance();
        settle();
      },
    };
  }

  /** The dominant value's run (`all` is the project's uuid list), or undefined. */
  dominantRows(all: SortedList<Entry>): ColumnRun | undefined {
    const count = all.size - this.others.size;
    if (!this.hasDominant || count === 0) return undefined;
    const value = this.dominantValue;
    return {
      value,
      count,
      read: (out) => {
        for (const entry of all) if (this.valueIn(entry) === value) out.push(entry);
      },
    };
  }

  /**
   * Visits the column's runs of equal values until `visit` returns false: the dominant
   * value's first (one step, however many rows), then the others' (a binary search each).
   * False when it stopped early or there were more than `max` runs besides the dominant.
   */
  runs(all: SortedList<Entry>, max: number, visit: (run: ColumnRun) => boolean): boolean {
    const dominant = this.dominantRows(all);
    if (dominant !== undefined && !visit(dominant)) return false;
    const list = this.others;
    const rank = list.ranker();
    return eachRun(
      list,
      (e) => this.valueIn(e),
      max,
      (run) => {
        const count = rank(run.to) - rank(run.from);
        const { from } = run;
        return visit({
          value: run.value,
          count,
          read: (out) => list.readRun(from, count, out),
        });
      },
    );
  }
}
