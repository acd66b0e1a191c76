import type { Doc } from './views.js';

// Neutron's list query: any attribute filters (a repeated key means any of its values),
// `fields` projects, `limit`/`marker` page, `sort_key`/`sort_dir` order.

const RESERVED = new Set(['fields', 'limit', 'marker', 'sort_key', 'sort_dir', 'page_reverse']);

function matches(doc: Doc, query: ReadonlyMap<string, readonly string[]>): boolean {
  for (const [key, wanted] of query) {
    if (RESERVED.has(key)) continue;
    if (!Object.hasOwn(doc, key)) continue;
    const value = doc[key];
    if (key === 'fixed_ips' && Array.isArray(value)) {
      // `fixed_ips=ip_address=10.0.0.5` / `fixed_ips=subnet_id=...`: each must hold on some entry.
      const entries = value as Record<string, unknown>[];
      const ok = wanted.every((w) => {
        const [field = '', text = ''] = w.split('=', 2);
        return entries.some((entry) => String(entry[field]) === text);
      });
      if (!ok) return false;
      continue;
    }
    if (Array.isArray(value)) {
      // A list attribute (security_groups, tags) matches when it holds any wanted value.
      if (!value.some((v) => wanted.includes(String(v)))) return false;
      continue;
    }
    if (typeof value === 'object' && value !== null) continue;
    const text = value === null ? '' : String(value);
    const ok = wanted.some((w) =>
      typeof value === 'boolean' ? w.toLowerCase() === text : w === text,
    );
    if (!ok) return false;
  }
  return true;
}

/** Keeps only the asked `fields` (Neutron adds nothing back). */
export function project(doc: Doc, fields: readonly string[] | undefined): Doc {
  if (!fields || fields.length === 0) return doc;
  return Object.fromEntries(fields.filter((f) => f in doc).map((f) => [f, doc[f]]));
}

/**
 * Filters, sorts, pages and projects docs as Neutron lists a collection.
 *
 * @example
 * listBody('networks', docs, query); // { networks: [...], networks_links?: [...] }
 */
export function listBody(
  collection: string,
  docs: readonly Doc[],
  query: ReadonlyMap<string, readonly string[]>,
): Doc {
  let items = docs.filter((doc) => matches(doc, query));
  const sortKey = query.get('sort_key')?.[0];
  if (sortKey !== undefined) {
    const dir = query.get('sort_dir')?.[0] === 'desc' ? -1 : 1;
    items = [...items].sort((a, b) => dir * String(a[sortKey]).localeCompare(String(b[sortKey])));
  }
  const marker = query.get('marker')?.[0];
  if (marker !== undefined) {
    const at = items.findIndex((d) => d.id === marker);
    items = at < 0 ? items : items.slice(at + 1);
  }
  const key = collection.replaceAll('-', '_');
  const body: Doc = {};
  const limitText = query.get('limit')?.[0];
  const limit = limitText === undefined ? Number.NaN : Number(limitText);
  if (Number.isInteger(limit) && limit > 0 && items.length > limit) {
    items = items.slice(0, limit);
    body[`${key}_links`] = [
      {
        rel: 'next',
        href: `/v2.0/${collection}?limit=${limit}&marker=${String(items.at(-1)?.id)}`,
      },
    ];
  }
  body[key] = items.map((doc) => project(doc, query.get('fields')));
  return body;
}
