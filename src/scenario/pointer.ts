/** RFC 6901 JSON Pointers: `""` is the whole document, `/a/0/b~1c` a path into it. */
export const POINTER_PATTERN = '^(/([^~]|~[01])*)*$';

/** The reference tokens of a pointer (assumed valid). */
export function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** Appends tokens to a pointer, escaping them. */
export function joinPointer(base: string, ...tokens: readonly (string | number)[]): string {
  return (
    base +
    tokens.map((token) => `/${String(token).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('')
  );
}

/**
 * Resolves a pointer in a JSON value; `found` is false when a token leads nowhere.
 *
 * @example
 * resolvePointer({ server: { id: 'x' } }, '/server/id'); // { found: true, value: 'x' }
 */
export function resolvePointer(
  document: unknown,
  pointer: string,
): { readonly found: boolean; readonly value: unknown } {
  let current = document;
  for (const token of parsePointer(pointer)) {
    if (Array.isArray(current)) {
      if (!/^(0|[1-9]\d*)$/.test(token) || Number(token) >= current.length) {
        return { found: false, value: undefined };
      }
      current = current[Number(token)];
    } else if (current !== null && typeof current === 'object' && Object.hasOwn(current, token)) {
      current = (current as Record<string, unknown>)[token];
    } else {
      return { found: false, value: undefined };
    }
  }
  return { found: true, value: current };
}
