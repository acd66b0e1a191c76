/**
 * The two timestamp formats of Nova's server views (§4.8): `isoTime` for `created`,
 * `updated` and `fault.created` (oslo `isotime`: seconds, `Z`), `usageTime` for
 * `OS-SRV-USG:*` (a naive datetime serialised by oslo.serialization: microseconds, no zone).
 */

/**
 * `YYYY-MM-DDTHH:MM:SSZ`, the fraction dropped (not rounded), as Nova's `utils.isotime`.
 *
 * @example
 * isoTime(Date.UTC(2026, 0, 1, 12, 30, 5, 999)); // '2026-01-01T12:30:05Z'
 */
export function isoTime(ms: number): string {
  return memo(ISO, ms, () => `${new Date(Math.floor(ms)).toISOString().slice(0, 19)}Z`);
}

/**
 * `YYYY-MM-DDTHH:MM:SS.ffffff` with no zone: always six fraction digits, as oslo's
 * `PERFECT_TIME_FORMAT` writes a datetime even when its microseconds are zero.
 *
 * @example
 * usageTime(Date.UTC(2026, 0, 1, 12, 30, 5, 250)); // '2026-01-01T12:30:05.250000'
 */
export function usageTime(ms: number): string {
  return memo(USAGE, ms, () => {
    const seconds = Math.floor(ms / 1000);
    const micros = Math.floor((ms - seconds * 1000) * 1000);
    const whole = new Date(seconds * 1000).toISOString().slice(0, 19);
    return `${whole}.${String(micros).padStart(6, '0')}`;
  });
}

// Servers share timestamps (a multi-create, a tick of the clock): a page of 1,000 views
// formats each instant once. Bounded so a long run cannot grow it without end.
const ISO = new Map<number, string>();
const USAGE = new Map<number, string>();

function memo(cache: Map<number, string>, ms: number, format: () => string): string {
  let text = cache.get(ms);
  if (text === undefined) {
    text = format();
    if (cache.size >= 10_000) cache.clear();
    cache.set(ms, text);
  }
  return text;
}

/** `usageTime`, or null for a timestamp Nova has not set yet. */
export function usageTimeOrNull(ms: number | null): string | null {
  return ms === null ? null : usageTime(ms);
}
