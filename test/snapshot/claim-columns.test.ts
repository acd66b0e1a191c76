import { describe, expect, it } from 'vitest';
import { createScheduler } from '../../src/scheduler/index.js';
import { encodeBlock, encodeRows } from '../../src/snapshot/columns.js';
import { encodeClaimBlock, encodeClaims, listClaims } from '../../src/snapshot/server-records.js';

// A save reads the claims ledger into three columns instead of an object per claim
// (encodeClaims → encodeRows). The lines must be the ones the record encoder writes.
function scheduler() {
  const s = createScheduler();
  for (let h = 0; h < 3; h++) {
    s.addHost({ name: `host-${h}`, vcpus: 64, memoryMb: 65_536, diskGb: 1_000 }, 0);
  }
  for (let i = 0; i < 40; i++) {
    const small = { vcpus: 1, memoryMb: 512, diskGb: 1 };
    const large = { vcpus: 2, memoryMb: 2048, diskGb: 20 };
    s.claim(`server-${i}`, `host-${i % 3}`, i % 7 === 0 ? large : small);
  }
  // A move in flight: one consumer holding claims on two hosts.
  s.claim('server-1', 'host-2', { vcpus: 1, memoryMb: 512, diskGb: 1 });
  return s;
}

describe('claims saved by column', () => {
  it.each([1, 7, 16, 100])('write the record encoder’s lines (blocks of %i)', (rows) => {
    const s = scheduler();
    const claims = listClaims(s);
    expect(claims).toHaveLength(41);
    const expected: string[] = [];
    for (let at = 0; at < claims.length; at += rows) {
      expected.push(encodeClaimBlock(claims.slice(at, at + rows)).line);
    }
    expect(encodeClaims(s, rows).map((block) => block.line)).toStrictEqual(expected);
  });

  it('encodeRows is encodeBlock for rows of one shape', () => {
    const records = [
      { id: 'a', n: 1, o: { x: [1] } },
      { id: 'b', n: 1, o: { x: [1] } },
      { id: 'c', n: 2, o: {} },
    ];
    const keys = ['id', 'n', 'o'] as const;
    const read = (record: object, key: string) => (record as Record<string, unknown>)[key];
    const line = encodeRows(records.length, keys, (row, k) => read(records[row]!, keys[k]!)).line;
    expect(line).toBe(encodeBlock(records, read).line);
  });
});
