import type { Duration } from './types.js';

/**
 * ISO-8601 durations of fixed length: weeks, days, hours, minutes, seconds (fractions
 * allowed). Years and months are refused: their length depends on the calendar.
 */
export const ISO_DURATION_PATTERN =
  '^P(?=\\d|T\\d)(?:(\\d+(?:\\.\\d+)?)W)?(?:(\\d+(?:\\.\\d+)?)D)?(?:T(?=\\d)(?:(\\d+(?:\\.\\d+)?)H)?(?:(\\d+(?:\\.\\d+)?)M)?(?:(\\d+(?:\\.\\d+)?)S)?)?$';

const ISO_DURATION = new RegExp(ISO_DURATION_PATTERN);
const UNIT_MS = [604_800_000, 86_400_000, 3_600_000, 60_000, 1000] as const;

/**
 * Milliseconds of a duration: a number of ms as is, or an ISO-8601 duration string.
 * Returns undefined when the value is neither.
 *
 * @example
 * parseDuration('PT5M'); // 300000
 * parseDuration('P1DT0.5S'); // 86400500
 */
export function parseDuration(value: Duration | unknown): number | undefined {
  if (typeof value === 'number') {
    return Number.isFinite(value) && value >= 0 ? Math.round(value) : undefined;
  }
  if (typeof value !== 'string') return undefined;
  const match = ISO_DURATION.exec(value);
  if (!match) return undefined;
  let ms = 0;
  UNIT_MS.forEach((unit, i) => {
    const part = match[i + 1];
    if (part !== undefined) ms += Number(part) * unit;
  });
  return Math.round(ms);
}

/** `+HH:MM:SS.mmm` since the start of a run, with a day count past 24 h. */
export function formatOffset(ms: number): string {
  const sign = ms < 0 ? '-' : '+';
  let rest = Math.abs(Math.round(ms));
  const days = Math.floor(rest / 86_400_000);
  rest -= days * 86_400_000;
  const h = Math.floor(rest / 3_600_000);
  rest -= h * 3_600_000;
  const m = Math.floor(rest / 60_000);
  rest -= m * 60_000;
  const s = Math.floor(rest / 1000);
  const milli = rest - s * 1000;
  const two = (n: number) => String(n).padStart(2, '0');
  const clock = `${two(h)}:${two(m)}:${two(s)}.${String(milli).padStart(3, '0')}`;
  return `${sign}${days > 0 ? `${days}d ` : ''}${clock}`;
}

/** A short human duration: `6s`, `5m`, `1h 2m 3.5s`. */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0s';
  const parts: string[] = [];
  let rest = Math.round(ms);
  for (const [unit, size] of [
    ['d', 86_400_000],
    ['h', 3_600_000],
    ['m', 60_000],
  ] as const) {
    const n = Math.floor(rest / size);
    if (n > 0) parts.push(`${n}${unit}`);
    rest -= n * size;
  }
  if (rest > 0)
    parts.push(`${rest % 1000 === 0 ? rest / 1000 : (rest / 1000).toFixed(3).replace(/0+$/, '')}s`);
  return parts.join(' ');
}
