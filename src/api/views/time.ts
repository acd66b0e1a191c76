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
  return memo(ISO, ms, () => `${wholeSeconds(Math.floor(ms / 1000))}Z`);
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
    return `${wholeSeconds(seconds)}.${String(micros).padStart(6, '0')}`;
  });
}

/** `00`…`99`. */
const TWO_DIGITS = Array.from({ length: 100 }, (_, n) => (n < 10 ? `0${n}` : String(n)));

/** Seconds of the years 1970 to 9999, whose ISO text has four year digits. */
const FOUR_DIGIT_YEARS = 253_402_300_800;

/**
 * `YYYY-MM-DDTHH:MM:SS` of whole epoch seconds, as `Date#toISOString` writes them: the
 * civil date from the day count (Howard Hinnant's `civil_from_days`), where a `Date`, its
 * ISO text and a slice cost three times as much, once per fresh timestamp of every
 * rendered view. Outside 1970–9999 the `Date` writes it.
 */
function wholeSeconds(seconds: number): string {
  if (!(seconds >= 0 && seconds < FOUR_DIGIT_YEARS)) {
    return new Date(seconds * 1000).toISOString().slice(0, 19);
  }
  const days = Math.floor(seconds / 86_400);
  let rest = seconds - days * 86_400;
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1_460) +
      Math.floor(dayOfEra / 36_524) -
      Math.floor(dayOfEra / 146_096)) /
      365,
  );
  const dayOfYear =
    dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const shifted = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * shifted + 2) / 5) + 1;
  const month = shifted < 10 ? shifted + 3 : shifted - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  const hours = Math.floor(rest / 3_600);
  rest -= hours * 3_600;
  const minutes = Math.floor(rest / 60);
  return `${year}-${TWO_DIGITS[month]}-${TWO_DIGITS[day]}T${TWO_DIGITS[hours]}:${TWO_DIGITS[minutes]}:${TWO_DIGITS[rest - minutes * 60]}`;
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
