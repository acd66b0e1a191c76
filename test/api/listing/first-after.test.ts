import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compareKeys,
  firstAfter,
  type SortDir,
  type SortSpec,
  sortKeyOf,
  sortServers,
} from '../../../src/api/listing/sorting.js';
import type { Server } from '../../../src/compute/server.js';

/** Just the fields the sort keys below read. */
const server = fc.record({
  name: fc.constantFrom('a', 'B', 'b', 'c'),
  createdAt: fc.integer({ min: 0, max: 3 }),
  keyName: fc.option(fc.constantFrom('k1', 'k2'), { nil: null }),
});

describe('firstAfter', () => {
  it('equals a full sort cut after the marker', () => {
    fc.assert(
      fc.property(
        fc.array(server, { maxLength: 40 }),
        fc.array(
          fc.tuple(
            fc.constantFrom('display_name', 'created_at', 'key_name'),
            fc.constantFrom<SortDir>('asc', 'desc'),
          ),
          { maxLength: 3 },
        ),
        fc.integer({ min: 0, max: 12 }),
        fc.option(fc.nat(), { nil: undefined }),
        (fields, keys, count, markerAt) => {
          const servers = fields.map(
            (f, i) =>
              ({ ...f, id: `${i.toString(16).padStart(8, '0')}-x`, dbId: i }) as unknown as Server,
          );
          const spec: SortSpec = {
            keys: [...keys.map(([k]) => k), 'uuid'],
            dirs: [...keys.map(([, d]) => d), 'asc'],
          };
          const marker =
            markerAt === undefined || servers.length === 0
              ? undefined
              : servers[markerAt % servers.length];
          const sorted = sortServers(spec, servers);
          const markerKey = marker && sortKeyOf(spec, marker);
          const expected = sorted
            .filter((s) => !markerKey || compareKeys(spec, sortKeyOf(spec, s), markerKey) > 0)
            .slice(0, count);
          expect(firstAfter(spec, servers, marker, count)).toEqual(expected);
        },
      ),
      { numRuns: 200, seed: 3 },
    );
  });
});
