// JSON.stringify in slices, for the part of a sliced save that is not servers: at 1M
// servers its reservations alone are ~39 MB of JSON, and a cloud whose servers have ports
// and volumes carries their records there too. Small values are written by JSON.stringify
// itself; only arrays and objects with many members are walked, pausing between pieces.

/** Members past which an array or object is walked rather than written in one call. */
const WALK_AFTER = 256;
/** Characters written between pauses (a few ms of JSON.stringify on a loaded machine). */
const SLICE_CHARS = 256 * 1024;

interface Progress {
  /** Pieces written since the last pause; joined into one chunk at each pause. */
  parts: string[];
  readonly chunks: string[];
  written: number;
  readonly pause: () => Promise<void>;
}

/**
 * The JSON text of plain data, the same as `JSON.stringify(value)`, written in pieces with
 * `pause()` between them.
 *
 * @example
 * const text = await stringifyInSlices(cloud.snapshot({ servers: false }), nextTurn);
 */
export async function stringifyInSlices(
  value: unknown,
  pause: () => Promise<void>,
): Promise<string> {
  return (await stringifyInChunks(value, pause)).join('');
}

/**
 * {@link stringifyInSlices} as chunks of about a slice each, not joined: joining the rest
 * of a 100k-server cloud (4 MB) took ~12 ms in one slice, and a writer can send the
 * chunks one by one.
 *
 * @example
 * const chunks = await stringifyInChunks(cloud.snapshot({ servers: false }), nextTurn);
 * chunks.join('') === JSON.stringify(cloud.snapshot({ servers: false })); // true
 */
export async function stringifyInChunks(
  value: unknown,
  pause: () => Promise<void>,
): Promise<string[]> {
  const progress: Progress = { parts: [], chunks: [], written: 0, pause };
  await write(value, progress, 0);
  cut(progress);
  return progress.chunks;
}

/** Joins the pieces written since the last pause into one chunk (a slice's worth). */
function cut(progress: Progress): void {
  if (progress.parts.length === 0) return;
  progress.chunks.push(progress.parts.join(''));
  progress.parts = [];
}

/** Adds text; true when a slice's worth was written since the last pause. */
function emit(text: string, progress: Progress): boolean {
  progress.parts.push(text);
  progress.written += text.length;
  return progress.written >= SLICE_CHARS;
}

function pause(progress: Progress): Promise<void> {
  progress.written = 0;
  cut(progress);
  return progress.pause();
}

/** Levels below the top where a small array or object is still walked if it holds others. */
const WALK_DEPTH = 3;

/**
 * Whether `value` is walked member by member: a big array or plain object, or, near the
 * top, one that holds arrays or objects (a reservation is a pair of an id and 10k ids).
 */
function isWalked(value: unknown, depth: number): value is object {
  if (typeof value !== 'object' || value === null) return false;
  if (Array.isArray(value)) {
    if (value.length > WALK_AFTER) return true;
    return depth < WALK_DEPTH && value.some((item) => typeof item === 'object' && item !== null);
  }
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return false;
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return false;
  let members = 0;
  let nested = false;
  for (const key in value) {
    if (++members > WALK_AFTER) return true;
    const item = (value as Record<string, unknown>)[key];
    if (typeof item === 'object' && item !== null) nested = true;
  }
  return nested && depth < WALK_DEPTH;
}

/** True for the values JSON.stringify leaves out of an object (and writes as null in an array). */
const isSkipped = (value: unknown) =>
  value === undefined || typeof value === 'function' || typeof value === 'symbol';

/** Array members written by one JSON.stringify call when none of them is big. */
const RUN = 1024;

async function write(value: unknown, progress: Progress, depth: number): Promise<void> {
  if (!isWalked(value, depth)) {
    if (emit(JSON.stringify(value) ?? 'null', progress)) await pause(progress);
    return;
  }
  const below = depth + 1;
  if (Array.isArray(value)) {
    emit('[', progress);
    let i = 0;
    while (i < value.length) {
      if (i > 0) emit(',', progress);
      if (isWalked(value[i], below)) {
        await write(value[i], progress, below);
        i++;
        continue;
      }
      // A run of members that are not walked, in one call, without its brackets.
      let end = i + 1;
      while (end < value.length && end - i < RUN && !isWalked(value[end], below)) end++;
      const run = JSON.stringify(value.slice(i, end));
      if (emit(run.slice(1, -1), progress)) await pause(progress);
      i = end;
    }
    emit(']', progress);
    return;
  }
  // A plain object (isWalked checked the prototype): its own enumerable keys, in order.
  emit('{', progress);
  let first = true;
  for (const key of Object.keys(value)) {
    const item: unknown = (value as Record<string, unknown>)[key];
    if (isSkipped(item)) continue;
    emit(`${first ? '' : ','}${JSON.stringify(key)}:`, progress);
    first = false;
    if (isWalked(item, below)) await write(item, progress, below);
    else if (emit(JSON.stringify(item), progress)) await pause(progress);
  }
  emit('}', progress);
}
