import { describe, expect, it } from 'vitest';
import { serve, serverBody } from './helpers.js';

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
});
