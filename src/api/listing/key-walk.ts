import { byUuid, type Entry } from './entry.js';
import type { SortValue } from './sort-slots.js';
import type { Cursor, Position, SortedList } from './sorted-list.js';
import { compareValues } from './sorting.js';

/**
 * The orders a list kept by (value asc, uuid asc) can be read in: as kept; values
 * descending with uuids still ascending (a sort key `desc` with Nova's appended
 * `uuid asc`); and wholly reversed.
 */
export type WalkMode = 'asc' | 'desc' | 'reverse';

/** Where a walk starts after: the marker's value and uuid. */
export interface WalkKey {
  readonly value: SortValue;
  readonly entry: Entry;
}

/** How two (value, uuid) pairs compare in a mode: negative when `a` comes first. */
export function compareIn(
  mode: WalkMode,
  av: SortValue,
  a: Entry,
  bv: SortValue,
  b: Entry,
): number {
  const values = compareValues(av, bv);
  switch (mode) {
    case 'asc':
      return values || byUuid(a, b);
    case 'desc':
      return -values || byUuid(a, b);
    case 'reverse':
      return -values || -byUuid(a, b);
  }
}

const pairAfterOf = (valueIn: (entry: Entry) => SortValue, key: WalkKey) => (e: Entry) =>
  (compareValues(valueIn(e), key.value) || byUuid(e, key.entry)) > 0;

/**
 * A walk of `list` (kept by `valueIn` then uuid, ascending) in `mode`, from just after
 * `after` when given. Going down by value with uuids ascending jumps from group to group
 * of equal values: a binary search per distinct value met.
 *
 * @example
 * const cursor = walkKeyList(list, (e) => e.values[slot]!, 'desc', undefined);
 */
export function walkKeyList(
  list: SortedList<Entry>,
  valueIn: (entry: Entry) => SortValue,
  mode: WalkMode,
  after: WalkKey | undefined,
): Cursor<Entry> {
  if (mode === 'asc') {
    return after ? list.cursorAt(list.firstWhere(pairAfterOf(valueIn, after))) : list.cursor();
  }
  if (mode === 'reverse') {
    const atOrAfter = (key: WalkKey) => (e: Entry) =>
      (compareValues(valueIn(e), key.value) || byUuid(e, key.entry)) >= 0;
    return list.reverseCursorAt(after ? list.firstWhere(atOrAfter(after)) : list.end());
  }
  return groupsDescending(list, valueIn, after);
}

/** Values descending, uuids ascending within each value. */
function groupsDescending(
  list: SortedList<Entry>,
  valueIn: (entry: Entry) => SortValue,
  after: WalkKey | undefined,
): Cursor<Entry> {
  const startOf = (value: SortValue) =>
    list.firstWhere((e) => compareValues(valueIn(e), value) >= 0);
  let start: Position;
  let stop: Entry | undefined;
  let cursor: Cursor<Entry>;
  if (after) {
    start = startOf(after.value);
    stop = list.at(list.firstWhere((e) => compareValues(valueIn(e), after.value) > 0));
    cursor = list.cursorAt(list.firstWhere(pairAfterOf(valueIn, after)));
  } else {
    const last = list.before(list.end());
    start = last === undefined ? list.end() : startOf(valueIn(last));
    stop = undefined;
    cursor = list.cursorAt(start);
  }
  // Moves to the next lower group once the current one is done.
  let done = false;
  const settle = () => {
    while (!done && cursor.peek() === stop) {
      const previous = list.before(start);
      if (previous === undefined) {
        done = true;
        return;
      }
      stop = list.at(start);
      start = startOf(valueIn(previous));
      cursor = list.cursorAt(start);
    }
  };
  settle();
  return {
    peek: () => (done ? undefined : cursor.peek()),
    advance: () => {
      if (done) return;
      cursor.advance();
      settle();
    },
  };
}
