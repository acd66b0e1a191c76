import { joinPointer } from './pointer.js';

/** `${name}`, unless written `$${name}` (which stands for the literal text `${name}`). */
const REFERENCE = /\$(\$?)\{([A-Za-z_][A-Za-z0-9_-]*)\}/g;
const WHOLE = /^\$\{([A-Za-z_][A-Za-z0-9_-]*)\}$/;

/** Names a `save` may define. */
export const VARIABLE_NAME_PATTERN = '^[A-Za-z_][A-Za-z0-9_-]*$';

export interface Reference {
  readonly name: string;
  /** Where the string that uses it sits, relative to the value searched. */
  readonly pointer: string;
}

/** Every `${name}` used in the strings of a JSON value (object keys are left alone). */
export function findReferences(value: unknown, pointer = ''): Reference[] {
  const found: Reference[] = [];
  const walk = (node: unknown, at: string) => {
    if (typeof node === 'string') {
      for (const match of node.matchAll(REFERENCE)) {
        if (match[1] === '') found.push({ name: match[2]!, pointer: at });
      }
    } else if (Array.isArray(node)) {
      node.forEach((item, i) => {
        walk(item, joinPointer(at, i));
      });
    } else if (node !== null && typeof node === 'object') {
      for (const [key, item] of Object.entries(node)) walk(item, joinPointer(at, key));
    }
  };
  walk(value, pointer);
  return found;
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * Replaces `${name}` in every string of a JSON value. A string that is exactly one
 * reference takes the saved value itself, whatever its type; elsewhere the value is
 * spliced in as text. Unknown names are left as they are (the loader refuses them).
 *
 * @example
 * substitute({ path: '/servers/${web}', count: '${n}' }, { web: 'abc', n: 2 });
 * // { path: '/servers/abc', count: 2 }
 */
export function substitute<T>(value: T, vars: Readonly<Record<string, unknown>>): T {
  const walk = (node: unknown): unknown => {
    if (typeof node === 'string') {
      const whole = WHOLE.exec(node);
      if (whole && Object.hasOwn(vars, whole[1]!)) return vars[whole[1]!];
      return node.replace(REFERENCE, (all, escaped: string, name: string) => {
        if (escaped !== '') return all.slice(1);
        return Object.hasOwn(vars, name) ? text(vars[name]) : all;
      });
    }
    if (Array.isArray(node)) return node.map(walk);
    if (node !== null && typeof node === 'object') {
      return Object.fromEntries(Object.entries(node).map(([key, item]) => [key, walk(item)]));
    }
    return node;
  };
  return walk(value) as T;
}
