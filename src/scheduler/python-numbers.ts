/**
 * Python's `float(str)` and `int(str)` on aggregate metadata and extra-spec values:
 * the per-aggregate options (`max_io_ops_per_host`, `ram_weight_multiplier`, …) and
 * the numeric extra-spec operators parse strings the way Python does, so a value
 * JavaScript's `Number()` would take (`''`, `'0x10'`) or refuse (`'1_000'`) is
 * judged as Nova judges it. `null` is Python's ValueError.
 */

const DIGITS = '\\d(?:_?\\d)*';
const FLOAT = new RegExp(
  `^[+-]?(?:(?:${DIGITS}(?:\\.(?:${DIGITS})?)?|\\.${DIGITS})(?:[eE][+-]?${DIGITS})?|inf(?:inity)?|nan)$`,
  'i',
);
const INT = new RegExp(`^[+-]?${DIGITS}$`);

/** Python strips ASCII whitespace (and more) around a number; this covers what metadata holds. */
function stripped(text: string): string {
  return text.trim();
}

/**
 * `float(text)`, or null where Python raises ValueError.
 *
 * @example
 * pythonFloat(' 1_000.5 '); // 1000.5
 * pythonFloat('0x10'); // null
 */
export function pythonFloat(text: string): number | null {
  const s = stripped(text);
  if (!FLOAT.test(s)) return null;
  const lower = s.toLowerCase().replace(/^[+]/, '');
  if (lower.endsWith('nan')) return Number.NaN;
  if (lower.endsWith('inf') || lower.endsWith('infinity'))
    return lower.startsWith('-') ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  return Number(s.replaceAll('_', ''));
}

/**
 * `int(text)` (base 10), or null where Python raises ValueError (`'1.5'`, `''`).
 *
 * @example
 * pythonInt(' +7 '); // 7
 */
export function pythonInt(text: string): number | null {
  const s = stripped(text);
  return INT.test(s) ? Number(s.replaceAll('_', '')) : null;
}

/**
 * `nova.scheduler.filters.utils.validate_num_values`: the smallest of the values, each
 * cast; none gives `fallback`; one that does not cast gives `fallback` too (Nova logs
 * the ValueError and uses the option's value).
 *
 * @example
 * minOfValues(new Set(['4', '2']), 8, pythonInt); // 2
 */
export function minOfValues(
  values: ReadonlySet<string>,
  fallback: number,
  cast: (text: string) => number | null,
): number {
  if (values.size === 0) return fallback;
  let min: number | null = null;
  for (const value of values) {
    const n = cast(value);
    if (n === null) return fallback;
    // As Python's min(): a NaN first stays, since nothing compares less than it.
    if (min === null || n < min) min = n;
  }
  return min ?? fallback;
}
