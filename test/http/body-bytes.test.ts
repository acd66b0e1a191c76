import { describe, expect, it } from 'vitest';
import { serve } from './helpers.js';

// The transport writes each JSON body as bytes with their own length: a name outside ASCII
// takes more bytes than characters, and the header must count the bytes.
describe('response bodies on the wire', () => {
  it('gives Content-Length in bytes for a body with multi-byte characters', async () => {
    const { call, token } = await serve();
    const demo = await token('demo');
    const name = 'wëb-☃-服务器';
    const created = await call('/compute/v2.1/servers', {
      method: 'POST',
      token: demo,
      body: JSON.stringify({
        server: { name, imageRef: '70a599e0-31e7-49b7-b260-868f441e862b', flavorRef: '1' },
      }),
    });
    expect(created.status).toBe(202);
    const shown = await call(`/compute/v2.1/servers/${created.body.server.id}`, { token: demo });
    expect(shown.body.server.name).toBe(name);
    expect(Number(shown.headers.get('content-length'))).toBe(Buffer.byteLength(shown.text));
    expect(Buffer.byteLength(shown.text)).toBeGreaterThan(shown.text.length);
    expect(shown.headers.get('content-type')).toBe('application/json');
  });

  it('sends an empty body with Content-Length 0 and no Content-Type', async () => {
    const { call, token } = await serve();
    const demo = await token('demo');
    const created = await call('/compute/v2.1/servers', {
      method: 'POST',
      token: demo,
      body: JSON.stringify({
        server: { name: 'x', imageRef: '70a599e0-31e7-49b7-b260-868f441e862b', flavorRef: '1' },
      }),
    });
    const deleted = await call(`/compute/v2.1/servers/${created.body.server.id}`, {
      method: 'DELETE',
      token: demo,
    });
    expect(deleted.status).toBe(204);
    expect(deleted.text).toBe('');
    expect(deleted.headers.get('content-type')).toBeNull();
  });
});

describe('a large JSON body on the wire', () => {
  it('sends a detail page joined from kept items, over 8 KB: the same JSON, its length in bytes', async () => {
    const { call, token } = await serve({ clock: 'manual' });
    const demo = await token('demo');
    const name = 'wëb-☃-服务器';
    for (let i = 0; i < 8; i++) {
      const created = await call('/compute/v2.1/servers', {
        method: 'POST',
        token: demo,
        body: JSON.stringify({
          server: { name, imageRef: '70a599e0-31e7-49b7-b260-868f441e862b', flavorRef: '1' },
        }),
      });
      expect(created.status).toBe(202);
    }
    const page = await call('/compute/v2.1/servers/detail', { token: demo });
    expect(page.status).toBe(200);
    expect(page.body.servers).toHaveLength(8);
    expect(page.body.servers.every((s: { name: string }) => s.name === name)).toBe(true);
    expect(Buffer.byteLength(page.text)).toBeGreaterThan(8192);
    expect(Number(page.headers.get('content-length'))).toBe(Buffer.byteLength(page.text));
    expect(page.headers.get('content-type')).toBe('application/json');
  });
});
