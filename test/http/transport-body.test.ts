import { createServer, type Server } from 'node:http';
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createRequestListener, type Mount } from '../../src/http/transport.js';
import type { HttpResponse } from '../../src/http/types.js';

const servers: Server[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.close();
});

/** A server whose one mount answers `answer`; resolves to the raw bytes of one exchange. */
async function rawAnswer(answer: HttpResponse): Promise<Buffer> {
  const mount: Mount = {
    service: () => answer,
    maxBodyBytes: 1024,
    tooLarge: () => ({ status: 413 }),
  };
  const listener = createRequestListener({
    route: (path) => ({ mount, path }),
    before: () => {},
    onError: (error) => {
      throw error;
    },
  });
  const server = createServer(listener);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () =>
      socket.write('GET /x HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n'),
    );
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('end', () => resolve(Buffer.concat(chunks)));
    socket.on('error', reject);
  });
}

function split(raw: Buffer): { head: Buffer; body: Buffer } {
  const at = raw.indexOf('\r\n\r\n');
  return { head: raw.subarray(0, at), body: raw.subarray(at + 4) };
}

describe('the bytes of a JSON answer', () => {
  it('sends the body as UTF-8 with its length in bytes, not characters', async () => {
    const { head, body } = split(
      await rawAnswer({
        status: 200,
        headers: { 'x-openstack-request-id': 'req-1' },
        body: { name: 'café ☃' },
      }),
    );
    expect(body.toString('utf8')).toBe('{"name":"café ☃"}');
    expect(head.toString('latin1')).toContain(`content-length: ${body.length}\r\n`);
    expect(body.length).toBeGreaterThan('{"name":"café ☃"}'.length);
    expect(head.toString('latin1')).toContain('content-type: application/json\r\n');
  });

  it('keeps a header byte over 0x7f as one Latin-1 byte while the body stays UTF-8', async () => {
    const { head, body } = split(
      await rawAnswer({ status: 200, headers: { 'x-note': 'é' }, body: { name: 'é' } }),
    );
    expect(head.includes(Buffer.from('x-note: \xe9\r\n', 'latin1'))).toBe(true);
    expect(body.equals(Buffer.from('{"name":"é"}', 'utf8'))).toBe(true);
    expect(head.toString('latin1')).toContain(`content-length: ${body.length}\r\n`);
  });

  it('sends no body and a zero length when the answer has none', async () => {
    const { head, body } = split(await rawAnswer({ status: 202, headers: {} }));
    expect(body.length).toBe(0);
    expect(head.toString('latin1')).toContain('content-length: 0\r\n');
    expect(head.toString('latin1')).not.toContain('content-type');
  });
});
