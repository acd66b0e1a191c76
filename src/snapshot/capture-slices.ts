import type { Cloud } from '../cloud.js';
import type { Server } from '../compute/server.js';
import { nextTurn } from '../http/wall-clock.js';
import type { EncodedBlock } from './columns.js';
import type { CapturedSnapshot } from './save.js';
import { encodeClaimBlock, listClaims, serverBlockEncoder } from './server-records.js';

/** Rows per slice: a block of this many servers encodes in well under ~50 ms. */
export const SLICE_ROWS = 2_048;

export interface SliceOptions {
  /** Servers (and claims) per slice, and so per block line (default {@link SLICE_ROWS}; Infinity reads all at once). */
  readonly rows?: number;
  /** What runs between slices (default: the event loop's next turn). */
  readonly pause?: () => Promise<void>;
}

/**
 * {@link captureSnapshot} in slices, pausing between blocks so the event loop is never held
 * for long. The state read is the one at the call only if nothing changes the cloud until
 * the promise settles: `nova-sim serve` holds requests and its clock meanwhile
 * (src/http/hold.ts).
 *
 * @example
 * const captured = await captureInSlices(cloud);
 * for (const line of snapshotLines(captured)) out.write(line);
 */
export async function captureInSlices(
  cloud: Cloud,
  options: SliceOptions = {},
): Promise<CapturedSnapshot> {
  const rows = Math.max(1, options.rows ?? SLICE_ROWS);
  const pause = options.pause ?? nextTurn;
  const rest = JSON.stringify(cloud.snapshot({ servers: false }));
  const servers: Server[] = [...cloud.compute.servers.values()];
  const claims = listClaims(cloud.scheduler);
  const encode = serverBlockEncoder(cloud.compute);
  // One slice is one block; the first follows the reading of the rest with no pause (not
  // even a microtask), so a single slice reads everything synchronously.
  let sliced = 0;
  const blocks: EncodedBlock[] = [];
  for (let start = 0; start < servers.length; start += rows) {
    if (sliced++ > 0) await pause();
    blocks.push(encode(servers.slice(start, start + rows)));
  }
  const claimBlocks: EncodedBlock[] = [];
  for (let start = 0; start < claims.length; start += rows) {
    if (sliced++ > 0) await pause();
    claimBlocks.push(encodeClaimBlock(claims.slice(start, start + rows)));
  }
  return { servers: servers.length, claims: claims.length, rest, blocks, claimBlocks };
}
