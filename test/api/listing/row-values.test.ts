import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  isStored,
  pack,
  rewrite,
  setStored,
  storedValue,
} from '../../../src/api/listing/row-values.js';
import type { SortValue } from '../../../src/api/listing/sort-slots.js';

const SLOTS = 24;
const value = fc.oneof(fc.constant(null), fc.integer(), fc.string({ maxLength: 3 }));
const row = fc.array(value, { minLength: SLOTS, maxLength: SLOTS });
const storedSet = fc.array(fc.boolean(), { minLength: SLOTS, maxLength: SLOTS });

describe('packed row values', () => {
  it('setStored gives what packing the row afresh gives, and a new array when the mask changes', () => {
    fc.assert(
      fc.property(
        row,
        storedSet,
        fc.nat(SLOTS - 1),
        value,
        fc.boolean(),
        (values, kept, slot, next, keep) => {
          const packed = pack(values, (s) => kept[s]!);
          const changed = setStored(packed, slot, next, keep);
          const after = [...values];
          after[slot] = next;
          const keptAfter = [...kept];
          keptAfter[slot] = keep;
          expect(changed).toEqual(pack(after, (s) => keptAfter[s]!));
          // A splice would keep the old capacity: the mask changing makes a new array.
          expect(changed === packed).toBe(kept[slot] === keep);
          for (let s = 0; s < SLOTS; s++) {
            expect(isStored(changed, s)).toBe(keptAfter[s]);
            if (keptAfter[s]) expect(storedValue(changed, s)).toBe(after[s]);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('rewrite gives what packing the row afresh gives, in place exactly when the mask holds', () => {
    const change = fc.record({ slot: fc.nat(SLOTS - 1), next: value, keep: fc.boolean() });
    fc.assert(
      fc.property(row, storedSet, fc.array(change, { maxLength: 6 }), (values, kept, raw) => {
        // One change per slot, in slot order, as a settle passes them.
        const changes = [...new Map(raw.map((c) => [c.slot, c])).values()].sort(
          (a, b) => a.slot - b.slot,
        );
        const packed = pack(values, (s) => kept[s]!);
        const mask = packed[0];
        const after = [...values];
        const keptAfter = [...kept];
        for (const c of changes) {
          after[c.slot] = c.next;
          keptAfter[c.slot] = c.keep;
        }
        // A change of no slot at the start: the range's bounds are honoured.
        const slots = [-1, ...changes.map((c) => c.slot)];
        const next = [null, ...changes.map((c) => c.next)];
        const keep = [false, ...changes.map((c) => c.keep)];
        const out = rewrite(packed, slots, next, keep, 1, slots.length);
        const fresh = pack(after, (s) => keptAfter[s]!);
        expect(out).toEqual(fresh);
        expect(out === packed).toBe(fresh[0] === mask);
      }),
      { numRuns: 300 },
    );
  });

  it('rows packed after one another share the number of a slot they hold alike', () => {
    const recent: SortValue[] = Array.from({ length: SLOTS }, () => null);
    const time = 1_767_225_606_500;
    // Two numbers equal in value but computed apart (each its own heap number in V8).
    const a = pack([time + 0.5 - 0.5, 'x'], () => true, recent);
    const b = pack([time + 1.5 - 1.5, 'y'], () => true, recent);
    expect(b[1]).toBe(time);
    expect(a[1]).toBe(b[1]);
    expect(recent[0]).toBe(time);
    expect(pack([7, 'z'], () => true, recent)[1]).toBe(7);
    expect(recent[0]).toBe(7);
  });
});
