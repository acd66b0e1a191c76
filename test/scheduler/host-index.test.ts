import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createHostIndex } from '../../src/scheduler/host-index.js';

describe('host index', () => {
  it('stays sorted by (key, name) through inserts, removes and re-keys', () => {
    const op = fc.record({
      kind: fc.constantFrom('insert', 'remove', 'update'),
      slot: fc.nat(150),
      key: fc.integer({ min: -5, max: 5 }),
    });
    fc.assert(
      fc.property(fc.array(op, { maxLength: 300 }), (ops) => {
        const index = createHostIndex();
        const model = new Map<number, number>();
        const name = (slot: number) => `h${String(slot).padStart(3, '0')}`;
        for (const o of ops) {
          const present = model.has(o.slot);
          if (o.kind === 'insert' && !present) {
            index.insert(o.slot, o.key, name(o.slot));
            model.set(o.slot, o.key);
          } else if (o.kind === 'remove' && present) {
            index.remove(o.slot);
            model.delete(o.slot);
          } else if (o.kind === 'update' && present) {
            index.update(o.slot, o.key);
            model.set(o.slot, o.key);
          }
          expect(index.has(o.slot)).toBe(model.has(o.slot));
        }
        const expected = [...model]
          .sort(([sa, ka], [sb, kb]) => ka - kb || (name(sa) < name(sb) ? -1 : 1))
          .map(([slot]) => slot);
        expect(Array.from({ length: index.size }, (_, i) => index.slotAt(i))).toEqual(expected);
      }),
    );
  });

  it('refuses a double insert and a missing remove', () => {
    const index = createHostIndex();
    index.insert(0, 1, 'a');
    expect(() => index.insert(0, 1, 'a')).toThrow();
    expect(() => index.remove(1)).toThrow();
    expect(() => index.update(1, 0)).toThrow();
  });
});
