import type { ServerResponse } from 'node:http';
import { afterReadyIo } from './wall-clock.js';

/** Answers queued for the end of the event loop's turn. */
export interface WriteBatch {
  /** Queues `writeHead(status, headers)` and `end(payload)` for the end of this turn. */
  write(
    res: ServerResponse,
    status: number,
    headers: Readonly<Record<string, string>>,
    payload: string | Uint8Array,
  ): void;
}

/**
 * Answers written together once the event loop has handled every request that was ready.
 *
 * Why: on loopback each socket write also wakes the client's process, and a client that
 * went back to sleep while the next request was being handled costs the writer a full
 * wake-up. Writing one turn's answers back to back wakes the client once per turn instead
 * of once per answer (docs/performance.md has the figures). Each answer's bytes, and the
 * order of answers on one socket, are unchanged; an answer leaves at most one turn later.
 *
 * @example
 * const batch = createWriteBatch(console.error);
 * batch.write(res, 200, { 'content-length': '2' }, Buffer.from('{}'));
 */
export function createWriteBatch(onError: (error: unknown) => void): WriteBatch {
  // Flat [res, status, headers, payload, …]: one array for a turn's answers, no record each.
  let queued: unknown[] = [];
  const flush = () => {
    const answers = queued;
    queued = [];
    for (let i = 0; i < answers.length; i += 4) {
      const res = answers[i] as ServerResponse;
      try {
        res.writeHead(answers[i + 1] as number, answers[i + 2] as Record<string, string>);
        res.end(answers[i + 3] as string | Uint8Array);
      } catch (error) {
        onError(error);
        res.destroy();
      }
    }
  };
  return {
    write(res, status, headers, payload) {
      if (queued.length === 0) afterReadyIo(flush);
      queued.push(res, status, headers, payload);
    },
  };
}
