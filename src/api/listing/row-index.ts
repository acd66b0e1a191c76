import type { Server } from '../../compute/server.js';
import { ColumnList } from './column-list.js';
import { COLUMNS } from './columns.js';
import { byUuid, type Entry, newestEntryFirst } from './entry.js';
import { columnValues, FillSorter, orderByValue, pick, uuidOrder } from './row-fill.js';
import { type PackedValues, pack, rewrite, storedValue } from './row-values.js';
import {
  GROUPED_COLUMNS,
  SORTED_COLUMNS,
  type SortValue,
  slotOf,
  slotValue,
} from './sort-slots.js';
import { SortedList } from './sorted-list.js';
import { compareValues } from './sorting.js';

/** Rows of one value (a tag, or a grouped column's sort value), newest first. */
export type Groups = Map<SortValue, SortedList<Entry>>;

/** The sorted slot each grouped column's groups are keyed by. */
const GROUP_SLOTS: readonly number[] = GROUPED_COLUMNS.map((name) => slotOf(name)!);

const CREATED_AT = SORTED_COLUMNS.indexOf('created_at');

/**
 * Free-text columns a filter searches (`name`, `hostname`), often unique per row: their
 * texts' characters are counted (`text-marks.ts`), so a literal no row holds is answered
 * without a walk.
 */
const MARKED_COLUMNS: ReadonlySet<string> = new Set(['display_name', 'hostname']);

/**
 * The order of a slot's list: its value (NULL first), then the uuid. Every row in a list
 * stores the slot's value (it is not the column's dominant one). Columns of one type
 * get a comparator without the type checks (a write compares a few dozen times per list).
 */
function bySlot(slot: number): (a: Entry, b: Entry) => number {
  // A row's creation time never changes: read from the entry, never stored.
  if (slot === CREATED_AT) return (a, b) => a.createdAt - b.createdAt || byUuid(a, b);
  const kind = COLUMNS[SORTED_COLUMNS[slot]!]?.kind;
  // instance_type_id mixes numbers and text: the generic order.
  if (kind === undefined || SORTED_COLUMNS[slot] === 'instance_type_id') {
    return (a, b) =>
      compareValues(storedValue(a.values, slot), storedValue(b.values, slot)) || byUuid(a, b);
  }
  // One function literal per kind: V8 keeps a literal's type feedback for all its
  // closures, so numbers and strings in one literal would make every comparison generic.
  if (kind === 'string') {
    return (a, b) => {
      const x = storedValue(a.values, slot) as string | null;
      const y = storedValue(b.values, slot) as string | null;
      if (x === y) return byUuid(a, b);
      if (x === null) return -1;
      if (y === null) return 1;
      return x < y ? -1 : 1;
    };
  }
  return (a, b) => {
    const x = storedValue(a.values, slot) as number | null;
    const y = storedValue(b.values, slot) as number | null;
    if (x === y) return byUuid(a, b);
    if (x === null) return -1;
    if (y === null) return 1;
    return x < y ? -1 : 1;
  };
}

const NO_TAGS: readonly string[] = [];

/**
 * The sort and filter lists of one project, over every row not archived (deleted ones
 * too): a list per sorted column by (value, uuid), one by uuid alone, and newest-first
 * groups of equal text for the grouped columns and for each tag. Rows are re-filed in
 * batches (`update`) where a cached value differs from the server's, so a write costs a
 * few list moves, and a sorted page is a walk.
 *
 * @example
 * const rows = new ProjectRows('demo');
 * rows.update([entry], []);
 */
export class ProjectRows {
  readonly projectId: string;
  readonly byUuid = new SortedList<Entry>(byUuid);
  readonly sorted: ColumnList[] = SORTED_COLUMNS.map(
    (name, slot) =>
      new ColumnList(
        slot,
        bySlot(slot),
        slot === CREATED_AT ? (e) => e.createdAt : undefined,
        MARKED_COLUMNS.has(name),
      ),
  );
  /**
   * Per grouped column, its rows by sorted value, newest first; none for the column's
   * dominant value (most rows: a filter that admits it does not narrow).
   */
  readonly groups: Groups[] = GROUPED_COLUMNS.map(() => new Map());
  readonly tags: Groups = new Map();
  /** The last number packed per slot, whose box rows of the same value share (`pack`). */
  private readonly recent: SortValue[] = SORTED_COLUMNS.map(() => null);

  constructor(projectId: string) {
    this.projectId = projectId;
  }

  /** Whether the entry is filed here (its cached values are set). */
  has(entry: Entry): boolean {
    return entry.values.length !== 0;
  }

  /** Takes an entry out of every list (its row is archived). */
  unfile(entry: Entry): void {
    this.groups.forEach((groups, g) => {
      const column = this.sorted[GROUP_SLOTS[g]!]!;
      const value = column.valueIn(entry);
      if (!column.isDominant(value)) leave(groups, value, entry);
    });
    for (const tag of entry.tags) leave(this.tags, tag, entry);
    this.byUuid.remove(entry);
    for (const column of this.sorted) column.remove(entry);
    this.rebalance();
  }

  /**
   * Chooses the columns' dominant values again where they lost their hold. Every row is
   * re-packed once for all the columns whose value changed (the first batch of a project
   * gives most columns one at once), not once per column: one new array per row.
   */
  private rebalance(): void {
    const total = this.byUuid.size;
    const columns = this.sorted;
    const slots: number[] = [];
    const next: { found: boolean; candidate: SortValue }[] = [];
    columns.forEach((column, slot) => {
      const choice = column.reconsider(total);
      if (choice === undefined) return;
      slots.push(slot);
      next.push(choice);
    });
    if (slots.length === 0) return;
    const entries: Entry[] = [];
    this.byUuid.forEach((entry) => {
      entries.push(entry);
    });
    // Each row's values in the changed columns, read by the old dominant values.
    const old = slots.map((slot) => entries.map((entry) => columns[slot]!.valueIn(entry)));
    slots.forEach((slot, k) => {
      columns[slot]!.adopt(next[k]!.found, next[k]!.candidate);
    });
    const values: SortValue[] = new Array(slots.length);
    const stored: boolean[] = new Array(slots.length);
    entries.forEach((entry, i) => {
      for (let k = 0; k < slots.length; k++) {
        const value = old[k]![i] ?? null;
        values[k] = value;
        stored[k] = columns[slots[k]!]!.stores(value);
      }
      entry.values = rewrite(entry.values, slots, values, stored, 0, slots.length, this.recent);
    });
    for (const slot of slots) {
      columns[slot]!.fillOthers(entries);
      const g = GROUP_SLOTS.indexOf(slot);
      if (g >= 0) this.regroupAll(g);
    }
  }

  /**
   * Builds a grouped column's groups again (its dominant value changed, or a restore):
   * from `newest`, every row newest first, when the caller has it.
   */
  private regroupAll(g: number, newest?: readonly Entry[]): void {
    const column = this.sorted[GROUP_SLOTS[g]!]!;
    let rows = newest;
    if (rows === undefined) {
      const order: Entry[] = [];
      this.byUuid.forEach((entry) => {
        if (!column.isDominant(column.valueIn(entry))) order.push(entry);
      });
      rows = order.sort(newestEntryFirst);
    }
    const members = new Map<SortValue, Entry[]>();
    for (const entry of rows) {
      const value = column.valueIn(entry);
      if (!column.isDominant(value)) push(members, value, entry);
    }
    const groups = this.groups[g]!;
    groups.clear();
    for (const [value, list] of members) groups.set(value, new SortedList(newestEntryFirst, list));
  }

  /**
   * Files new entries and re-files written ones in one pass per list: a row written by
   * several steps since the last pass moves once, and a batch goes into each list by one
   * sort and a merge of the chunks it lands in (`insertMany`), not an insert per row.
   *
   * A written row is compared slot by slot with the values it is filed under (read along
   * its packed values, no array per row), and only the columns whose value moved are
   * touched: a column whose old and new value are both its dominant one compares equal
   * and costs nothing, a row with no moved column is left as it is, and a row whose moved
   * columns all stay stored (a status write's `updated_at`) is re-packed in place.
   */
  update(added: readonly Entry[], written: readonly Entry[]): void {
    if (this.byUuid.size === 0 && written.length === 0 && added.length > 1) {
      // A project's first batch is filed as a restore fills (`fill`): its dominant values
      // chosen before any row is packed, not every row filed and then re-packed.
      this.fill(added);
      return;
    }
    const columns = this.sorted;
    const moved: Entry[][] = columns.map(() => []);
    // In uuid order, each column's batch comes mostly in its own order (a batch's rows
    // share their times and states), which the lists' sorts take in one pass.
    const rows = written.length > 1 ? [...written].sort(byUuid) : written;
    const changedRows: Entry[] = [];
    const ends: number[] = [];
    const slots: number[] = [];
    const values: SortValue[] = [];
    for (const entry of rows) {
      const { server } = entry;
      const packed = entry.values;
      const mask = packed[0] as number;
      let at = 1;
      const start = slots.length;
      for (let slot = 0; slot < columns.length; slot++) {
        // created_at is read from the entry and never changes.
        if (slot === CREATED_AT) continue;
        const before = ((mask >>> slot) & 1) === 1 ? (packed[at++] ?? null) : columns[slot]!.held;
        const after = slotValue(slot, server);
        if (after === before) continue;
        moved[slot]!.push(entry);
        slots.push(slot);
        values.push(after);
      }
      if (slots.length !== start) {
        changedRows.push(entry);
        ends.push(slots.length);
      }
    }
    // Out of each list by the cached values, then back in by the new ones.
    columns.forEach((column, slot) => {
      if (moved[slot]!.length > 0) column.removeMany(moved[slot]!);
    });
    const stored: boolean[] = slots.map((slot, k) => columns[slot]!.stores(values[k] ?? null));
    let from = 0;
    changedRows.forEach((entry, r) => {
      const to = ends[r]!;
      for (let k = from; k < to; k++) {
        const g = GROUP_SLOTS.indexOf(slots[k]!);
        if (g >= 0) this.regroup(entry, g, values[k] ?? null);
      }
      entry.values = rewrite(entry.values, slots, values, stored, from, to, this.recent);
      from = to;
    });
    for (const entry of rows) this.retag(entry, entry.server);
    const fresh = [...added];
    if (fresh.length > 1) fresh.sort(byUuid);
    const row: SortValue[] = new Array(columns.length);
    // New rows join their groups a batch per group (they are the newest: one copy at the
    // head of the group's list), not an insert each.
    const joining = new Map<SortedList<Entry>, Entry[]>();
    const join = (list: SortedList<Entry>, entry: Entry) => {
      const items = joining.get(list);
      if (items === undefined) joining.set(list, [entry]);
      else items.push(entry);
    };
    for (const entry of fresh) {
      const { server } = entry;
      for (let slot = 0; slot < row.length; slot++) row[slot] = slotValue(slot, server);
      entry.values = this.pack(row);
      entry.tags = server.tags.length === 0 ? NO_TAGS : [...new Set(server.tags)];
      for (let g = 0; g < GROUP_SLOTS.length; g++) {
        const slot = GROUP_SLOTS[g]!;
        const value = row[slot] ?? null;
        if (!columns[slot]!.isDominant(value)) join(groupOf(this.groups[g]!, value), entry);
      }
      for (const tag of entry.tags) join(groupOf(this.tags, tag), entry);
    }
    for (const [list, items] of joining) list.insertMany(items);
    this.byUuid.insertMany([...fresh], true);
    columns.forEach((column, slot) => {
      const items = mergeByUuid(moved[slot]!, fresh);
      if (items.length > 0) column.insertMany(items, true);
    });
    this.rebalance();
  }

  /** A row's values packed for the columns' dominant values (`row-values.ts`). */
  private pack(values: readonly SortValue[]): PackedValues {
    const columns = this.sorted;
    return pack(values, (slot, value) => columns[slot]!.stores(value), this.recent);
  }

  /** Moves the entry between a grouped column's groups for its new value (before packing). */
  private regroup(entry: Entry, g: number, after: SortValue): void {
    const groups = this.groups[g]!;
    const column = this.sorted[GROUP_SLOTS[g]!]!;
    const before = column.valueIn(entry);
    if (!column.isDominant(before)) leave(groups, before, entry);
    if (!column.isDominant(after)) groupOf(groups, after).insert(entry);
  }

  /** Moves the entry between tags where its tags changed. */
  private retag(entry: Entry, server: Server): void {
    if (!sameTags(entry.tags, server.tags)) {
      for (const tag of entry.tags) leave(this.tags, tag, entry);
      entry.tags = server.tags.length === 0 ? NO_TAGS : [...new Set(server.tags)];
      for (const tag of entry.tags) groupOf(this.tags, tag).insert(entry);
    }
  }

  /**
   * Files many entries at once (a restored cloud): every list is filled already in order,
   * from the rows' values read column by column, one uuid order and a counting sort per
   * column (`row-fill.ts`), not by an insert or a comparison of rows.
   */
  fill(entries: readonly Entry[]): void {
    const columns = columnValues(entries.map((entry) => entry.server));
    const othersCount = this.sorted.map((column, slot) => column.choose(columns[slot]!));
    const row: SortValue[] = new Array(columns.length);
    entries.forEach((entry, i) => {
      for (let slot = 0; slot < columns.length; slot++) row[slot] = columns[slot]![i]!;
      entry.values = this.pack(row);
      const { tags } = entry.server;
      entry.tags = tags.length === 0 ? NO_TAGS : [...new Set(tags)];
    });
    const order = uuidOrder(entries);
    const uuidRows = pick(entries, order);
    this.byUuid.fill(uuidRows);
    const sorter = new FillSorter(order);
    this.sorted.forEach((column, slot) => {
      const count = othersCount[slot]!;
      if (count === 0) {
        column.fillSorted([], []);
        return;
      }
      const values = columns[slot]!;
      if (count === entries.length) {
        column.fillSorted(sorter.byValue(uuidRows, values), values);
        return;
      }
      const rows = new Array<Entry>(count);
      const kept = new Array<SortValue>(count);
      let at = 0;
      for (let k = 0; k < order.length; k++) {
        const i = order[k]!;
        const value = values[i]!;
        if (column.isDominant(value)) continue;
        rows[at] = entries[i]!;
        kept[at++] = value;
      }
      column.fillSorted(orderByValue(rows, kept), kept);
    });
    // Newest first, ties by uuid: the uuid order sorted stably by descending time.
    const uuidIndexes = new Array<number>(order.length);
    for (let k = 0; k < order.length; k++) uuidIndexes[k] = order[k]!;
    const newestRows = sorter.byValue(
      uuidIndexes,
      entries.map((entry) => entry.createdAt),
      true,
    );
    const newest = newestRows.map((i) => entries[i]!);
    // Groups from the values read above, not through the packed values (a miss per row).
    this.groups.forEach((groups, g) => {
      const slot = GROUP_SLOTS[g]!;
      const column = this.sorted[slot]!;
      groups.clear();
      if (othersCount[slot] === 0) return;
      const values = columns[slot]!;
      const members = new Map<SortValue, Entry[]>();
      for (const i of newestRows) {
        const value = values[i]!;
        if (!column.isDominant(value)) push(members, value, entries[i]!);
      }
      for (const [value, list] of members)
        groups.set(value, new SortedList(newestEntryFirst, list));
    });
    const tagged = new Map<SortValue, Entry[]>();
    for (const entry of newest) for (const tag of entry.tags) push(tagged, tag, entry);
    for (const [tag, list] of tagged) this.tags.set(tag, new SortedList(newestEntryFirst, list));
  }
}

/** Two lists of rows in uuid order as one. */
function mergeByUuid(a: readonly Entry[], b: readonly Entry[]): Entry[] {
  if (a.length === 0) return [...b];
  if (b.length === 0) return [...a];
  const out: Entry[] = new Array(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length) out[k++] = byUuid(a[i]!, b[j]!) < 0 ? a[i++]! : b[j++]!;
  while (i < a.length) out[k++] = a[i++]!;
  while (j < b.length) out[k++] = b[j++]!;
  return out;
}

function push<K>(map: Map<K, Entry[]>, key: K, entry: Entry): void {
  const list = map.get(key);
  if (list) list.push(entry);
  else map.set(key, [entry]);
}

function groupOf(groups: Groups, value: SortValue): SortedList<Entry> {
  let list = groups.get(value);
  if (!list) groups.set(value, (list = new SortedList(newestEntryFirst)));
  return list;
}

function leave(groups: Groups, value: SortValue, entry: Entry): void {
  const list = groups.get(value);
  if (list === undefined) return;
  list.remove(entry);
  // No empty group stays: a filter tests the pattern once per distinct value.
  if (list.size === 0) groups.delete(value);
}

function sameTags(cached: readonly string[], tags: readonly string[]): boolean {
  if (tags.length === 0) return cached.length === 0;
  const unique = new Set(tags);
  return unique.size === cached.length && cached.every((tag) => unique.has(tag));
}
