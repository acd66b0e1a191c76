import { describe, expect, it } from 'vitest';
import { type Cloud, createCloud } from '../../src/cloud.js';
import { parseSnapshot, readSnapshot, restoreSnapshot } from '../../src/snapshot/restore.js';
import { captureSnapshot, saveSnapshot, snapshotLines } from '../../src/snapshot/save.js';
import { isSnapshotError } from '../../src/snapshot/validate.js';

const IMAGE = '70a599e0-31e7-49b7-b260-868f441e862b';
const V = { 'OpenStack-API-Version': 'compute latest' };

/** Servers in many states: active, mid-resize (a pending step), stopped, tagged, deleted. */
function busyCloud(): Cloud {
  const cloud = createCloud({ seed: 11 });
  const ids: string[] = [];
  for (let i = 0; i < 7; i++) {
    const res = cloud.request({
      method: 'POST',
      path: '/v2.1/servers',
      headers: V,
      body: {
        server: {
          name: `s${i}`,
          imageRef: IMAGE,
          flavorRef: i % 2 === 0 ? '1' : '2',
          networks: 'auto',
          ...(i === 3 ? { metadata: { role: 'db' }, tags: ['x'] } : {}),
        },
      },
    });
    ids.push(res.body.server.id);
  }
  cloud.clock.advance(60_000);
  const act = (id: string, body: unknown) =>
    cloud.request({ method: 'POST', path: `/v2.1/servers/${id}/action`, headers: V, body });
  act(ids[0]!, { resize: { flavorRef: '3' } });
  act(ids[1]!, { 'os-stop': null });
  cloud.request({ method: 'DELETE', path: `/v2.1/servers/${ids[2]}`, headers: V });
  cloud.clock.advance(1_500);
  return cloud;
}

const lines = (text: string) => text.split('\n').filter((l) => l !== '');
const join = (parts: string[]) => `${parts.join('\n')}\n`;

/** The text with line `n` (0-based) parsed, changed, and written back. */
// biome-ignore lint/suspicious/noExplicitAny: a test reaches into parsed JSON freely.
type Json = any;

function edit(text: string, n: number, change: (json: Json) => void): string {
  const parts = lines(text);
  const json = JSON.parse(parts[n]!);
  // Block lines wrap their block: `{"servers": block}`.
  const block = json.servers ?? json.claims;
  change(typeof block === 'object' && !Array.isArray(block) ? block : json);
  parts[n] = JSON.stringify(json);
  return join(parts);
}

function refusal(text: string): string {
  try {
    restoreSnapshot(text);
  } catch (error) {
    expect(isSnapshotError(error)).toBe(true);
    return (error as Error).message;
  }
  throw new Error('the snapshot was restored');
}

describe('the streamed snapshot format', () => {
  it('restores a cloud whose snapshot is byte-identical, and which goes on identically', () => {
    const cloud = busyCloud();
    const copy = restoreSnapshot(saveSnapshot(cloud));
    expect(JSON.stringify(copy.snapshot())).toBe(JSON.stringify(cloud.snapshot()));
    for (const c of [cloud, copy]) {
      c.clock.advance(120_000);
      c.request({
        method: 'POST',
        path: '/v2.1/servers',
        headers: V,
        body: { server: { name: 'later', imageRef: IMAGE, flavorRef: '1', networks: 'none' } },
      });
      c.clock.advance(60_000);
    }
    expect(JSON.stringify(copy.snapshot())).toBe(JSON.stringify(cloud.snapshot()));
  });

  it('keeps one row per server across many blocks, and shares no mutable value', () => {
    const cloud = busyCloud();
    const captured = captureSnapshot(cloud, 2);
    expect(captured.blocks.length).toBe(4);
    const text = [...snapshotLines(captured)].join('');
    const copy = restoreSnapshot(text);
    expect(JSON.stringify(copy.snapshot())).toBe(JSON.stringify(cloud.snapshot()));
    const [a, b] = [...copy.compute.servers.values()];
    expect(a!.metadata).not.toBe(b!.metadata);
    expect(a!.actions).not.toBe(b!.actions);
    a!.tags.push('only-a');
    expect(b!.tags).not.toContain('only-a');
  });

  it('stores repeated values once: smaller than the JSON of the same snapshot', () => {
    const cloud = createCloud({
      seed: 1,
      config: { quotas: { instances: -1, cores: -1, ram: -1 } },
    });
    for (let i = 0; i < 200; i++) {
      cloud.request({
        method: 'POST',
        path: '/v2.1/servers',
        headers: V,
        body: { server: { name: 'many', imageRef: IMAGE, flavorRef: '1', networks: 'none' } },
      });
      if (i % 9 === 0) cloud.clock.advance(60_000);
    }
    cloud.clock.advance(60_000);
    const text = saveSnapshot(cloud);
    expect(text.length).toBeLessThan(JSON.stringify(cloud.snapshot()).length / 2);
    expect(JSON.stringify(restoreSnapshot(text).snapshot())).toBe(JSON.stringify(cloud.snapshot()));
  });

  it('reads from chunks cut anywhere, even inside a character', async () => {
    const cloud = busyCloud();
    cloud.request({
      method: 'PUT',
      path: `/v2.1/servers/${[...cloud.compute.servers.keys()][3]}`,
      headers: V,
      body: { server: { name: 'ünïcødé ☃' } },
    });
    const bytes = Buffer.from(saveSnapshot(cloud));
    const chunks: Uint8Array[] = [];
    for (let at = 0; at < bytes.length; at += 7) chunks.push(bytes.subarray(at, at + 7));
    const copy = await readSnapshot(chunks);
    expect(JSON.stringify(copy.snapshot())).toBe(JSON.stringify(cloud.snapshot()));
  });

  it('lets createCloud take the parsed snapshot with other options', () => {
    const cloud = busyCloud();
    const copy = createCloud({ restore: parseSnapshot(saveSnapshot(cloud)), trace: true });
    expect(copy.trace).toEqual([]);
    expect(copy.compute.servers.size).toBe(cloud.compute.servers.size);
  });
});

describe('a corrupt streamed snapshot is refused with what is wrong', () => {
  const text = saveSnapshot(busyCloud());

  it('a cut-off file: no end line, half a line, or nothing', () => {
    const parts = lines(text);
    expect(refusal(join(parts.slice(0, -1)))).toMatch(/cut off/);
    expect(refusal(join(parts.slice(0, 3)))).toMatch(/cut off/);
    expect(refusal(text.slice(0, Math.floor(text.length / 2)))).toMatch(/not JSON|cut off/);
    expect(refusal('')).toMatch(/cut off/);
  });

  it('version 3, or not this format at all', () => {
    expect(refusal(edit(text, 0, (h) => (h.version = 3)))).toMatch(/version 3 is not supported/);
    expect(refusal(edit(text, 0, (h) => (h.format = 'tar')))).toMatch(/not a .* header/);
    expect(refusal(JSON.stringify(createCloud().snapshot()))).toMatch(/header/);
  });

  it('duplicate server ids', () => {
    const bad = edit(text, 2, (b) => {
      b.columns.id.v[1] = b.columns.id.v[0];
    });
    expect(refusal(bad)).toMatch(/duplicate server id/);
  });

  it('wrong types, named by column', () => {
    const bad = edit(text, 2, (b) => {
      b.columns.flavor.d[0].vcpus = '4';
    });
    expect(refusal(bad)).toMatch(/column flavor value 0\/vcpus must be integer/);
    expect(refusal(edit(text, 1, (r) => (r.clock.now = 'soon')))).toMatch(
      /\/clock\/now must be number/,
    );
  });

  it('a machine state that does not exist', () => {
    const bad = edit(text, 2, (b) => {
      for (const m of b.columns.machine.d ?? b.columns.machine.v) m.value = { active: 'dreaming' };
    });
    expect(refusal(bad)).toMatch(/machine state \{"active":"dreaming"\}, which does not exist/);
    const worse = edit(text, 2, (b) => {
      for (const m of b.columns.machine.d ?? b.columns.machine.v) m.value = { levitating: 'x' };
    });
    expect(refusal(worse)).toMatch(/vm_state "levitating", which does not exist/);
  });

  it('a lost server whose claims stay counted', () => {
    const bad = edit(
      edit(text, 0, (h) => (h.servers -= 1)),
      2,
      (b) => {
        b.rows -= 1;
        for (const column of [b.shape, ...Object.values<Json>(b.columns)]) {
          if (column.v) column.v.pop();
          else if (column.i) column.i.pop();
          else if (column.a) column.a[column.a.length - 1] -= 1;
          else if (column.r) column.r[column.r.length - 1] -= 1;
        }
      },
    );
    expect(
      refusal(
        bad.replace(/"end":"nova-sim-snapshot-lines","servers":\d+/, (m) =>
          m.replace(/\d+$/, (n) => String(Number(n) - 1)),
        ),
      ),
    ).toMatch(/usage does not add up/);
  });

  it('a claim on a host that is not there, or of no server', () => {
    const claimLine = lines(text).findIndex((l) => l.startsWith('{"claims"'));
    expect(claimLine).toBeGreaterThan(1);
    const ghost = edit(text, claimLine, (b) => {
      b.columns.host.d = b.columns.host.d.map(() => 'ghost-9');
    });
    expect(refusal(ghost)).toMatch(/on host ghost-9, which is not in the snapshot/);
    const orphan = edit(text, claimLine, (b) => {
      const column = b.columns.consumerId;
      (column.v ?? column.d)[0] = 'no-such-server';
    });
    expect(refusal(orphan)).toMatch(/no-such-server, which is no server or move/);
  });

  it('columns that do not add up to their rows', () => {
    expect(refusal(edit(text, 2, (b) => b.columns.id.v.pop()))).toMatch(
      /column id has 6 values for 7 rows/,
    );
    expect(refusal(edit(text, 2, (b) => (b.rows = 9)))).toMatch(/rows/);
    const pointing = edit(text, 2, (b) => {
      const col = b.columns.flavor;
      if (col.r) col.r[0] = 99;
      else col.i[0] = 99;
    });
    expect(refusal(pointing)).toMatch(/points past|bad run/);
  });

  it('a shape that lacks a required key, or names __proto__', () => {
    expect(
      refusal(
        edit(text, 2, (b) => (b.shapes[0] = b.shapes[0].filter((k: string) => k !== 'host'))),
      ),
    ).toMatch(/has no 'host'/);
    expect(refusal(edit(text, 2, (b) => b.shapes[0].push('__proto__')))).toMatch(/__proto__/);
  });

  it('more servers than the header promised, or lines after the end', () => {
    expect(refusal(edit(text, 0, (h) => (h.servers = 3)))).toMatch(/more servers than the 3/);
    expect(refusal(`${text}{"rows":1}\n`)).toMatch(/after the end line/);
  });

  it('bytes that are not UTF-8', async () => {
    const bytes = Buffer.concat([Buffer.from(text.slice(0, 40)), Buffer.from([0xff, 0xfe])]);
    await expect(readSnapshot([bytes])).rejects.toThrow(/not UTF-8/);
  });
});
