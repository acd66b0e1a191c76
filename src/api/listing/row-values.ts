import type { SortValue } from './sort-slots.js';

/**
 * The values a row is filed under, packed: `[mask, ...values]`, where bit `slot` of the
 * mask says the row is in that column's list of other values and its value is stored,
 * in slot order. A column's dominant value is not stored: most rows hold it, so most
 * rows store a few values (their times, their host) instead of one per column. The mask
 * rides in the array (a small integer) so the entry keeps its shape.
 */
export type PackedValues = SortValue[];

/** How many of the mask's bits lie below `slot`: where the slot's value is stored. */
function rank(mask: number, slot: number): number {
  let x = mask & ((1 << slot) - 1);
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}

/** Whether the slot's value is stored (the row is in the column's list of others). */
export function isStored(packed: PackedValues, slot: number): boolean {
  return (((packed[0] as number) >>> slot) & 1) === 1;
}

/** The stored value of a slot (the caller knows it is stored). */
export function storedValue(packed: PackedValues, slot: number): SortValue {
  return packed[1 + rank(packed[0] as number, slot)] ?? null;
}

/**
 * Packs a row's values: `stored(slot, value)` tells which are kept (those not the
 * column's dominant value).
 *
 * @example
 * pack(['a', null], (slot) => slot === 0); // [1, 'a']
 */
export function pack(
  values: readonly SortValue[],
  stored: (slot: number, value: SortValue) => boolean,
  recent?: SortValue[],
): PackedValues {
  let mask = 0;
  let count = 0;
  for (let slot = 0; slot < values.length; slot++) {
    if (stored(slot, values[slot] ?? null)) {
      mask |= 1 << slot;
      count++;
    }
  }
  const out: PackedValues = new Array(count + 1);
  out[0] = mask;
  let at = 1;
  for (let slot = 0; slot < values.length; slot++) {
    if ((mask >>> slot) & 1)
      out[at++] = recent ? shared(recent, slot, values[slot] ?? null) : (values[slot] ?? null);
  }
  return out;
}

/**
 * The value to store for a slot: a number equal to the last one stored there is that
 * one's box. Times past 2^31 ms are heap numbers of 16 B each, and the rows written in one
 * clock advance (a batch built or settled together) mostly share their times, so they
 * share one box instead of each holding its own.
 */
function shared(recent: SortValue[], slot: number, value: SortValue): SortValue {
  if (typeof value !== 'number') return value;
  const last = recent[slot];
  if (last === value) return last;
  recent[slot] = value;
  return value;
}

/**
 * The packed values with a slot's value stored, or dropped (`stored` false). A new array
 * of the exact length when the mask changes: a splice would leave the old capacity (or
 * grow it by half) in every row when a column's dominant value changes.
 */
export function setStored(
  packed: PackedValues,
  slot: number,
  value: SortValue,
  stored: boolean,
): PackedValues {
  const mask = packed[0] as number;
  const at = 1 + rank(mask, slot);
  const was = ((mask >>> slot) & 1) === 1;
  if (stored === was) {
    if (stored) packed[at] = value;
    return packed;
  }
  const out: PackedValues = new Array(packed.length + (stored ? 1 : -1));
  out[0] = stored ? mask | (1 << slot) : mask & ~(1 << slot);
  let k = 1;
  for (let i = 1; i < packed.length; i++) {
    if (i === at) {
      if (stored) out[k++] = value;
      else continue;
    }
    out[k++] = packed[i] ?? null;
  }
  if (stored && at === packed.length) out[k] = value;
  return out;
}

/**
 * The packed values with the slots of changes `from` to `to` set anew: `slots[k]`
 * (ascending within the range) takes `values[k]`, stored when `stored[k]`. When no slot
 * joins or leaves the stored ones (a status write moving `updated_at`), the same array
 * written in place: a settle re-packs nothing. Otherwise a new array of the exact
 * length, built in one pass.
 *
 * @example
 * rewrite([1, 'a'], [0], ['b'], [true], 0, 1); // the same array, now [1, 'b']
 */
export function rewrite(
  packed: PackedValues,
  slots: readonly number[],
  values: readonly SortValue[],
  stored: readonly boolean[],
  from: number,
  to: number,
  recent?: SortValue[],
): PackedValues {
  const mask = packed[0] as number;
  let next = mask;
  for (let k = from; k < to; k++) {
    const bit = 1 << slots[k]!;
    next = stored[k] ? next | bit : next & ~bit;
  }
  const keep = (k: number) =>
    recent ? shared(recent, slots[k]!, values[k] ?? null) : (values[k] ?? null);
  if (next === mask) {
    for (let k = from; k < to; k++) {
      if (stored[k]) packed[1 + rank(mask, slots[k]!)] = keep(k);
    }
    return packed;
  }
  let length = 1;
  for (let x = next; x !== 0; x &= x - 1) length++;
  const out: PackedValues = new Array(length);
  out[0] = next;
  let read = 1;
  let at = 1;
  let k = from;
  for (let slot = 0; (mask | next) >>> slot !== 0; slot++) {
    const old = ((mask >>> slot) & 1) === 1 ? (packed[read++] ?? null) : null;
    const changed = k < to && slots[k] === slot;
    if (((next >>> slot) & 1) === 1) out[at++] = changed ? keep(k) : old;
    if (changed) k++;
  }
  return out;
}
