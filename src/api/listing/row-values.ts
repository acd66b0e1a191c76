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
    if ((mask >>> slot) & 1) out[at++] = values[slot] ?? null;
  }
  return out;
}

/** Stores a slot's value, or drops it (`stored` false), in place. */
export function setStored(
  packed: PackedValues,
  slot: number,
  value: SortValue,
  stored: boolean,
): void {
  const mask = packed[0] as number;
  const at = 1 + rank(mask, slot);
  const was = ((mask >>> slot) & 1) === 1;
  if (stored && !was) {
    packed.splice(at, 0, value);
    packed[0] = mask | (1 << slot);
  } else if (!stored && was) {
    packed.splice(at, 1);
    packed[0] = mask & ~(1 << slot);
  } else if (stored) {
    packed[at] = value;
  }
}
