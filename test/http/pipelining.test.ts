import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { serve } from './helpers.js';

/** Sends `raw` on one connection and reads until the server closes it. */
function exchange(base: string, raw: string): Promise<string> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.write(raw));
    let text = '';
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => {
      text += chunk;
    });
    socket.on('end', () => resolve(text));
    socket.on('error', reject);
  });
}

/** Each answer of a keep-alive stream, read by its Content-Length as a client reads it. */
function splitAnswers(text: string): { status: number; body: string }[] {
  const answers: { status: number; body: string }[] = [];
  let at = 0;
  while (at < text.length) {
    const headEnd = text.indexOf('\r\n\r\n', at);
    const head = text.slice(at, headEnd);
    const length = Number(/content-length: (\d+)/i.exec(head)?.[1]);
    const bodyAt = headEnd + 4;
    answers.push({ status: Number(head.slice(9, 12)), body: text.slice(bodyAt, bodyAt + length) });
    at = bodyAt + length;
  }
  return answers;
}

describe('answers written at the end of the turn', () => {
  it('pipelined requests on one connection are answered in the order they were sent', async () => {
    const sim = await serve();
    const token = await sim.token();
    const get = (path: string, last = false) =>
      `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Auth-Token: ${token}\r\n${
        last ? 'Connection: close\r\n' : ''
      }\r\n`;
    const text = await exchange(
      sim.base,
      get('/compute/v2.1/flavors/1') +
        get('/compute/v2.1/servers/nope') +
        get('/compute/v2.1/flavors/2') +
        get('/compute/v2.1/os-keypairs', true),
    );
    const answers = splitAnswers(text);
    expect(answers.map((a) => a.status)).toEqual([200, 404, 200, 200]);
    expect(JSON.parse(answers[0]!.body).flavor.id).toBe('1');
    expect(JSON.parse(answers[1]!.body).itemNotFound.code).toBe(404);
    expect(JSON.parse(answers[2]!.body).flavor.id).toBe('2');
    expect(JSON.parse(answers[3]!.body)).toHaveProperty('keypairs');
  });
});
