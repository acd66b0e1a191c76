import type { Entry } from './timer-queue.js';

/**
 * Pending entries by id. Ids are issued in increasing order and most timers are short-lived,
 * so recent ids live in an array window indexed by `id - base`; when more than half the
 * window is empty, its older half is dropped and the entries still pending there move to a
 * Map. With 100k pending timers and constant churn, a Map alone costs ~300 ns per set +
 * delete, half the cost of a whole timer; the window costs a few ns.
 */
export class IdIndex {
  size = 0;
  /** The id at `#window[0]`. */
  #base: number;
  #window: (Entry | undefined)[] = [];
  #windowSize = 0;
  readonly #old = new Map<number, Entry>();

  /** `nextId`: the next id to be issued; older ids go straight to the Map. */
  constructor(nextId: number) {
    this.#base = nextId;
  }

  get(id: number): Entry | undefined {
    const i = id - this.#base;
    return i >= 0 ? this.#window[i] : this.#old.get(id);
  }

  add(entry: Entry): void {
    const window = this.#window;
    const i = entry.id - this.#base;
    if (i === window.length) {
      if (i >= 1024 && this.#windowSize * 2 < i) this.#slide();
      this.#window.push(entry);
      this.#windowSize++;
    } else {
      // Only restored entries, whose ids predate the window.
      this.#old.set(entry.id, entry);
    }
    this.size++;
  }

  delete(entry: Entry): void {
    const i = entry.id - this.#base;
    if (i >= 0) {
      this.#window[i] = undefined;
      this.#windowSize--;
    } else {
      this.#old.delete(entry.id);
    }
    this.size--;
  }

  /** The entries, in no particular order. */
  values(): Entry[] {
    const out = [...this.#old.values()];
    for (const e of this.#window) if (e !== undefined) out.push(e);
    return out;
  }

  #slide(): void {
    const window = this.#window;
    const half = window.length >>> 1;
    for (let i = 0; i < half; i++) {
      const e = window[i];
      if (e !== undefined) {
        this.#old.set(e.id, e);
        this.#windowSize--;
      }
    }
    this.#window = window.slice(half);
    this.#base += half;
  }
}
