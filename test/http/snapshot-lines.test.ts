import { describe, expect, it } from 'vitest';
import { restoreSnapshot } from '../../src/snapshot/restore.js';
import { serve, serverBody } from './helpers.js';

/** Resolves on the loop's next turn (lets sockets move). */
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('the control API streams snapshots as lines', () => {
  it('saves with ?format=lines and restores from an ndjson body, byte-identically', async () => {
    const { call, token, server } = await serve();
    const admin = await token('admin');
    const demo = await token('demo');
    for (const name of ['a', 'b', 'c']) {
      const created = await call('/compute/v2.1/servers', {
        method: 'POST',
        token: demo,
        body: serverBody(name),
      });
      expect(created.status).toBe(202);
    }
    await call('/_sim/clock/advance', {
      method: 'POST',
      token: admin,
      body: JSON.stringify({ seconds: 60 }),
    });
    const before = JSON.stringify(server.cloud.snapshot());
    const saved = await call('/_sim/snapshot?format=lines', { token: admin });
    expect(saved.status).toBe(200);
    expect(saved.headers.get('content-type')).toBe('application/x-ndjson');
    const text = saved.text;
    expect(JSON.parse(text.split('\n')[0]!)).toMatchObject({ servers: 3 });
    await call('/_sim/reset', { method: 'POST', token: admin });
    expect(server.cloud.compute.servers.size).toBe(0);
    const restored = await call('/_sim/restore', {
      method: 'POST',
      token: admin,
      headers: { 'content-type': 'application/x-ndjson' },
      body: text,
    });
    expect(restored.status).toBe(200);
    expect(JSON.stringify(server.cloud.snapshot())).toBe(before);
  });

  it('refuses a cut-off ndjson body with what is wrong, and keeps the cloud', async () => {
    const { call, token, server } = await serve();
    const admin = await token('admin');
    const text = (
      await call('/_sim/snapshot', { token: admin, headers: { accept: 'application/x-ndjson' } })
    ).text;
    const before = JSON.stringify(server.cloud.snapshot());
    const cut = text.split('\n').slice(0, 2).join('\n');
    const refused = await call('/_sim/restore', {
      method: 'POST',
      token: admin,
      headers: { 'content-type': 'application/x-ndjson' },
      body: cut,
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toMatch(/cut off/);
    expect(JSON.stringify(server.cloud.snapshot())).toBe(before);
  });

  // The save reads the cloud a block per turn of the loop; whatever arrives meanwhile must
  // wait, or the file would mix two instants.
  it('holds requests that arrive between the slices of a save out of it, then answers them', async () => {
    let pauses = 0;
    let release!: () => void;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    const { call, token, server } = await serve({
      snapshotSlices: {
        rows: 1,
        pause: async () => {
          pauses++;
          if (pauses === 1) await released;
        },
      },
    });
    const admin = await token('admin');
    const demo = await token('demo');
    for (const name of ['a', 'b', 'c']) {
      await call('/compute/v2.1/servers', { method: 'POST', token: demo, body: serverBody(name) });
    }
    const before = JSON.stringify(server.cloud.snapshot());
    const saving = call('/_sim/snapshot?format=lines', { token: admin });
    while (pauses === 0) await turn();
    // Mid-save: the rest of the cloud is read, its servers are not.
    const advancing = call('/_sim/clock/advance', {
      method: 'POST',
      token: admin,
      body: JSON.stringify({ seconds: 60 }),
    });
    const deleting = call(`/compute/v2.1/servers/${[...server.cloud.compute.servers.keys()][2]}`, {
      method: 'DELETE',
      token: demo,
    });
    let answered = 0;
    for (const pending of [advancing, deleting]) void pending.then(() => answered++);
    // Until both wait on the save, or (were they let through) both have their answer.
    while (server.held < 2 && answered < 2) await turn();
    expect(answered).toBe(0);
    expect(JSON.stringify(server.cloud.snapshot())).toBe(before);
    release();
    const saved = await saving;
    expect(saved.status).toBe(200);
    expect((await advancing).status).toBe(200);
    expect((await deleting).status).toBe(204);
    expect(server.held).toBe(0);
    expect(pauses).toBe(3); // the rest, then three servers a block each
    // The file is the state before either request.
    expect(JSON.stringify(restoreSnapshot(saved.text).snapshot())).toBe(before);
    expect(JSON.stringify(server.cloud.snapshot())).not.toBe(before);
  });
});
