import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { byUuid, keyOf } from '../../../src/api/listing/entry.js';
import { parseListRequest, runListPlan } from '../../../src/api/listing/index.js';
import { FillSorter, orderByValue, uuidOrder } from '../../../src/api/listing/row-fill.js';
import { SORTED_COLUMNS, type SortValue } from '../../../src/api/listing/sort-slots.js';
import { compareValues } from '../../../src/api/listing/sorting.js';
import { type Cloud, createCloud } from '../../../src/cloud.js';
import type { Caller } from '../../../src/compute/operations.js';
import * as ops from '../../../src/compute/operations.js';
import type { Server } from '../../../src/compute/server.js';
import { isNovaError } from '../../../src/errors/nova-error.js';
import { restoreSnapshot } from '../../../src/snapshot/restore.js';
import { saveSnapshot } from '../../../src/snapshot/save.js';
import { boot, listContext, newCloud } from './helpers.js';

const entryOf = (id: string, createdAt = 0) => keyOf({ id, createdAt } as Server);

describe('uuidOrder', () => {
  it('orders as byUuid, with shared prefixes and ids that are not lowercase hex', () => {
    const hex = fc.constantFrom(...'0123456789abcdef');
    const id = fc.oneof(
      // A few prefixes, so many rows share their first 7 digits.
      fc
        .tuple(fc.constantFrom('0000000', 'abcdef0', 'fffffff'), fc.string({ unit: hex }))
        .map(([p, rest]) => p + rest),
      fc.uuid(),
      fc.string({ minLength: 0, maxLength: 9 }),
    );
    fc.assert(
      fc.property(fc.uniqueArray(id, { maxLength: 60 }), (ids) => {
        const entries = ids.map((i) => entryOf(i));
        const order = Array.from(uuidOrder(entries), (i) => entries[i]!.id);
        expect(order).toStrictEqual([...entries].sort(byUuid).map((e) => e.id));
      }),
      { numRuns: 300, seed: 14 },
    );
  });
});

describe('orderByValue', () => {
  it('is a stable sort by compareValues', () => {
    const value: fc.Arbitrary<SortValue> = fc.oneof(
      fc.constant(null),
      fc.integer({ min: -3, max: 3 }),
      fc.constantFrom(0.5, 1e12, -0),
      fc.constantFrom('', 'a', 'b', 'ab', 'B'),
    );
    fc.assert(
      fc.property(fc.array(value, { maxLength: 50 }), (values) => {
        const items = values.map((_, i) => i);
        const expected = [...items].sort((a, b) => compareValues(values[a]!, values[b]!) || a - b);
        expect(orderByValue(items, values)).toStrictEqual(expected);
      }),
      { numRuns: 300, seed: 14 },
    );
  });
});

describe('FillSorter', () => {
  const value: fc.Arbitrary<SortValue> = fc.oneof(
    fc.constant(null),
    fc.integer({ min: -3, max: 3 }),
    fc.constantFrom(0.5, 1e12, -0),
    fc.constantFrom('', 'a', 'b', 'ab', 'B'),
  );
  // Rows' values with runs of one value (a multi-create's), a permutation of the rows, and
  // which columns repeat the one before (a name and its hostname).
  const columns = fc
    .array(fc.tuple(value, fc.integer({ min: 1, max: 4 })), { maxLength: 20 })
    .map((runs) => runs.flatMap(([v, n]) => Array.from({ length: n }, () => v)))
    .chain((rows) =>
      fc.tuple(
        fc.constant(rows),
        fc.shuffledSubarray(
          rows.map((_, i) => i),
          { minLength: rows.length },
        ),
        fc.array(
          fc.tuple(
            fc.boolean(),
            fc.boolean(),
            fc.array(value, { minLength: rows.length, maxLength: rows.length }),
          ),
          { maxLength: 4 },
        ),
      ),
    );

  it('sorts the rows at `order` stably by their own values, either way, column after column', () => {
    fc.assert(
      fc.property(columns, ([first, order, more]) => {
        const sorter = new FillSorter(Int32Array.from(order));
        const items = order.map((row) => `row ${row}`);
        let previous = first;
        for (const [repeat, descending, other] of [[false, false, first] as const, ...more]) {
          // A repeat is an equal column in a new array, as the fill reads one per column.
          const values = repeat ? [...previous] : other;
          const sign = descending ? -1 : 1;
          const expected = order
            .map((row, k) => ({ row, k }))
            .sort((a, b) => sign * compareValues(values[a.row]!, values[b.row]!) || a.k - b.k)
            .map(({ row }) => `row ${row}`);
          expect(sorter.byValue(items, values, descending)).toStrictEqual(expected);
          previous = values;
        }
      }),
      { numRuns: 300, seed: 14 },
    );
  });
});

// Sort keys read through every column list, the aliases and the uuid list.
const SORT_KEYS = [...SORTED_COLUMNS, 'node', 'uuid', 'project_id', 'progress'];
const PROJECTS = ['p0', 'p1'];
const ADMIN: Caller = { projectId: 'p0', userId: 'root', isAdmin: true, requestId: 'r' };

const OPS: Record<string, (cloud: Cloud, server: Server) => void> = {
  stop: (c, s) => ops.stop(c.compute, s, ADMIN),
  lock: (c, s) => ops.lock(c.compute, s, ADMIN, null),
  pause: (c, s) => ops.pause(c.compute, s, ADMIN),
  delete: (c, s) => ops.deleteServer(c.compute, s, ADMIN),
  error: (c, s) => ops.resetState(c.compute, s, ADMIN, 'error'),
};

type Step =
  | { kind: 'create'; project: number; name: string; count: number }
  | { kind: 'advance'; ms: number }
  | { kind: 'op'; op: string; server: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    kind: fc.constant('create' as const),
    project: fc.nat(1),
    name: fc.constantFrom('web', 'Web', 'db'),
    count: fc.integer({ min: 1, max: 6 }),
  }),
  fc.record({ kind: fc.constant('advance' as const), ms: fc.constantFrom(0, 700, 30_000) }),
  fc.record({
    kind: fc.constant('op' as const),
    op: fc.constantFrom(...Object.keys(OPS)),
    server: fc.nat(),
  }),
);

function run(cloud: Cloud, steps: readonly Step[]): void {
  for (const s of steps) {
    if (s.kind === 'create') {
      const caller = { projectId: PROJECTS[s.project]!, userId: 'u', isAdmin: false };
      boot(cloud, { name: s.name, count: s.count }, { ...caller, requestId: 'r' });
    } else if (s.kind === 'advance') cloud.clock.advance(s.ms);
    else {
      const servers = [...cloud.compute.servers.values()];
      if (servers.length === 0) continue;
      try {
        OPS[s.op]!(cloud, servers[s.server % servers.length]!);
      } catch (error) {
        if (!isNovaError(error)) throw error;
      }
    }
  }
}

/** A sorted page (ids, or the fault) through the index, or by a scan. */
function page(cloud: Cloud, query: string, scan: boolean): string[] | string {
  try {
    const context = listContext(cloud, query, ADMIN);
    // all_tenants asks for the admin role, not only isAdmin.
    const auth = { ...context.auth, roles: ['admin', 'member'] };
    const plan = parseListRequest({ ...context, auth }, true);
    if (plan === 'empty') return [];
    return runListPlan(cloud, plan, { scan }).map((server) => server.id);
  } catch (error) {
    if (isNovaError(error)) return `${error.code} ${error.message}`;
    throw error;
  }
}

describe('a restored cloud fills its column lists in one pass', () => {
  it('lists by every sort key as the cloud it came from, and as a scan', () => {
    let rowsSeen = 0;
    fc.assert(
      fc.property(
        fc.array(step, { minLength: 1, maxLength: 25 }),
        fc.constantFrom('asc', 'desc'),
        fc.nat(),
        (steps, dir, marker) => {
          const cloud = newCloud();
          run(cloud, steps);
          const lines = saveSnapshot(cloud);
          const restored = [createCloud({ restore: cloud.snapshot() }), restoreSnapshot(lines)];
          const ids = [...cloud.compute.servers.keys()];
          // Name filters read the free-text columns' marks (text-marks.ts), which the fill
          // counts: a literal no row holds, one some rows hold, a regex.
          const filters = ['name=zz', 'name=eb', 'hostname=d', 'name=^w.b$'];
          for (const key of [...SORT_KEYS, ...filters]) {
            const sort = key.includes('=') ? key : `sort_key=${key}&sort_dir=${dir}`;
            const query = [`all_tenants=1&${sort}`];
            if (ids.length > 0)
              query.push(`${query[0]}&limit=3&marker=${ids[marker % ids.length]}`);
            for (const q of query) {
              const expected = page(cloud, q, false);
              // Pages, not a fault both ways.
              expect(Array.isArray(expected)).toBe(true);
              if (expected.length > 0) rowsSeen++;
              expect(page(cloud, q, true)).toStrictEqual(expected);
              for (const copy of restored) {
                expect(page(copy, q, false)).toStrictEqual(expected);
                expect(page(copy, q, true)).toStrictEqual(expected);
              }
            }
          }
          // A restored cloud saves back to the same bytes, in the format it came from (a
          // plain restore orders the claims ledger by consumer id: its lines differ).
          expect(JSON.stringify(restored[0]!.snapshot())).toBe(JSON.stringify(cloud.snapshot()));
          expect(saveSnapshot(restored[1]!)).toBe(lines);
        },
      ),
      { numRuns: 25, seed: 20_261_207 },
    );
    // Only worth something if pages held rows.
    expect(rowsSeen).toBeGreaterThan(500);
  }, 120_000);
});
