// Comparing and writing the plain data of a snapshot's records as JSON.

/**
 * Whether `a` and `b` have the same JSON text, for plain data: the same keys in the same
 * order and equal primitives. False when unsure (anything but plain objects, arrays and
 * primitives; NaN), which only costs a JSON.stringify.
 *
 * @example
 * sameJSON({ a: [1] }, { a: [1] }); // true
 */
export function sameJSON(a: unknown, b: unknown): boolean {
  if (a === b) return typeof a !== 'function' && typeof a !== 'symbol' && typeof a !== 'bigint';
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameJSON(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b) || !isPlain(a) || !isPlain(b)) return false;
  // Most servers' metadata and hints are empty: no key lists to allocate for those.
  if (isEmpty(a)) return isEmpty(b);
  const keys = Object.keys(a);
  const others = Object.keys(b);
  if (keys.length !== others.length) return false;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    if (key !== others[i]) return false;
    const x = (a as Record<string, unknown>)[key];
    // JSON leaves out undefined members: compare texts instead.
    if (x === undefined) return false;
    if (!sameJSON(x, (b as Record<string, unknown>)[key])) return false;
  }
  return true;
}

function isPlain(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * `JSON.stringify(value)`, without the call for an empty array or object.
 *
 * @example
 * textOf({}); // '{}'
 */
export function textOf(value: unknown): string {
  if (typeof value === 'object' && value !== null) {
    if (Array.isArray(value)) {
      if (value.length === 0) return '[]';
    } else if (isEmpty(value)) {
      return '{}';
    }
  }
  return JSON.stringify(value);
}

/**
 * Whether an object has no enumerable keys.
 *
 * @example
 * isEmpty({}); // true
 */
export function isEmpty(value: object): boolean {
  for (const _ in value) return false;
  return true;
}
