import { nextTurn } from './wall-clock.js';

/**
 * A response body sent as it is produced, one line at a time, with the event loop free
 * between lines (a large snapshot never becomes one string, nor one long block).
 *
 * @example
 * return { status: 200, body: new LineStream(() => snapshotLines(captured)) };
 */
export class LineStream {
  constructor(
    readonly lines: () => Iterable<string> | AsyncIterable<string>,
    readonly contentType = 'application/x-ndjson',
  ) {}
}

/** What LineStream bodies are written to (a ServerResponse). */
export interface LineSink {
  write(chunk: string): boolean;
  once(event: 'drain' | 'close', listener: () => void): unknown;
  end(): void;
  readonly destroyed: boolean;
}

/** Writes each line, waiting on back-pressure and yielding a turn of the loop between lines. */
export async function pumpLines(body: LineStream, sink: LineSink): Promise<void> {
  for await (const line of body.lines()) {
    if (sink.destroyed) return;
    if (!sink.write(line)) {
      await new Promise<void>((resolve) => {
        sink.once('drain', resolve);
        sink.once('close', resolve);
      });
    } else {
      await nextTurn();
    }
  }
  sink.end();
}
