import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createScheduler } from '../../src/scheduler/index.js';
import { type DecodedColumn, decodeBlock } from '../../src/snapshot/column-decode.js';
import { encodeBlock } from '../../src/snapshot/columns.js';
import { rowBuilder } from '../../src/snapshot/record-builder.js';
import { restoreSnapshot } from '../../src/snapshot/restore.js';
import { saveSnapshot } from '../../src/snapshot/save.js';
import { isSnapshotError } from '../../src/snapshot/validate.js';

const read = (record: object, key: string) => (record as Record<string, unknown>)[key];

/** Encodes records into a block line and reads them back through the compiled builders. */
function roundTrip(records: object[], shared: readonly string[] = []): Record<string, unknown>[] {
  const block = decodeBlock(JSON.parse(encodeBlock(records, read).line), 'block', 2);
  const builders = block.shapes.map((keys) =>
    rowBuilder(
      keys,
      keys.map((key) => block.columns.get(key) as DecodedColumn),
      keys.map((key) => !shared.includes(key)),
    ),
  );
  return Array.from({ length: block.rows }, (_, row) => builders[block.shapeOf[row]!]!(row));
}

describe('the column encoder', () => {
  it('tells empty objects from others after a run of empty ones', () => {
    const records = [{ v: {} }, { v: {} }, { v: { a: 1 } }, { v: {} }, { v: [] }, { v: {} }];
    const back = roundTrip(records);
    expect(back.map((r) => JSON.stringify(r))).toEqual(records.map((r) => JSON.stringify(r)));
  });

  it('keeps each row its own key order when equal-looking objects differ only in order', () => {
    const records = [
      { v: { a: 1, b: 2 } },
      { v: { a: 1, b: 2 } },
      { v: { b: 2, a: 1 } },
      { v: { a: 1, b: 2, c: undefined } },
      { v: [1, { x: null }] },
      { v: [1, { x: null }] },
      { v: [1, { x: 0 }] },
    ];
    const back = roundTrip(records);
    expect(back.map((r) => JSON.stringify(r))).toEqual(records.map((r) => JSON.stringify(r)));
    expect(Object.keys(back[2]!.v as object)).toEqual(['b', 'a']);
  });

  it('stores a run of equal objects once, though each row has its own object', () => {
    const records = Array.from({ length: 50 }, () => ({ actions: [{ action: 'create' }] }));
    const line = JSON.parse(encodeBlock(records, read).line);
    expect(line.columns.actions).toEqual({ d: [[{ action: 'create' }]], r: [0, 50] });
  });

  it('writes a mostly distinct column (ids) as one value per row, objects included', () => {
    const records = Array.from({ length: 200 }, (_, i) => ({
      id: `id-${i}`,
      fault: i % 2 === 0 ? { code: i } : null,
    }));
    const line = JSON.parse(encodeBlock(records, read).line);
    expect(line.columns.id.v).toHaveLength(200);
    expect(line.columns.fault.v.slice(0, 3)).toEqual([{ code: 0 }, null, { code: 2 }]);
    expect(roundTrip(records)).toEqual(records);
  });
});

describe('the compiled record builder', () => {
  it('gives every row its own copy of a shared value, compiled or walked', () => {
    // 40 rows share the first value (compiled into a literal); 3 share the second (walked).
    const records = [
      ...Array.from({ length: 40 }, () => ({ meta: { tags: ['a'] }, flavor: { id: '1' } })),
      ...Array.from({ length: 3 }, () => ({ meta: { tags: ['b'] }, flavor: { id: '1' } })),
    ];
    const back = roundTrip(records, ['flavor']);
    expect(back).toEqual(records);
    (back[0]!.meta as { tags: string[] }).tags.push('only-0');
    expect((back[1]!.meta as { tags: string[] }).tags).toEqual(['a']);
    expect(back[40]!.meta).not.toBe(back[41]!.meta);
    // Shared keys (never changed in place) may share one object.
    expect(back[0]!.flavor).toBe(back[1]!.flavor);
  });

  it('keeps a __proto__ key inside a shared value an own key, never the prototype', () => {
    const value = JSON.parse('{"__proto__": {"polluted": true}, "ok": 1}');
    const back = roundTrip(Array.from({ length: 30 }, () => ({ meta: value })));
    const meta = back[0]!.meta as Record<string, unknown>;
    expect(Object.getPrototypeOf(meta)).toBe(Object.prototype);
    expect(Object.keys(meta)).toEqual(['__proto__', 'ok']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses a shape that names __proto__ (a literal would take it as the prototype)', () => {
    const column: DecodedColumn = { values: [1], index: null };
    expect(() => rowBuilder(['__proto__'], [column], [false])).toThrow(/__proto__/);
  });
});

describe('claims restored in bulk', () => {
  const host = (name: string) => ({ name, vcpus: 4, memoryMb: 4096, diskGb: 100 });
  const r = { vcpus: 1, memoryMb: 1024, diskGb: 10 };

  it('counts usage as one claim at a time would', () => {
    const one = createScheduler();
    const bulk = createScheduler();
    for (const s of [one, bulk]) for (const name of ['a', 'b']) s.addHost(host(name), 0);
    const claims = [
      { consumerId: 'x', host: 'a', resources: r },
      { consumerId: 'y', host: 'a', resources: r },
      { consumerId: 'x', host: 'b', resources: r },
    ];
    for (const c of claims) one.claim(c.consumerId, c.host, c.resources);
    bulk.restoreClaims(claims);
    expect(bulk.snapshot()).toEqual(one.snapshot());
    expect(bulk.getHost('a')!.used).toEqual({ vcpus: 2, memoryMb: 2048, diskGb: 20 });
  });

  it('refuses a repeated claim and one past the capacity, as claim() does', () => {
    const s = createScheduler();
    s.addHost(host('a'), 0);
    expect(() =>
      s.restoreClaims([
        { consumerId: 'x', host: 'a', resources: r },
        { consumerId: 'x', host: 'a', resources: r },
      ]),
    ).toThrow(/already holds an allocation/);
    const t = createScheduler();
    t.addHost(host('a'), 0);
    const big = { vcpus: 1, memoryMb: 1024, diskGb: 60 };
    expect(() =>
      t.restoreClaims([
        { consumerId: 'x', host: 'a', resources: big },
        { consumerId: 'y', host: 'a', resources: big },
      ]),
    ).toThrow(/Unable to allocate inventory for consumer y/);
  });
});

describe('a snapshot saved by an earlier encoder (version 1)', () => {
  const dir = new URL('../fixtures/snapshot/', import.meta.url);
  const text = readFileSync(new URL('lines-v1.snap', dir), 'utf8');
  const servers = JSON.parse(readFileSync(new URL('lines-v1.servers.json', dir), 'utf8'));

  it('still restores, with the same servers, and saves as version 2 to the same cloud', () => {
    const cloud = restoreSnapshot(text);
    expect(JSON.parse(JSON.stringify(cloud.snapshot().servers))).toEqual(servers);
    const again = saveSnapshot(cloud);
    expect(JSON.parse(again.slice(0, again.indexOf('\n'))).version).toBe(2);
    expect(restoreSnapshot(again).snapshot()).toEqual(cloud.snapshot());
  });

  it('is still refused when corrupt', () => {
    const cut = text.slice(0, text.lastIndexOf('{"end"'));
    try {
      restoreSnapshot(cut);
      throw new Error('restored');
    } catch (error) {
      expect(isSnapshotError(error)).toBe(true);
      expect((error as Error).message).toMatch(/cut off/);
    }
  });
});

describe('a snapshot of version 2 (runs, equal columns, claims by server position)', () => {
  const dir = new URL('../fixtures/snapshot/', import.meta.url);
  const text = readFileSync(new URL('lines-v2.snap', dir), 'utf8');
  const servers = JSON.parse(readFileSync(new URL('lines-v2.servers.json', dir), 'utf8'));

  it('uses the new column kinds, restores the same servers and saves to the same bytes', () => {
    for (const kind of ['{"a":[', '{"same":"name"}', '{"s":[', '"x":[']) {
      expect(text).toContain(kind);
    }
    const cloud = restoreSnapshot(text);
    expect(JSON.parse(JSON.stringify(cloud.snapshot().servers))).toEqual(servers);
    expect(saveSnapshot(cloud)).toBe(text);
  });

  it("gives restored claims the servers' own id strings and the moves' ids", () => {
    const cloud = restoreSnapshot(text);
    const ids = new Set(cloud.compute.servers.keys());
    const consumers = cloud.snapshot().scheduler.claims.map((c) => c.consumerId);
    const moves = consumers.filter((id) => !ids.has(id));
    expect(moves).toHaveLength(1);
    expect(cloud.compute.migrations.has(moves[0]!)).toBe(true);
  });
});
