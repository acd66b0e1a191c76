import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { encodeBlock, encodeRows } from '../../src/snapshot/columns.js';
import { restoreSnapshot } from '../../src/snapshot/restore.js';
import { ServerOrdinals } from '../../src/snapshot/server-ordinals.js';
import { isSnapshotError } from '../../src/snapshot/validate.js';

// biome-ignore lint/suspicious/noExplicitAny: a test reaches into parsed JSON freely.
type Json = any;

const text = readFileSync(new URL('../fixtures/snapshot/lines-v2.snap', import.meta.url), 'utf8');
const lines = text.split('\n').filter((l) => l !== '');
const serversLine = lines.findIndex((l) => l.startsWith('{"servers"'));
const claimsLine = lines.findIndex((l) => l.startsWith('{"claims"'));

/** The fixture with one block line's block changed. */
function edit(n: number, change: (block: Json) => void, header?: (h: Json) => void): string {
  const parts = [...lines];
  const json = JSON.parse(parts[n]!);
  change(json.servers ?? json.claims);
  parts[n] = JSON.stringify(json);
  if (header) {
    const h = JSON.parse(parts[0]!);
    header(h);
    parts[0] = JSON.stringify(h);
  }
  return `${parts.join('\n')}\n`;
}

function refusal(snapshot: string): string {
  try {
    restoreSnapshot(snapshot);
  } catch (error) {
    expect(isSnapshotError(error)).toBe(true);
    return (error as Error).message;
  }
  throw new Error('the snapshot was restored');
}

describe('version 2 columns, written', () => {
  it('integers that step evenly as runs, others one per row; -0 as 0', () => {
    const rows = (values: unknown[]) =>
      JSON.parse(encodeRows(values.length, ['n'], (row) => values[row]).line).columns.n;
    const ids = Array.from({ length: 100 }, (_, i) => 1000 + i);
    expect(rows(ids)).toEqual({ a: [1000, 1, 100] });
    expect(rows([...ids.slice(0, 50), ...ids.slice(60)])).toEqual({
      a: [1000, 1, 50, 1060, 1, 40],
    });
    // Scattered integers would take more numbers as runs: written one per row.
    const scattered = Array.from({ length: 100 }, (_, i) => (i * 7919) % 101);
    expect(rows(scattered)).toEqual({ v: scattered });
    expect(rows([...ids.slice(0, 99), 1.5])).toHaveProperty('v');
    expect(JSON.parse(encodeRows(100, ['n'], (r) => (r === 0 ? -0 : r)).line).columns.n).toEqual({
      a: [0, 1, 100],
    });
  });

  it('a column equal row for row to an earlier one names it; objects never', () => {
    const records = Array.from({ length: 100 }, (_, i) => ({
      name: `vm-${i}`,
      hostname: `vm-${i}`,
      tags: [`t${i}`],
      again: [`t${i}`],
    }));
    const block = JSON.parse(encodeBlock(records, (r, k) => (r as Json)[k]).line);
    expect(block.columns.hostname).toEqual({ same: 'name' });
    expect(block.columns.again).not.toHaveProperty('same');
  });

  it('claims by server position, a consumer that is no server listed apart', () => {
    const servers = new ServerOrdinals();
    for (let i = 0; i < 100; i++) servers.add(`server-${i}`);
    const consumers = Array.from({ length: 100 }, (_, i) => (i === 40 ? 'a-move' : `server-${i}`));
    const line = encodeRows(100, ['consumerId'], (row) => consumers[row], servers.refs).line;
    expect(JSON.parse(line).columns.consumerId).toEqual({
      s: [0, 1, 40, -1, 42, 2, 42, 1, 58],
      x: ['a-move'],
    });
    // Out of order, found through the map.
    const back = new ServerOrdinals();
    for (let i = 0; i < 100; i++) back.add(`server-${i}`);
    const reversed = encodeRows(100, ['consumerId'], (row) => `server-${99 - row}`, back.refs);
    expect(JSON.parse(reversed.line).columns.consumerId).toEqual({ s: [99, -1, 100] });
  });
});

describe('version 2 columns, refused when corrupt', () => {
  it('runs that are not triples, go past the rows, stop short, or leave the safe integers', () => {
    const set = (a: unknown) =>
      edit(serversLine, (b) => {
        b.columns.dbId = { a };
      });
    expect(refusal(set([1, 1]))).toMatch(/column dbId has runs that are not triples/);
    expect(refusal(set([1, 1, 99]))).toMatch(/column dbId runs past its 12 rows/);
    expect(refusal(set([1, 1, 5]))).toMatch(/column dbId runs cover 5 of 12 rows/);
    expect(refusal(set([1, 1, 0, 1, 1, 12]))).toMatch(/column dbId has a bad run at 0/);
    expect(refusal(set([1, '1', 12]))).toMatch(/column dbId has a bad run at 0/);
    expect(refusal(set([2 ** 53 - 2, 1, 12]))).toMatch(/past the safe integers/);
  });

  it('a column the same as one that is missing, comes later, or holds objects', () => {
    const same = (key: unknown) =>
      edit(serversLine, (b) => {
        b.columns.hostname = { same: key };
      });
    expect(refusal(same('nope'))).toMatch(
      /column hostname is the same as "nope", which is no column before it/,
    );
    expect(refusal(same('dbId'))).toMatch(/which is no column before it/);
    expect(refusal(same(7))).toMatch(/which is no column before it/);
    expect(refusal(same('flavor'))).toMatch(/not a plain column of primitives/);
  });

  it('claims of servers not read, an x list that does not match, server refs among servers', () => {
    const claims = (change: (c: Json) => void) =>
      edit(claimsLine, (b) => {
        change(b.columns.consumerId);
      });
    expect(
      refusal(
        claims((c) => {
          c.s[0] = 500;
        }),
      ),
    ).toMatch(/is a claim of server 500, which is not in the snapshot \(usage does not add up\)/);
    expect(
      refusal(
        claims((c) => {
          c.x = [];
        }),
      ),
    ).toMatch(/has no id in 'x'/);
    expect(
      refusal(
        claims((c) => {
          c.x.push('extra');
        }),
      ),
    ).toMatch(/ids in 'x' that no row takes/);
    expect(
      refusal(
        claims((c) => {
          c.x = 'no';
        }),
      ),
    ).toMatch(/'x' that is not a list/);
    expect(
      refusal(
        edit(serversLine, (b) => {
          b.columns.dbId = { s: [0, 1, 12] };
        }),
      ),
    ).toMatch(/refers to servers, which only claims may/);
  });

  it('claims by position are checked for their hosts, those listed apart for their owner too', () => {
    const block = JSON.parse(lines[claimsLine]!).claims;
    expect(block.columns.consumerId.x).toHaveLength(1);
    const stray = edit(claimsLine, (b) => {
      b.columns.consumerId.x = ['no-such-move'];
    });
    expect(refusal(stray)).toMatch(/claim of no-such-move, which is no server or move/);
    const ghost = edit(claimsLine, (b) => {
      b.columns.host.d = b.columns.host.d.map(() => 'ghost-9');
    });
    expect(refusal(ghost)).toMatch(/is on host ghost-9, which is not in the snapshot/);
  });

  it('a row without a value in a column its shape names, by runs or by indexes', () => {
    // The fixture's last server alone has `pending` (a second shape); the others hold -1.
    const pending = (b: Json) => b.columns.pending;
    expect(pending(JSON.parse(lines[serversLine]!).servers)).toMatchObject({ r: [-1, 11, 0, 1] });
    expect(refusal(edit(serversLine, (b) => (pending(b).r = [-1, 12])))).toMatch(
      /row 11 has no value in column pending/,
    );
    const byIndex = edit(serversLine, (b) => {
      delete pending(b).r;
      pending(b).i = Array.from({ length: 12 }, () => -1);
    });
    expect(refusal(byIndex)).toMatch(/row 11 has no value in column pending/);
    // A column that holds -1 only on rows whose shape lacks its key restores.
    const spread = edit(serversLine, (b) => {
      delete pending(b).r;
      pending(b).i = [...Array.from({ length: 11 }, () => -1), 0];
    });
    expect(restoreSnapshot(spread).compute.servers.size).toBe(12);
  });

  it('the new kinds in a file that says version 1', () => {
    expect(
      refusal(
        edit(
          serversLine,
          () => {},
          (h) => (h.version = 1),
        ),
      ),
    ).toMatch(/column launchIndex has neither 'v' nor 'd'/);
  });
});
