/**
 * Hosts ordered by weigher key, kept sorted as claims change the keys, so that
 * selection walks from the best host and stops at the first few that pass the
 * filters instead of weighing every host.
 *
 * Layout: `order` holds host slots sorted by `(key, name)` ascending; `keys` and
 * `names` are indexed by slot. Positions are found by binary search on
 * `(key, name)`, which is a total order because host names are unique, and a
 * re-keyed host moves by one `copyWithin` over the span it crosses: a memmove
 * of at most `size` 32-bit integers (40 kB at 10,000 hosts, about a microsecond).
 */
export interface HostIndex {
  readonly size: number;
  /** The slot at `position` (0 = best). */
  slotAt(position: number): number;
  /** The key at `position`. */
  keyAt(position: number): number;
  has(slot: number): boolean;
  insert(slot: number, key: number, name: string): void;
  remove(slot: number): void;
  /** Gives a present slot a new key and moves it to its new position. */
  update(slot: number, key: number): void;
  /** The first position whose key is ≥ `key` (`size` if none). */
  firstAtLeast(key: number): number;
  /** The first position whose key is > `key` (`size` if none). */
  firstAbove(key: number): number;
}

/** Ascending by key, then by host name (code-unit order, as everywhere in the scheduler). */
function before(keyA: number, nameA: string, keyB: number, nameB: string): boolean {
  return keyA < keyB || (keyA === keyB && nameA < nameB);
}

export function createHostIndex(): HostIndex {
  let order = new Int32Array(64);
  let keys = new Float64Array(64);
  let present = new Uint8Array(64);
  const names: string[] = [];
  let size = 0;

  function ensureSlot(slot: number): void {
    if (slot < keys.length) return;
    let length = keys.length;
    while (length <= slot) length *= 2;
    const k = new Float64Array(length);
    k.set(keys);
    keys = k;
    const p = new Uint8Array(length);
    p.set(present);
    present = p;
  }

  function ensureOrder(): void {
    if (size < order.length) return;
    const o = new Int32Array(order.length * 2);
    o.set(order);
    order = o;
  }

  /** First position in `[lo, hi)` whose entry is not before `(key, name)`. */
  function lowerBound(key: number, name: string, lo: number, hi: number): number {
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const s = order[mid]!;
      if (before(keys[s]!, names[s]!, key, name)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** First position in `[0, size)` whose key is above `key`, or at least `key` when `orEqual`. */
  function keyBound(key: number, orEqual: boolean): number {
    let lo = 0;
    let hi = size;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const k = keys[order[mid]!]!;
      if (k < key || (!orEqual && k === key)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  function positionOf(slot: number): number {
    const pos = lowerBound(keys[slot]!, names[slot]!, 0, size);
    if (pos >= size || order[pos] !== slot) {
      throw new Error(`Host index is corrupt: slot ${slot} (${names[slot]}) not found`);
    }
    return pos;
  }

  return {
    get size() {
      return size;
    },
    slotAt(position) {
      return order[position]!;
    },
    keyAt(position) {
      return keys[order[position]!]!;
    },
    has(slot) {
      return slot < present.length && present[slot] === 1;
    },
    insert(slot, key, name) {
      ensureSlot(slot);
      if (present[slot] === 1) throw new Error(`Host index: slot ${slot} is already present`);
      ensureOrder();
      keys[slot] = key;
      names[slot] = name;
      const pos = lowerBound(key, name, 0, size);
      order.copyWithin(pos + 1, pos, size);
      order[pos] = slot;
      present[slot] = 1;
      size++;
    },
    remove(slot) {
      if (present[slot] !== 1) throw new Error(`Host index: slot ${slot} is not present`);
      const pos = positionOf(slot);
      order.copyWithin(pos, pos + 1, size);
      present[slot] = 0;
      size--;
    },
    firstAtLeast(key) {
      return keyBound(key, true);
    },
    firstAbove(key) {
      return keyBound(key, false);
    },
    update(slot, key) {
      if (present[slot] !== 1) throw new Error(`Host index: slot ${slot} is not present`);
      const oldKey = keys[slot]!;
      if (key === oldKey) return;
      const name = names[slot]!;
      const pos = positionOf(slot);
      keys[slot] = key;
      if (key > oldKey) {
        // Entries after pos that now sort before the host shift one place left.
        const to = lowerBound(key, name, pos + 1, size) - 1;
        order.copyWithin(pos, pos + 1, to + 1);
        order[to] = slot;
      } else {
        const to = lowerBound(key, name, 0, pos);
        order.copyWithin(to + 1, to, pos);
        order[to] = slot;
      }
    },
  };
}
