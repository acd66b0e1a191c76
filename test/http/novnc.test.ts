import { connect, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createRfbSession } from '../../src/http/novnc/rfb.js';
import { serve, serverBody } from './helpers.js';

/** A raw websocket client, as Tempest's `compute.create_websocket` is: masked frames out. */
class RawSocket {
  private buffer = Buffer.alloc(0);
  private waiters: (() => void)[] = [];
  closed = false;
  response = '';

  constructor(private readonly socket: Socket) {
    socket.on('data', (data: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, data]);
      for (const wake of this.waiters.splice(0)) wake();
    });
    socket.on('close', () => {
      this.closed = true;
      for (const wake of this.waiters.splice(0)) wake();
    });
  }

  static async open(port: number, path: string, cookie: string): Promise<RawSocket> {
    const socket = connect(port, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    const raw = new RawSocket(socket);
    socket.write(
      `GET /${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\n` +
        `Connection: Upgrade\r\nCookie: ${cookie}\r\nSec-WebSocket-Key: x3JJHMbDL1EzLkh9GBhXDw==\r\n` +
        'Sec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: binary\r\n\r\n',
    );
    const end = await raw.until(() => raw.buffer.indexOf('\r\n\r\n'));
    raw.response = raw.buffer.subarray(0, end + 4).toString();
    raw.buffer = raw.buffer.subarray(end + 4);
    return raw;
  }

  private async until(found: () => number): Promise<number> {
    for (;;) {
      const at = found();
      if (at >= 0 || this.closed) return at;
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  /** The next frame's payload, or null once the server closed (a close frame reads as empty). */
  async frame(): Promise<{ opcode: number; payload: Buffer } | null> {
    const at = await this.until(() =>
      this.buffer.length >= 2 && this.buffer.length >= 2 + (this.buffer[1]! & 0x7f) ? 0 : -1,
    );
    if (at < 0) return null;
    const length = this.buffer[1]! & 0x7f;
    const frame = { opcode: this.buffer[0]! & 0x0f, payload: this.buffer.subarray(2, 2 + length) };
    this.buffer = this.buffer.subarray(2 + length);
    return frame;
  }

  send(data: Uint8Array): void {
    const mask = [7, 2, 1, 9];
    const bytes = [0x82, data.length | 0x80, ...mask, ...data.map((b, i) => b ^ mask[i % 4]!)];
    this.socket.write(Buffer.from(bytes));
  }

  close(): void {
    this.socket.destroy();
  }
}

async function consoleUrl() {
  const sim = await serve();
  const demo = await sim.token('demo');
  const created = await sim.call('/compute/v2.1/servers', {
    method: 'POST',
    token: demo,
    body: serverBody('vnc'),
  });
  const id = created.body.server.id;
  sim.server.cloud.clock.advance(60_000);
  const console = await sim.call(`/compute/v2.1/servers/${id}/remote-consoles`, {
    method: 'POST',
    token: demo,
    headers: { 'OpenStack-API-Version': 'compute 2.6' },
    body: JSON.stringify({ remote_console: { protocol: 'vnc', type: 'novnc' } }),
  });
  expect(console.status).toBe(200);
  return { sim, url: new URL(console.body.remote_console.url as string) };
}

describe('serve as the noVNC proxy', () => {
  it('names its own page in console URLs and serves it', async () => {
    const { sim, url } = await consoleUrl();
    expect(url.origin + url.pathname).toBe(`${sim.base}/vnc_auto.html`);
    expect(url.searchParams.get('path')).toMatch(/^\?token=[0-9a-f-]{36}$/);
    const page = await fetch(url);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toMatch(/<html[^>]*>/);
    expect(html).toContain('</html>');
    expect(html).toContain('noVNC');
    expect(html).toContain('<script');
  });

  it('upgrades to a websocket and speaks the RFB 3.8 handshake with security None', async () => {
    const { url } = await consoleUrl();
    const path = url.searchParams.get('path')!;
    const ws = await RawSocket.open(Number(url.port), path, url.search.slice(1));
    expect(ws.response).toMatch(/^HTTP\/1\.1 101 Switching Protocols\r\n/);
    expect(ws.response.toLowerCase()).toContain('upgrade: websocket');
    // RFC 6455's own example key and answer.
    expect(ws.response).toContain('Sec-WebSocket-Accept: HSmrc0sMlYUkAGmm5OPpG2HaGWk=');
    const version = (await ws.frame())!.payload;
    expect(version.toString()).toBe('RFB 003.008\n');
    ws.send(version);
    expect([...(await ws.frame())!.payload]).toEqual([1, 1]);
    ws.send(Uint8Array.of(1));
    expect([...(await ws.frame())!.payload]).toEqual([0, 0, 0, 0]);
    ws.send(Uint8Array.of(1));
    const init = (await ws.frame())!.payload;
    expect(init.readUInt16BE(0)).toBe(1024);
    expect(init.length).toBe(24 + init.readUInt32BE(20));
    expect(init.subarray(24).toString()).toMatch(/^QEMU \(instance-[0-9a-f]{8}\)$/);
    ws.close();
  });

  it('closes at once on a bad or expired token, sending no data', async () => {
    const { sim, url } = await consoleUrl();
    const path = url.searchParams.get('path')!;
    const bad = await RawSocket.open(Number(url.port), path.replace('token=', 'token=bad'), '');
    expect(bad.response).toMatch(/^HTTP\/1\.1 101/);
    const close = await bad.frame();
    expect(close?.opcode).toBe(0x8);
    expect(close?.payload.length).toBe(0);
    expect(await bad.frame()).toBeNull();
    // [consoleauth] token_ttl is 600 s of virtual time.
    sim.server.cloud.clock.advance(601_000);
    const expired = await RawSocket.open(Number(url.port), path, '');
    expect((await expired.frame())?.opcode).toBe(0x8);
  });
});

describe('the RFB session', () => {
  it('answers a 3.3 client with the security type as a word and skips the result', () => {
    const rfb = createRfbSession('QEMU (x)', 640, 480);
    expect([...rfb.receive(new TextEncoder().encode('RFB 003.003\n'))[0]!]).toEqual([0, 0, 0, 1]);
    const [init] = rfb.receive(Uint8Array.of(1));
    expect(init!.length).toBe(24 + 'QEMU (x)'.length);
    expect(rfb.state).toBe('running');
  });

  it('takes bytes split anyhow, and refuses an unknown version or security type', () => {
    const rfb = createRfbSession('n', 1, 1);
    expect(rfb.receive(new TextEncoder().encode('RFB 003'))).toEqual([]);
    expect(rfb.receive(new TextEncoder().encode('.008\n'))).toHaveLength(1);
    expect(rfb.receive(Uint8Array.of(2))).toEqual([Uint8Array.of(0, 0, 0, 1)]);
    expect(rfb.state).toBe('closed');
    const other = createRfbSession('n', 1, 1);
    other.receive(new TextEncoder().encode('HTTP/1.1 200'));
    expect(other.state).toBe('closed');
  });
});
