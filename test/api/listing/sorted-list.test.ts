import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SortedList } from '../../../src/api/listing/index.js';

const byValue = (a: number, b: number) => a - b;

function drain(cursor: { peek(): number | undefined; advance(): void }): number[] {
  const out: number[] = [];
  for (let item = cursor.peek(); item !== undefined; item = cursor.peek()) {
    out.push(item);
    cursor.advance();
  }
  return out;
}

describe('SortedList', () => {
  it('behaves like a sorted array under inserts and removes, across chunk splits', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 3000 })), { maxLength: 3000 }),
        fc.integer({ min: -1, max: 3001 }),
        (script, probe) => {
          const list = new SortedList(byValue);
          const model = new Set<number>();
          for (const [add, value] of script) {
            if (add && !model.has(value)) {
              list.insert(value);
              model.add(value);
            } else if (!add) {
              expect(list.remove(value)).toBe(model.has(value));
              model.delete(value);
            }
          }
          const sorted = [...model].sort(byValue);
          expect([...list]).toEqual(sorted);
          expect(list.size).toBe(sorted.length);
          expect(drain(list.cursor())).toEqual(sorted);
          expect(drain(list.cursorAfter(probe))).toEqual(sorted.filter((v) => v > probe));
        },
      ),
      { numRuns: 60, seed: 7 },
    );
  });

  it('starts from a sorted array and keeps accepting inserts', () => {
    const start = Array.from({ length: 2000 }, (_, i) => i * 2);
    const list = new SortedList(byValue, start);
    list.insert(1001);
    list.insert(-1);
    expect(list.remove(1000)).toBe(true);
    expect(list.remove(1000)).toBe(false);
    const expected = [-1, ...start.filter((v) => v !== 1000), 1001].sort(byValue);
    expect([...list]).toEqual(expected);
    expect(drain(list.cursorAfter(3997))).toEqual([3998]);
    expect(drain(list.cursorAfter(4000))).toEqual([]);
  });
});

describe('SortedList positions', () => {
  it('finds lower bounds, ranks them, and walks both ways from them', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 0, max: 5000 }), { maxLength: 3000 }),
        fc.integer({ min: -1, max: 5001 }),
        (values, probe) => {
          const sorted = [...values].sort(byValue);
          const list = new SortedList(byValue);
          for (const value of values) list.insert(value);
          const at = list.firstWhere((item) => item >= probe);
          const below = sorted.filter((v) => v < probe);
          expect(list.rank(at)).toBe(below.length);
          expect(list.ranker()(at)).toBe(below.length);
          expect(list.at(at)).toBe(sorted[below.length]);
          expect(list.before(at)).toBe(below[below.length - 1]);
          expect(drain(list.cursorAt(at))).toEqual(sorted.slice(below.length));
          expect(drain(list.reverseCursorAt(at))).toEqual(below.reverse());
        },
      ),
      { numRuns: 100 },
    );
  });
});
