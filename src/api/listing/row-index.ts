import type { Server } from '../../compute/server.js';
import { ColumnList } from './column-list.js';
import { COLUMNS } from './columns.js';
import { byUuid, type Entry, newestEntryFirst } from './entry.js';
import { type PackedValues, pack, storedValue } from './row-values.js';
import {
  GROUPED_COLUMNS,
  groupTexts,
  SORTED_COLUMNS,
  type SortValue,
  sortValues,
} from './sort-slots.js';
import { SortedList } from './sorted-list.js';
import { compareValues } from './sorting.js';

/** Rows of one text, newest first. */
export type Groups = Map<string | null, SortedList<Entry>>;

/**
 * The order of a slot's list: its value (NULL first), then the uuid. Every row in a list
 * stores the slot's value (it is not the column's dominant one). Columns of one type
 * get a comparator without the type checks (a write compares a few dozen times per list).
 */
function bySlot(slot: number): (a: Entry, b: Entry) => number {
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
    (_, slot) => new ColumnList(slot, bySlot(slot)),
  );
  readonly groups: Groups[] = GROUPED_COLUMNS.map(() => new Map());
  readonly tags: Groups = new Map();

  constructor(projectId: string) {
    this.projectId = projectId;
  }

  /** Whether the entry is filed here (its cached values are set). */
  has(entry: Entry): boolean {
    return entry.values.length !== 0;
  }

  /** Takes an entry out of every list (its row is archived). */
  unfile(entry: Entry): void {
    this.byUuid.remove(entry);
    for (const column of this.sorted) {
      column.remove(entry);
      column.rebalance(this.byUuid, this.byUuid.size);
    }
    entry.texts.forEach((text, g) => {
      leave(this.groups[g]!, text, entry);
    });
    for (const tag of entry.tags) leave(this.tags, tag, entry);
  }

  /**
   * Files new entries and re-files written ones in one pass per list: a row written by
   * several steps since the last pass moves once, and a batch goes into each list by one
   * sort and a merge of the chunks it lands in (`insertMany`), not an insert per row.
   */
  update(added: readonly Entry[], written: readonly Entry[]): void {
    const moved: Entry[][] = this.sorted.map(() => []);
    const fresh: SortValue[][] = [];
    const columns = this.sorted;
    for (const entry of written) {
      const values = sortValues(entry.server);
      fresh.push(values);
      for (let slot = 0; slot < values.length; slot++) {
        if (values[slot] !== columns[slot]!.valueIn(entry)) moved[slot]!.push(entry);
      }
    }
    // Out of each list by the cached values, then back in by the new ones.
    this.sorted.forEach((column, slot) => {
      column.removeMany(moved[slot]!);
    });
    written.forEach((entry, i) => {
      entry.values = this.pack(fresh[i]!);
      this.regroup(entry, entry.server);
    });
    for (const entry of added) {
      const { server } = entry;
      entry.values = this.pack(sortValues(server));
      entry.texts = groupTexts(server);
      entry.tags = server.tags.length === 0 ? NO_TAGS : [...new Set(server.tags)];
      entry.texts.forEach((text, g) => {
        groupOf(this.groups[g]!, text).insert(entry);
      });
      for (const tag of entry.tags) groupOf(this.tags, tag).insert(entry);
    }
    this.byUuid.insertMany([...added]);
    this.sorted.forEach((column, slot) => {
      const items = moved[slot]!;
      for (const entry of added) items.push(entry);
      column.insertMany(items);
      column.rebalance(this.byUuid, this.byUuid.size);
    });
  }

  /** A row's values packed for the columns' dominant values (`row-values.ts`). */
  private pack(values: readonly SortValue[]): PackedValues {
    const columns = this.sorted;
    return pack(values, (slot, value) => !columns[slot]!.isDominant(value));
  }

  /** Moves the entry between groups and tags where its texts or tags changed. */
  private regroup(entry: Entry, server: Server): void {
    const texts = groupTexts(server);
    for (let g = 0; g < texts.length; g++) {
      const text = texts[g] ?? null;
      const before = entry.texts[g] ?? null;
      if (text === before) continue;
      leave(this.groups[g]!, before, entry);
      entry.texts[g] = text;
      groupOf(this.groups[g]!, text).insert(entry);
    }
    if (!sameTags(entry.tags, server.tags)) {
      for (const tag of entry.tags) leave(this.tags, tag, entry);
      entry.tags = server.tags.length === 0 ? NO_TAGS : [...new Set(server.tags)];
      for (const tag of entry.tags) groupOf(this.tags, tag).insert(entry);
    }
  }

  /**
   * Files many entries at once (a restored cloud): each list is filled already in order
   * from one sort by uuid and a stable split by value, not by an insert per row.
   */
  fill(entries: readonly Entry[]): void {
    const full = entries.map((entry) => sortValues(entry.server));
    this.sorted.forEach((column, slot) => {
      column.choose(full.map((values) => values[slot] ?? null));
    });
    entries.forEach((entry, i) => {
      entry.values = this.pack(full[i]!);
    });
    for (const entry of entries) {
      entry.texts = groupTexts(entry.server);
      const { tags } = entry.server;
      entry.tags = tags.length === 0 ? NO_TAGS : [...new Set(tags)];
    }
    const uuidOrder = [...entries].sort(byUuid);
    this.byUuid.fill(uuidOrder);
    for (const column of this.sorted) column.fillOthers(uuidOrder);
    const newest = [...entries].sort(newestEntryFirst);
    this.groups.forEach((groups, g) => {
      const members = new Map<string | null, Entry[]>();
      for (const entry of newest) push(members, entry.texts[g] ?? null, entry);
      for (const [text, list] of members) groups.set(text, new SortedList(newestEntryFirst, list));
    });
    const tagged = new Map<string | null, Entry[]>();
    for (const entry of newest) for (const tag of entry.tags) push(tagged, tag, entry);
    for (const [tag, list] of tagged) this.tags.set(tag, new SortedList(newestEntryFirst, list));
  }
}

function push<K>(map: Map<K, Entry[]>, key: K, entry: Entry): void {
  const list = map.get(key);
  if (list) list.push(entry);
  else map.set(key, [entry]);
}

function groupOf(groups: Groups, text: string | null): SortedList<Entry> {
  let list = groups.get(text);
  if (!list) groups.set(text, (list = new SortedList(newestEntryFirst)));
  return list;
}

function leave(groups: Groups, text: string | null, entry: Entry): void {
  const list = groups.get(text);
  if (list === undefined) return;
  list.remove(entry);
  // No empty group stays: a filter tests the pattern once per distinct text.
  if (list.size === 0) groups.delete(text);
}

function sameTags(cached: readonly string[], tags: readonly string[]): boolean {
  if (tags.length === 0) return cached.length === 0;
  const unique = new Set(tags);
  return unique.size === cached.length && cached.every((tag) => unique.has(tag));
}
