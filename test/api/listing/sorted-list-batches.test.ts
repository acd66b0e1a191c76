import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SortedList } from '../../../src/api/listing/index.js';

const byValue = (a: number, b: number) => a - b;

/** A batch of distinct values, some of them already in the list or not, per `present`. */
const batches = fc.array(
  fc.tuple(fc.boolean(), fc.uniqueArray(fc.integer({ min: 0, max: 5000 }), { maxLength: 1500 })),
  { maxLength: 12 },
);

describe('SortedList batches', () => {
  it('insertMany and removeMany leave what inserts and removes one by one leave', () => {
    fc.assert(
      fc.property(batches, (script) => {
        const list = new SortedList(byValue);
        const model = new Set<number>();
        for (const [add, values] of script) {
          if (add) {
            const fresh = values.filter((v) => !model.has(v));
            list.insertMany(fresh);
            for (const v of fresh) model.add(v);
          } else {
            // Values not in the list are passed too: they are left alone.
            list.removeMany([...values]);
            for (const v of values) model.delete(v);
          }
          const sorted = [...model].sort(byValue);
          expect([...list]).toEqual(sorted);
          expect(list.size).toBe(sorted.length);
        }
        // Still a valid chunked list: single inserts and removes land in order.
        list.insert(-1);
        list.insert(9999);
        expect(list.remove(-1)).toBe(true);
        expect([...list]).toEqual([...model, 9999].sort(byValue));
      }),
      { numRuns: 60 },
    );
  });

  it('copies a batch that lands before or after a chunk, sorted or not, in order', () => {
    const middle = Array.from({ length: 3000 }, (_, i) => 10_000 + i * 2);
    const list = new SortedList(byValue, middle);
    // Newest-first lists take new rows at their head, lists by time at their tail.
    const head = Array.from({ length: 40 }, (_, i) => 39 - i);
    const tail = Array.from({ length: 600 }, (_, i) => 20_000 + i);
    const inside = Array.from({ length: 30 }, (_, i) => 10_001 + i * 100);
    list.insertMany([...head, ...inside, ...tail]);
    list.insertMany(
      Array.from({ length: 20 }, (_, i) => 100 + i),
      true,
    );
    const all = [
      ...middle,
      ...head,
      ...tail,
      ...inside,
      ...Array.from({ length: 20 }, (_, i) => 100 + i),
    ];
    expect([...list]).toEqual(all.sort(byValue));
    expect(list.atRank(0)).toBe(0);
    expect(list.atRank(40)).toBe(100);
    expect(list.atRank(all.length - 1)).toBe(20_599);
    expect(list.atRank(all.length)).toBeUndefined();
    // Still a valid chunked list.
    list.insert(10_003);
    expect(list.cursorAfter(10_002).peek()).toBe(10_003);
  });

  it('splices a sparse batch (a few rows per chunk) into a large list in order', () => {
    const evens = Array.from({ length: 10_000 }, (_, i) => i * 2);
    const list = new SortedList(byValue, evens);
    const sparse = Array.from({ length: 40 }, (_, i) => i * 499 + 1);
    list.insertMany([...sparse]);
    expect([...list]).toEqual([...evens, ...sparse].sort(byValue));
    list.removeMany([...sparse]);
    expect([...list]).toEqual(evens);
  });

  it('splits a chunk that a large batch overfills, so walks from any key still work', () => {
    const list = new SortedList(byValue, [0, 100_000]);
    const many = Array.from({ length: 5000 }, (_, i) => i * 2 + 1);
    list.insertMany(many);
    expect(list.size).toBe(5002);
    const cursor = list.cursorAfter(4001);
    expect(cursor.peek()).toBe(4003);
    expect(list.ranker()(list.firstWhere((v) => v >= 9999))).toBe(5000);
  });
});
