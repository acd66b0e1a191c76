/**
 * The deepest JSON nesting a request body may have. Python's json refuses bodies nested
 * about a thousand deep; past a few hundred, recursive validators and clones would
 * overflow the stack here, so a body deeper than this is malformed.
 */
export const MAX_JSON_DEPTH = 512;

/**
 * Whether JSON text nests arrays and objects deeper than `max`, read without recursion
 * (strings skipped, so brackets inside them do not count).
 *
 * @example
 * jsonTextTooDeep('['.repeat(5000) + ']'.repeat(5000)); // true
 */
export function jsonTextTooDeep(text: string, max = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) {
      depth--;
    }
  }
  return false;
}

/**
 * Whether a parsed value nests deeper than `max`, walked without recursion. A body that is
 * not an object (every GET's undefined) answers at once, allocating nothing.
 *
 * @example
 * jsonValueTooDeep({ server: { name: 'a' } }); // false
 */
export function jsonValueTooDeep(value: unknown, max = MAX_JSON_DEPTH): boolean {
  if (typeof value !== 'object' || value === null) return false;
  // Two parallel stacks: a [node, depth] pair per node was an array per JSON node.
  const nodes: object[] = [value];
  const depths: number[] = [0];
  const seen = new Set<object>();
  while (nodes.length > 0) {
    const node = nodes.pop()!;
    const depth = depths.pop()!;
    if (depth >= max) return true;
    // A cyclic object passed to the library is infinitely deep.
    if (seen.has(node)) return true;
    seen.add(node);
    for (const key in node) {
      if (!Object.hasOwn(node, key)) continue;
      const child = (node as Record<string, unknown>)[key];
      if (typeof child === 'object' && child !== null) {
        nodes.push(child);
        depths.push(depth + 1);
      }
    }
  }
  return false;
}
