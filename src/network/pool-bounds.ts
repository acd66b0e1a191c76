import { parseIp } from './ip.js';

/** An allocation pool as its row keeps it: first and last address, as text. */
export interface PoolText {
  readonly start: string;
  readonly end: string;
}

/** A pool's bounds as parsed, with the texts they came from (a pool row may be rewritten). */
interface ParsedPool {
  readonly startText: string;
  readonly endText: string;
  readonly bounds: { readonly start: bigint; readonly end: bigint } | null;
}

const PARSED = new WeakMap<PoolText, ParsedPool>();

/**
 * The pool's first and last addresses, parsed once per pool rather than at each allocation
 * and each freed address; null when either does not parse.
 *
 * @example
 * poolBounds({ start: '10.0.0.2', end: '10.0.0.254' }); // { start: 167772162n, end: 167772414n }
 */
export function poolBounds(pool: PoolText): ParsedPool['bounds'] {
  const known = PARSED.get(pool);
  if (known !== undefined && known.startText === pool.start && known.endText === pool.end) {
    return known.bounds;
  }
  const start = parseIp(pool.start);
  const end = parseIp(pool.end);
  const bounds = start && end ? { start: start.value, end: end.value } : null;
  PARSED.set(pool, { startText: pool.start, endText: pool.end, bounds });
  return bounds;
}
