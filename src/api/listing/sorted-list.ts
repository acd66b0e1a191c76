/** A total order: equal only for the same item. */
export type Compare<T> = (a: T, b: T) => number;

/** A place between items: before `chunks[chunk][index]` (normalised: never past a chunk's end but the last). */
export interface Position {
  readonly chunk: number;
  readonly index: number;
}

/** Where a walk through a sorted list stands. */
export interface Cursor<T> {
  /** The next item, or undefined at the end. */
  peek(): T | undefined;
  advance(): void;
}

// Chunks hold LOAD..2*LOAD items: an insert or remove moves at most 2*LOAD pointers.
const LOAD = 512;
/** Below this many items a batch goes item by item (a merge walks every chunk). */
const BATCH = 16;
/** Up to this many rows for one chunk of a batch are spliced in; more rebuild the chunk. */
const SPARSE = 4;

/**
 * A sorted sequence kept as a list of sorted chunks (the layout of Python's
 * sortedcontainers): insert and remove cost O(log n + LOAD), and a walk can start right
 * after any key in O(log n). The order must be total, so `compare(a, b) === 0` means
 * `a` is `b`.
 *
 * @example
 * const list = new SortedList<number>((a, b) => a - b, [1, 3]);
 * list.insert(2);
 * const cursor = list.cursorAfter(1); // at 2
 */
export class SortedList<T> {
  private readonly compare: Compare<T>;
  private readonly chunks: T[][] = [];
  /** The last item of each chunk, for the chunk-level binary search. */
  private readonly maxes: T[] = [];
  private count = 0;

  /** `sorted` must already be in `compare` order. */
  constructor(compare: Compare<T>, sorted: readonly T[] = []) {
    this.compare = compare;
    this.fill(sorted);
  }

  /** Replaces the contents with items already in `compare` order. */
  fill(sorted: readonly T[]): void {
    this.chunks.length = 0;
    this.maxes.length = 0;
    for (let start = 0; start < sorted.length; start += LOAD) {
      const chunk = sorted.slice(start, start + LOAD);
      this.chunks.push(chunk);
      this.maxes.push(chunk[chunk.length - 1]!);
    }
    this.count = sorted.length;
  }

  get size(): number {
    return this.count;
  }

  insert(item: T): void {
    if (this.chunks.length === 0) {
      this.chunks.push([item]);
      this.maxes.push(item);
      this.count = 1;
      return;
    }
    let ci = this.chunkAbove(item);
    if (ci === this.chunks.length) ci -= 1;
    const chunk = this.chunks[ci]!;
    chunk.splice(this.indexAbove(chunk, item), 0, item);
    this.maxes[ci] = chunk[chunk.length - 1]!;
    this.count += 1;
    if (chunk.length > 2 * LOAD) {
      const tail = chunk.splice(LOAD);
      this.chunks.splice(ci + 1, 0, tail);
      this.maxes.splice(ci, 1, chunk[chunk.length - 1]!, tail[tail.length - 1]!);
    }
  }

  /**
   * Inserts many items (none already in the list; `items` is sorted in place, unless the
   * caller says they are in order already): one sort,
   * then each chunk that receives items is merged with them once, instead of a binary
   * search and a splice per item. What a batch of new rows costs at scale.
   */
  insertMany(items: T[], sorted = false): void {
    if (items.length < BATCH) {
      for (const item of items) this.insert(item);
      return;
    }
    const { compare, chunks } = this;
    if (!sorted) items.sort(compare);
    if (chunks.length === 0) {
      this.fill(items);
      return;
    }
    const merged: T[][] = [];
    const maxes: T[] = [];
    // A chunk that takes nothing keeps its max from `maxes`: reading it from the chunk
    // would touch every chunk of a large list (a cache miss each).
    const keep = (ci: number) => {
      merged.push(chunks[ci]!);
      maxes.push(this.maxes[ci]!);
    };
    const put = (chunk: T[]) => {
      merged.push(chunk);
      maxes.push(chunk[chunk.length - 1]!);
    };
    // The chunks before the one the smallest item goes to take nothing: a batch at the end
    // of a list by time compares with no chunk before the last.
    const first = Math.min(this.chunkAbove(items[0]!), chunks.length - 1);
    for (let ci = 0; ci < first; ci++) keep(ci);
    let next = 0;
    for (let ci = first; ci < chunks.length; ci++) {
      if (next === items.length) {
        keep(ci);
        continue;
      }
      const chunk = chunks[ci]!;
      const max = this.maxes[ci]!;
      // As insert() places an item: in the first chunk whose max is above it, else the last.
      let end = next;
      if (ci === chunks.length - 1) end = items.length;
      else while (end < items.length && compare(items[end]!, max) < 0) end++;
      if (end === next) {
        keep(ci);
        continue;
      }
      if (end - next <= SPARSE) {
        // A few rows into a chunk (a small batch into a large list): spliced in place, so
        // no copy of the chunk is left for the collector.
        for (let j = next; j < end; j++)
          chunk.splice(this.indexAbove(chunk, items[j]!), 0, items[j]!);
        next = end;
        if (chunk.length <= 2 * LOAD) put(chunk);
        else for (let at = 0; at < chunk.length; at += LOAD) put(chunk.slice(at, at + LOAD));
        continue;
      }
      const out: T[] = new Array(chunk.length + end - next);
      let i = 0;
      let k = 0;
      // Items before the chunk's first one (new rows in a newest-first list) are copied
      // before it, and items past its last one (a batch of new times at the end of a list
      // by time) after it, with no search each.
      let head = next;
      while (head < end && compare(items[head]!, chunk[0]!) < 0) out[k++] = items[head++]!;
      let tail = end;
      while (tail > head && compare(items[tail - 1]!, max) > 0) tail--;
      for (let j = head; j < tail; j++) {
        const item = items[j]!;
        // A binary search from the last place, then a copy: no comparison per row passed.
        const at = this.indexAbove(chunk, item, i);
        while (i < at) out[k++] = chunk[i++]!;
        out[k++] = item;
      }
      while (i < chunk.length) out[k++] = chunk[i++]!;
      for (let j = tail; j < end; j++) out[k++] = items[j]!;
      next = end;
      if (out.length <= 2 * LOAD) put(out);
      else for (let at = 0; at < out.length; at += LOAD) put(out.slice(at, at + LOAD));
    }
    this.adopt(merged, maxes, this.count + items.length);
  }

  /**
   * Removes many items, all in the list (`items` is sorted in place): each chunk that
   * loses items is filtered once.
   */
  removeMany(items: T[]): void {
    if (items.length < BATCH) {
      for (const item of items) this.remove(item);
      return;
    }
    const { compare, chunks } = this;
    items.sort(compare);
    const kept: T[][] = [];
    const maxes: T[] = [];
    const missed: T[] = [];
    let next = 0;
    let removed = 0;
    // As insertMany: the chunks before the smallest item's, and those after the last
    // item's, are kept with their maxes as they are.
    const first = this.chunkAtOrAbove(items[0]!);
    for (let ci = 0; ci < chunks.length; ci++) {
      const chunk = chunks[ci]!;
      const max = this.maxes[ci]!;
      let end = next;
      if (ci >= first) while (end < items.length && compare(items[end]!, max) <= 0) end++;
      if (end === next) {
        kept.push(chunk);
        maxes.push(max);
        continue;
      }
      const out: T[] = [];
      let j = next;
      for (const item of chunk) {
        if (j < end && item === items[j]) j++;
        else out.push(item);
      }
      // An item not in the list stops the identity walk: those left go one by one below.
      for (; j < end; j++) missed.push(items[j]!);
      removed += chunk.length - out.length;
      next = end;
      if (out.length > 0) {
        kept.push(out);
        maxes.push(out[out.length - 1]!);
      }
    }
    this.adopt(kept, maxes, this.count - removed);
    for (const item of missed) this.remove(item);
  }

  private adopt(chunks: T[][], maxes: T[], count: number): void {
    this.chunks.length = 0;
    this.maxes.length = 0;
    for (let ci = 0; ci < chunks.length; ci++) {
      this.chunks.push(chunks[ci]!);
      this.maxes.push(maxes[ci]!);
    }
    this.count = count;
  }

  /** Removes the item; false when it is not in the list. */
  remove(item: T): boolean {
    const ci = this.chunkAtOrAbove(item);
    const chunk = this.chunks[ci];
    if (chunk === undefined) return false;
    const i = this.indexAtOrAbove(chunk, item);
    if (i === chunk.length || chunk[i] !== item) return false;
    chunk.splice(i, 1);
    this.count -= 1;
    if (chunk.length === 0) {
      this.chunks.splice(ci, 1);
      this.maxes.splice(ci, 1);
    } else {
      this.maxes[ci] = chunk[chunk.length - 1]!;
    }
    return true;
  }

  /** A walk from the first item. */
  cursor(): Cursor<T> {
    return this.walk(0, 0);
  }

  /** A walk from the first item strictly after `key` (which need not be in the list). */
  cursorAfter(key: T): Cursor<T> {
    const ci = this.chunkAbove(key);
    const chunk = this.chunks[ci];
    return this.walk(ci, chunk === undefined ? 0 : this.indexAbove(chunk, key));
  }

  /**
   * The first position whose item satisfies `isAtOrAfter`, a test that is false for a
   * prefix of the list and true for the rest (a lower bound by any key of the order).
   */
  firstWhere(isAtOrAfter: (item: T) => boolean): Position {
    let lo = 0;
    let hi = this.maxes.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (isAtOrAfter(this.maxes[mid]!)) hi = mid;
      else lo = mid + 1;
    }
    const chunk = this.chunks[lo];
    if (chunk === undefined) return this.end();
    let i = 0;
    let j = chunk.length;
    while (i < j) {
      const mid = (i + j) >>> 1;
      if (isAtOrAfter(chunk[mid]!)) j = mid;
      else i = mid + 1;
    }
    return { chunk: lo, index: i };
  }

  /** The position after the last item. */
  end(): Position {
    return { chunk: this.chunks.length, index: 0 };
  }

  /** The item at a position, or undefined at the end. */
  at(position: Position): T | undefined {
    return this.chunks[position.chunk]?.[position.index];
  }

  /** The item just before a position, or undefined at the start. */
  before(position: Position): T | undefined {
    if (position.index > 0) return this.chunks[position.chunk]?.[position.index - 1];
    const previous = this.chunks[position.chunk - 1];
    return previous?.[previous.length - 1];
  }

  /** How many items lie before a position: O(chunks), for estimates. */
  rank(position: Position): number {
    let count = 0;
    for (let c = 0; c < position.chunk && c < this.chunks.length; c++) {
      count += this.chunks[c]!.length;
    }
    return count + position.index;
  }

  /** The item `rank` items from the start (O(chunks)), or undefined past the end. */
  atRank(rank: number): T | undefined {
    let left = rank;
    for (const chunk of this.chunks) {
      if (left < chunk.length) return chunk[left];
      left -= chunk.length;
    }
    return undefined;
  }

  /** A rank function for many positions: O(chunks) once, then O(1) per position. */
  ranker(): (position: Position) => number {
    const before: number[] = [0];
    for (const chunk of this.chunks) before.push(before[before.length - 1]! + chunk.length);
    return (position) =>
      (before[Math.min(position.chunk, this.chunks.length)] ?? this.count) + position.index;
  }

  /** A walk forwards from a position. */
  cursorAt(position: Position): Cursor<T> {
    return this.walk(position.chunk, position.index);
  }

  /** Appends to `out` up to `count` items from a position on. */
  readRun(position: Position, count: number, out: T[]): void {
    const cursor = this.cursorAt(position);
    for (let n = 0; n < count; n++) {
      const item = cursor.peek();
      if (item === undefined) return;
      out.push(item);
      cursor.advance();
    }
  }

  /** A walk backwards from the item just before a position. */
  reverseCursorAt(position: Position): Cursor<T> {
    const { chunks } = this;
    let ci = Math.min(position.chunk, chunks.length);
    let i = ci === position.chunk ? position.index - 1 : -1;
    const settle = () => {
      while (ci >= 0 && i < 0) {
        ci -= 1;
        i = ci >= 0 ? chunks[ci]!.length - 1 : 0;
      }
    };
    settle();
    return {
      peek: () => (ci >= 0 ? chunks[ci]![i] : undefined),
      advance: () => {
        i -= 1;
        settle();
      },
    };
  }

  forEach(visit: (item: T) => void): void {
    for (const chunk of this.chunks) for (const item of chunk) visit(item);
  }

  *[Symbol.iterator](): IterableIterator<T> {
    for (const chunk of this.chunks) yield* chunk;
  }

  private walk(startChunk: number, startIndex: number): Cursor<T> {
    const { chunks } = this;
    let ci = startChunk;
    let i = startIndex;
    const settle = () => {
      while (ci < chunks.length && i >= chunks[ci]!.length) {
        ci += 1;
        i = 0;
      }
    };
    settle();
    return {
      peek: () => chunks[ci]?.[i],
      advance: () => {
        i += 1;
        settle();
      },
    };
  }

  /** First chunk whose max is > item (chunks.length if none). */
  private chunkAbove(item: T): number {
    let lo = 0;
    let hi = this.maxes.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.compare(this.maxes[mid]!, item) > 0) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  /** First chunk whose max is >= item. */
  private chunkAtOrAbove(item: T): number {
    let lo = 0;
    let hi = this.maxes.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.compare(this.maxes[mid]!, item) >= 0) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  private indexAbove(chunk: readonly T[], item: T, from = 0): number {
    let lo = from;
    let hi = chunk.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.compare(chunk[mid]!, item) > 0) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  private indexAtOrAbove(chunk: readonly T[], item: T): number {
    let lo = 0;
    let hi = chunk.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.compare(chunk[mid]!, item) >= 0) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}
