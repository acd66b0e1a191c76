import type { Cloud } from '../cloud.js';
import type { Server } from '../compute/server.js';
import { nextTurn } from '../http/wall-clock.js';
import type { EncodedBlock } from './columns.js';
import { ServerOrdinals } from './server-ordinals.js';
import { encodeClaims, encodeServers } from './server-records.js';

/** The first line's `format`: what a reader checks before anything else. */
export const LINES_FORMAT = 'nova-sim-snapshot-lines';
/**
 * The version written. Version 2 adds column kinds (`a`: arithmetic runs, `same`: another
 * column's values, `s`: server ids by position); version 1 files still read.
 */
export const LINES_VERSION = 2;
/** Servers per block line (a line is written, and read, in one go). */
export const BLOCK_ROWS = 16_384;

/**
 * A cloud's state taken at one instant and detached from it: the cloud may change
 * afterwards without changing what is written.
 */
export interface CapturedSnapshot {
  readonly servers: number;
  readonly claims: number;
  /**
   * `cloud.snapshot({ servers: false })` (no servers, no claims) as JSON text, or that
   * text in chunks to write one after another (a sliced save joins nothing in a slice).
   */
  readonly rest: string | readonly string[];
  readonly blocks: readonly EncodedBlock[];
  readonly claimBlocks: readonly EncodedBlock[];
}

/**
 * Takes the cloud's state for a streamed save: the servers as column blocks (each distinct
 * value once per block), everything else as `cloud.snapshot()` has it.
 *
 * @example
 * const captured = captureSnapshot(cloud);
 * for (const line of snapshotLines(captured)) out.write(line);
 */
export function captureSnapshot(cloud: Cloud, blockRows = BLOCK_ROWS): CapturedSnapshot {
  const rest = JSON.stringify(cloud.snapshot({ servers: false }));
  const servers: Server[] = [...cloud.compute.servers.values()];
  const ordinals = new ServerOrdinals();
  for (const server of servers) ordinals.add(server.id);
  const claimBlocks = encodeClaims(cloud.scheduler, blockRows, ordinals);
  return {
    servers: servers.length,
    claims: claimBlocks.reduce((sum, block) => sum + block.size, 0),
    rest,
    blocks: encodeServers(cloud.compute, servers, blockRows),
    claimBlocks,
  };
}

/**
 * The snapshot as newline-terminated JSON lines: a header, the rest of the cloud, a line
 * per block of servers (`{"servers":…}`) and of Placement claims (`{"claims":…}`), and an
 * end line that repeats the counts (a cut-off file has none, and is refused).
 */
export function* snapshotLines(captured: CapturedSnapshot): Generator<string> {
  const { servers, claims } = captured;
  yield `${JSON.stringify({ format: LINES_FORMAT, version: LINES_VERSION, servers, claims })}\n`;
  const { rest } = captured;
  if (typeof rest === 'string') yield `${rest}\n`;
  else for (let i = 0; i < rest.length; i++) yield i < rest.length - 1 ? rest[i]! : `${rest[i]}\n`;
  for (const block of captured.blocks) yield `{"servers":${block.line}}\n`;
  for (const block of captured.claimBlocks) yield `{"claims":${block.line}}\n`;
  yield `${JSON.stringify({ end: LINES_FORMAT, servers, claims })}\n`;
}

/**
 * Saves a cloud in the streamed (line) format: all of it as one string, or, given a
 * writable stream, line by line with back-pressure, yielding to the event loop between
 * lines. Resolves to the bytes written.
 *
 * @example
 * const text = saveSnapshot(cloud);
 * const again = restoreSnapshot(text);
 * await writeSnapshot(cloud, createWriteStream('cloud.snap'));
 */
export function saveSnapshot(cloud: Cloud): string {
  let text = '';
  for (const line of snapshotLines(captureSnapshot(cloud))) text += line;
  return text;
}

/** Something lines can be written to: a Node Writable, an HTTP response. */
export interface LineSink {
  write(chunk: string): boolean;
  once(event: 'drain', listener: () => void): unknown;
}

/** Writes captured lines, waiting for `drain` when the sink asks, and yielding between lines. */
export async function writeLines(captured: CapturedSnapshot, sink: LineSink): Promise<number> {
  let bytes = 0;
  for (const line of snapshotLines(captured)) {
    bytes += Buffer.byteLength(line);
    if (!sink.write(line)) await new Promise<void>((resolve) => sink.once('drain', resolve));
    else await nextTurn();
  }
  return bytes;
}

/** {@link saveSnapshot} to a stream: captured at the call, written line by line. */
export function writeSnapshot(cloud: Cloud, sink: LineSink): Promise<number> {
  return writeLines(captureSnapshot(cloud), sink);
}
