/**
 * What a data timer carries: plain JSON data, handed to the `VirtualClock.onTask`
 * dispatcher when due. Tasks are stored by reference; treat them as immutable.
 */
export interface TimerTask {
  readonly kind: string;
  readonly label?: string;
  readonly [key: string]: unknown;
}

/**
 * A pending timer of either kind. One shape for both kinds keeps property access
 * monomorphic on the hot path.
 */
export interface Entry {
  readonly id: number;
  dueAt: number;
  seq: number;
  /** 0 for one-shot timers. */
  readonly intervalMs: number;
  readonly task: TimerTask | undefined;
  readonly fn: Callback | undefined;
  readonly args: readonly unknown[];
  /** Scheduled with no delay by a timer firing at the same instant: counts for the loop guard. */
  chained: boolean;
  /** No longer pending: fired (one-shot) or cancelled. Cancelled ones linger in the queue. */
  done: boolean;
}

export type Callback = (...args: readonly unknown[]) => void;

/** The arguments of a timer that takes none (shared, frozen). */
export const NO_ARGS: readonly unknown[] = Object.freeze([]);

export function isBefore(a: Entry, b: Entry): boolean {
  return a.dueAt < b.dueAt || (a.dueAt === b.dueAt && a.seq < b.seq);
}

/** Binary min-heap of entries by (dueAt, seq). */
export class TimerQueue {
  #heap: Entry[] = [];

  get size(): number {
    return this.#heap.length;
  }

  /** The minimum; only call when size > 0. */
  top(): Entry {
    return this.#heap[0]!;
  }

  push(entry: Entry): void {
    const heap = this.#heap;
    let i = heap.length;
    heap.push(entry);
    while (i > 0) {
      const parent = (i - 1) >>> 1;
      const p = heap[parent]!;
      if (isBefore(p, entry)) break;
      heap[i] = p;
      i = parent;
    }
    heap[i] = entry;
  }

  /** Removes the minimum; only call when size > 0. */
  pop(): void {
    const last = this.#heap.pop()!;
    if (this.#heap.length > 0) this.#siftDown(0, last);
  }

  /** Drops entries that are done, in O(n). */
  sweep(): void {
    this.rebuild(this.#heap.filter((e) => !e.done));
  }

  /** Replaces the contents with `entries`, heapified in O(n). */
  rebuild(entries: Entry[]): void {
    this.#heap = entries;
    for (let i = (entries.length >>> 1) - 1; i >= 0; i--) this.#siftDown(i, entries[i]!);
  }

  #siftDown(start: number, entry: Entry): void {
    const heap = this.#heap;
    const n = heap.length;
    let i = start;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      let c = heap[child]!;
      if (child + 1 < n && isBefore(heap[child + 1]!, c)) c = heap[++child]!;
      if (isBefore(entry, c)) break;
      heap[i] = c;
      i = child;
    }
    heap[i] = entry;
  }
}
