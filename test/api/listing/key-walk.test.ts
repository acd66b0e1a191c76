import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { literalPrefix } from '../../../src/api/listing/address-index.js';
import { byUuid, type Entry, keyOf } from '../../../src/api/listing/entry.js';
import { compareIn, type WalkMode, walkKeyList } from '../../../src/api/listing/key-walk.js';
import { SortedList } from '../../../src/api/listing/sorted-list.js';
import { compareValues } from '../../../src/api/listing/sorting.js';
import type { Server } from '../../../src/compute/server.js';

function entry(id: string, value: number | string | null): Entry {
  const e = keyOf({ id, createdAt: 0 } as Server);
  e.values = [value];
  return e;
}

const valueIn = (e: Entry) => e.values[0] ?? null;

function drain(cursor: { peek(): Entry | undefined; advance(): void }): string[] {
  const out: string[] = [];
  for (let e = cursor.peek(); e !== undefined; e = cursor.peek()) {
    out.push(e.id);
    cursor.advance();
  }
  return out;
}

const hexId = fc
  .array(fc.constantFrom(...'0123456789abcdef'), { minLength: 8, maxLength: 8 })
  .map((chars) => `${chars.join('')}-0000`);

describe('walkKeyList', () => {
  it('reads a (value, uuid) list in every mode, from after any marker, as a sort does', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(
          fc.tuple(hexId, fc.oneof(fc.constant(null), fc.nat(4), fc.constantFrom('a', 'b'))),
          {
            selector: ([id]) => id,
            maxLength: 1500,
          },
        ),
        fc.constantFrom<WalkMode>('asc', 'desc', 'reverse'),
        fc.option(fc.tuple(hexId, fc.oneof(fc.constant(null), fc.nat(4), fc.constant('a'))), {
          nil: undefined,
        }),
        (rows, mode, marker) => {
          const entries = rows.map(([id, value]) => entry(id, value));
          const compare = (a: Entry, b: Entry) =>
            compareValues(valueIn(a), valueIn(b)) || byUuid(a, b);
          const list = new SortedList(compare, [...entries].sort(compare));
          const after = marker
            ? { value: marker[1], entry: entry(marker[0], marker[1]) }
            : undefined;
          const order = (a: Entry, b: Entry) => compareIn(mode, valueIn(a), a, valueIn(b), b);
          const expected = [...entries]
            .sort(order)
            .filter((e) => after === undefined || order(e, after.entry) > 0)
            .map((e) => e.id);
          expect(drain(walkKeyList(list, valueIn, mode, after))).toEqual(expected);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('literalPrefix', () => {
  it.each([
    ['10\\.0\\.0\\.1', '10.0.0.1'],
    ['10.', '10'],
    ['10\\.0\\.[0-9]+', '10.0.'],
    ['fd00:ab?', 'fd00:a'],
    ['ab*c', 'a'],
    ['a{2}', ''],
    ['a+b', 'a'],
    ['10|192', ''],
    ['(?i)fd', ''],
    ['^10', ''],
    ['\\d+', ''],
  ])('%s starts every match with %j', (pattern, prefix) => {
    expect(literalPrefix(pattern)).toBe(prefix);
  });
});
