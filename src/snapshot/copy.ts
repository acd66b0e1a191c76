/**
 * A deep copy of plain JSON-like data (objects, arrays, primitives; `undefined` kept), many
 * times faster than `structuredClone` on the small records of a snapshot. An own
 * `__proto__` key (JSON.parse makes them) stays an own key, never a prototype.
 *
 * @example
 * const copy = copyPlain({ tags: ['a'] });
 */
export function copyPlain<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    const out = new Array(value.length);
    for (let i = 0; i < value.length; i++) out[i] = copyPlain(value[i]);
    return out as T;
  }
  const out: Record<string, unknown> = {};
  for (const key in value) {
    const item = copyPlain((value as Record<string, unknown>)[key]);
    if (key === '__proto__') {
      Object.defineProperty(out, key, {
        value: item,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    } else {
      out[key] = item;
    }
  }
  return out as T;
}
