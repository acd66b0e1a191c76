import type { Query } from '../query.js';

/**
 * Python's `urlencode` of one pair: `quote_plus`, which keeps only letters, digits and
 * `_.-~` and writes a space as `+`.
 */
function quotePlus(text: string): string {
  return encodeURIComponent(text)
    .replace(/[!'()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+');
}

/**
 * The query of Nova's `next` link (`ViewBuilder._get_next_link`): the request's pairs
 * sorted by name then value, one per name (the last after sorting wins, where the first
 * stood), then `marker` set to the last item's id (in place, or appended).
 *
 * @example
 * nextLinkQuery(Query.parse('status=ACTIVE&limit=2'), 'abc'); // 'limit=2&status=ACTIVE&marker=abc'
 */
export function nextLinkQuery(query: Query, marker: string): string {
  const pairs = [...query.entries()].sort(([a, x], [b, y]) => compare(a, b) || compare(x, y));
  const params = new Map<string, string>();
  for (const [name, value] of pairs) params.set(name, value);
  params.set('marker', marker);
  return [...params].map(([name, value]) => `${quotePlus(name)}=${quotePlus(value)}`).join('&');
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
