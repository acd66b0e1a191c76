import type { Cloud } from '../cloud.js';
import type { Server } from '../compute/server.js';
import { nextTurn } from '../http/wall-clock.js';
import type { Claim } from '../scheduler/index.js';
import type { EncodedBlock } from './columns.js';
import type { CapturedSnapshot } from './save.js';
import { ServerOrdinals } from './server-ordinals.js';
import { encodeClaimBlock, serverBlockEncoder } from './server-records.js';
import { stringifyInChunks } from './sliced-json.js';

/** Rows per slice: a block of this many servers encodes in well under ~50 ms. */
export const SLICE_ROWS = 1_024;

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
  const slicing = Number.isFinite(rows);
  // The rest of the cloud is copied at once (a plain copy is quick) and written out in
  // slices of ~256k characters: at 1M servers its reservations alone are ~39 MB of JSON.
  const restJSON = cloud.snapshot({ servers: false });
  const rest = slicing ? await stringifyInChunks(restJSON, pause) : JSON.stringify(restJSON);
  const encode = serverBlockEncoder(cloud.compute);
  // One slice is one block, after the rest's slices; with no limit on rows there is no
  // pause at all (not even a microtask), so everything is read synchronously. The servers
  // are taken from the table a block at a time: copying all of them into one array first
  // was a slice of its own (~20 ms at 100k).
  let sliced = slicing ? 1 : 0;
  const blocks: EncodedBlock[] = [];
  const table = cloud.compute.servers;
  const count = table.size;
  const next = table.values();
  const ordinals = new ServerOrdinals();
  for (let start = 0; start < count; start += rows) {
    if (sliced++ > 0) await pause();
    const slice: Server[] = [];
    for (let row = start; row < count && row < start + rows; row++) {
      const server = next.next().value!;
      ordinals.add(server.id);
      slice.push(server);
    }
    blocks.push(encode(slice));
  }
  // Claims are listed a slice at a time too (at 100k, listing them all is a long block).
  const claimBlocks: EncodedBlock[] = [];
  let claims = 0;
  const ledger = cloud.scheduler.claimList();
  for (let done = false; !done; ) {
    const slice: Claim[] = [];
    for (let next = ledger.next(); ; next = ledger.next()) {
      if (next.done) {
        done = true;
        break;
      }
      slice.push(next.value);
      if (slice.length >= rows) break;
    }
    if (slice.length === 0) break;
    if (sliced++ > 0) await pause();
    claimBlocks.push(encodeClaimBlock(slice, ordinals));
    claims += slice.length;
  }
  return { servers: count, claims, rest, blocks, claimBlocks };
}
