import { queryOne, type VolumeContext } from './context.js';
import { CinderError, invalidInput } from './errors.js';

type Row = { readonly id: string; readonly createdAt: number } & Record<string, unknown>;

const SORT_KEYS: Readonly<Record<string, (row: Row) => string | number>> = {
  created_at: (row) => row.createdAt,
  id: (row) => row.id,
  name: (row) => String(row.name ?? ''),
  // The DB column behind `name`: a sort key at every microversion (Tempest sorts by it).
  display_name: (row) => String(row.name ?? ''),
  size: (row) => Number(row.size ?? 0),
  status: (row) => String(row.status ?? ''),
  updated_at: (row) => Number(row.updatedAt ?? 0),
};

/** `sort=key:dir,...` or `sort_key`/`sort_dir`; Cinder's default is `created_at:desc,id:desc`. */
function sortSpec(ctx: VolumeContext): [string, 'asc' | 'desc'][] {
  const sort = queryOne(ctx, 'sort');
  const keyParam = queryOne(ctx, 'sort_key');
  if (sort !== undefined && keyParam !== undefined) {
    throw CinderError.badRequest(
      "The 'sort_key' and 'sort_dir' parameters are deprecated and cannot be used with the 'sort' parameter.",
    );
  }
  const spec: [string, 'asc' | 'desc'][] = [];
  if (sort !== undefined) {
    for (const part of sort.split(',')) {
      const [key = '', dir = 'desc'] = part.trim().split(':');
      spec.push([key, dir.toLowerCase() as 'asc' | 'desc']);
    }
  } else if (keyParam !== undefined) {
    spec.push([keyParam, (queryOne(ctx, 'sort_dir') ?? 'desc').toLowerCase() as 'asc' | 'desc']);
  }
  for (const [key, dir] of spec) {
    if (!SORT_KEYS[key]) throw invalidInput(`Invalid sort key ${key}`);
    if (dir !== 'asc' && dir !== 'desc') throw invalidInput(`Invalid sort dir ${dir}`);
  }
  if (spec.length === 0) spec.push(['created_at', 'desc']);
  if (!spec.some(([key]) => key === 'id')) spec.push(['id', spec[0]?.[1] ?? 'desc']);
  return spec;
}

/**
 * Sorts, then pages with `marker` and `limit`; a full page gets a `next` link, as Cinder's
 * `_get_collection_links`. The total before paging is returned for `with_count`.
 */
export function page<T extends Row>(
  ctx: VolumeContext,
  rows: T[],
  collection: string,
): { rows: T[]; links: { href: string; rel: string }[] | undefined; count: number } {
  const spec = sortSpec(ctx);
  rows.sort((a, b) => {
    for (const [key, dir] of spec) {
      const get = SORT_KEYS[key]!;
      const x = get(a);
      const y = get(b);
      if (x !== y) return (x < y ? -1 : 1) * (dir === 'asc' ? 1 : -1);
    }
    return 0;
  });
  const count = rows.length;
  const marker = queryOne(ctx, 'marker');
  let start = 0;
  if (marker !== undefined) {
    const at = rows.findIndex((row) => row.id === marker);
    if (at < 0) throw CinderError.notFound(`Marker ${marker} could not be found.`);
    start = at + 1;
  }
  const limitText = queryOne(ctx, 'limit');
  let limit = 1000;
  if (limitText !== undefined) {
    if (!/^\d+$/.test(limitText)) throw CinderError.badRequest('limit param must be an integer');
    limit = Math.min(Number(limitText), 1000);
  }
  // common._get_offset_param (oslo's validate_integer): applied after the marker.
  const offsetText = queryOne(ctx, 'offset');
  if (offsetText !== undefined) {
    if (!/^\s*[-+]?\d+\s*$/.test(offsetText)) {
      throw CinderError.badRequest('offset must be an integer');
    }
    const offset = Number(offsetText);
    if (offset < 0) throw CinderError.badRequest('offset must be >= 0');
    start += offset;
  }
  const pageRows = rows.slice(start, start + limit);
  let links: { href: string; rel: string }[] | undefined;
  if (pageRows.length === limit && limit > 0) {
    const params = new URLSearchParams();
    for (const [key, values] of ctx.query) {
      if (key === 'marker') continue;
      for (const value of values) params.append(key, value);
    }
    params.set('marker', pageRows.at(-1)!.id);
    links = [{ href: `${ctx.links.self}/${collection}?${params.toString()}`, rel: 'next' }];
  }
  return { rows: pageRows, links, count };
}

/** `metadata={'k': 'v'}` as Cinder reads it (a Python or JSON dict literal). */
export function metadataFilter(text: string | undefined): Record<string, string> | undefined {
  if (text === undefined) return undefined;
  try {
    const parsed = JSON.parse(text.replace(/'/g, '"')) as unknown;
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
      return Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, String(v)]));
    }
  } catch {}
  throw invalidInput(`Invalid filter keys: metadata`);
}
