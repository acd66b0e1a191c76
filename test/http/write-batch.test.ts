import type { ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { createWriteBatch } from '../../src/http/write-batch.js';

/** A response that records what was written to it. */
function fakeResponse(log: string[], name: string, fail = false) {
  return {
    writeHead(status: number, headers: Record<string, string>) {
      if (fail) throw new TypeError('invalid header');
      log.push(`${name} head ${status} ${JSON.stringify(headers)}`);
    },
    end(payload: Uint8Array) {
      log.push(`${name} end ${Buffer.from(payload).toString()}`);
    },
    destroy() {
      log.push(`${name} destroyed`);
    },
  } as unknown as ServerResponse;
}

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('createWriteBatch', () => {
  it('writes nothing during the turn, then every answer in the order queued', async () => {
    const log: string[] = [];
    const batch = createWriteBatch(() => {});
    batch.write(fakeResponse(log, 'a'), 200, { 'content-length': '2' }, Buffer.from('{}'));
    batch.write(fakeResponse(log, 'b'), 404, {}, Buffer.from('x'));
    expect(log).toEqual([]);
    await nextTurn();
    expect(log).toEqual([
      'a head 200 {"content-length":"2"}',
      'a end {}',
      'b head 404 {}',
      'b end x',
    ]);
  });

  it('a write that throws destroys that response, reports it, and the rest are still written', async () => {
    const log: string[] = [];
    const errors: unknown[] = [];
    const batch = createWriteBatch((error) => errors.push(error));
    batch.write(fakeResponse(log, 'a', true), 200, {}, Buffer.from('1'));
    batch.write(fakeResponse(log, 'b'), 200, {}, Buffer.from('2'));
    await nextTurn();
    expect(log).toEqual(['a destroyed', 'b head 200 {}', 'b end 2']);
    expect(errors).toHaveLength(1);
  });

  it('answers queued after a flush go out in the next turn', async () => {
    const log: string[] = [];
    const batch = createWriteBatch(() => {});
    batch.write(fakeResponse(log, 'a'), 200, {}, Buffer.from('1'));
    await nextTurn();
    batch.write(fakeResponse(log, 'b'), 200, {}, Buffer.from('2'));
    expect(log).toEqual(['a head 200 {}', 'a end 1']);
    await nextTurn();
    expect(log).toEqual(['a head 200 {}', 'a end 1', 'b head 200 {}', 'b end 2']);
  });
});
