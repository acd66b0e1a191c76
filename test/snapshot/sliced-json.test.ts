import { describe, expect, it } from 'vitest';
import { createCloud } from '../../src/cloud.js';
import { captureInSlices } from '../../src/snapshot/capture-slices.js';
import { captureSnapshot, snapshotLines } from '../../src/snapshot/save.js';
import { stringifyInChunks, stringifyInSlices } from '../../src/snapshot/sliced-json.js';

const IMAGE = '70a599e0-31e7-49b7-b260-868f441e862b';

/** Runs the sliced writer, counting its pauses. */
async function sliced(value: unknown): Promise<{ text: string; pauses: number }> {
  let pauses = 0;
  const text = await stringifyInSlices(value, async () => {
    pauses++;
  });
  return { text, pauses };
}

describe('JSON in slices', () => {
  it('writes what JSON.stringify writes, for the odd cases too', async () => {
    const values: unknown[] = [
      null,
      'plain',
      { a: undefined, b: () => 1, c: Symbol('s'), d: [undefined, () => 1], e: -0, f: 'é\u2028' },
      { toJSON: () => 'replaced', other: 1 },
      { nested: { deeper: [{ deepest: [[1, 2, [3]]] }] } },
      // Holes, and a big array of objects with a Date (its toJSON must still be used).
      {
        list: Array.from({ length: 600 }, (_, i) => ({ i, at: new Date(i), tags: [`t${i}`] })),
        holes: Object.assign(new Array(3), { 0: 1, 2: 3 }),
      },
      Object.fromEntries(Array.from({ length: 400 }, (_, i) => [`k${i}`, { v: i }])),
      [['r-1', Array.from({ length: 5_000 }, (_, i) => `id-${i}`)]],
    ];
    for (const value of values) {
      expect((await sliced(value)).text).toBe(JSON.stringify(value));
    }
  });

  it('pauses inside a big member nested in small ones (a reservation: an id and its ids)', async () => {
    const ids = Array.from({ length: 40_000 }, (_, i) => `00000000-0000-4000-8000-${i}`);
    const value = { reservations: [['r-big', ids]], quotas: [] };
    const { text, pauses } = await sliced(value);
    expect(text).toBe(JSON.stringify(value));
    // ~1.5 MB of text: several slices of 256k characters, not one.
    expect(pauses).toBeGreaterThanOrEqual(4);
  });
});

describe('JSON in chunks', () => {
  it('gives one chunk per slice, joined at each pause, never the whole text in one', async () => {
    const ids = Array.from({ length: 40_000 }, (_, i) => `00000000-0000-4000-8000-${i}`);
    const value = { reservations: [['r-big', ids]], quotas: [] };
    let pauses = 0;
    const chunks = await stringifyInChunks(value, async () => {
      pauses++;
    });
    expect(chunks.join('')).toBe(JSON.stringify(value));
    // A chunk per pause, and the tail after the last one.
    expect(chunks).toHaveLength(pauses + 1);
    for (const chunk of chunks) expect(chunk.length).toBeLessThan(300 * 1024);
  });
});

describe('a sliced save', () => {
  it('writes the same lines as a save in one go, pausing between blocks', async () => {
    const cloud = createCloud({
      seed: 3,
      config: { quotas: { instances: -1, cores: -1, ram: -1 } },
    });
    // One multi-create: its reservation lists 300 ids, enough to be walked, not written whole.
    const res = cloud.request({
      method: 'POST',
      path: '/v2.1/servers',
      headers: { 'OpenStack-API-Version': 'compute latest' },
      body: {
        server: {
          name: 'many',
          imageRef: IMAGE,
          flavorRef: '1',
          networks: 'none',
          min_count: 300,
          max_count: 300,
        },
      },
    });
    expect(res.status).toBe(202);
    cloud.clock.advance(60_000);
    let pauses = 0;
    const captured = await captureInSlices(cloud, {
      rows: 64,
      pause: async () => {
        pauses++;
      },
    });
    const whole = captureSnapshot(cloud, 64);
    expect([...snapshotLines(captured)].join('')).toBe([...snapshotLines(whole)].join(''));
    // A pause before each block of 64 servers: 5 for 300.
    expect(cloud.compute.servers.size).toBe(300);
    expect(pauses).toBeGreaterThanOrEqual(5);
  });
});
