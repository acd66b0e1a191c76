import type { ApiContext, HandlerResult } from '../../context.js';

export interface Link {
  readonly href: string;
  readonly rel: string;
  readonly type?: string;
}

/**
 * A resource's `self` and `bookmark` links (`common.ViewBuilder._get_links`).
 *
 * @example
 * resourceLinks(ctx, 'flavors', '1'); // [{ href: '…/v2.1/flavors/1', rel: 'self' }, { …, rel: 'bookmark' }]
 */
export function resourceLinks(ctx: ApiContext, collection: string, id: string): Link[] {
  return [
    { href: ctx.links.self(`${collection}/${id}`), rel: 'self' },
    { href: ctx.links.bookmark(`${collection}/${id}`), rel: 'bookmark' },
  ];
}

/**
 * `common.ViewBuilder._get_collection_links`: a `next` link when the page is full, i.e.
 * holds min(limit, max_limit) items. The query keeps its parameters sorted by name, the
 * marker replacing an old one in place or going last, as Nova's `_get_next_link` does.
 *
 * @example
 * collectionLinks(ctx, 'os-keypairs', page.length, page.at(-1)?.name); // [] or [{ href, rel: 'next' }]
 */
export function collectionLinks(
  ctx: ApiContext,
  collection: string,
  count: number,
  lastId: string | undefined,
): Link[] {
  const max = ctx.cloud.config.maxLimit;
  const limit = Number(ctx.query.get('limit') ?? max);
  const maxItems = Math.min(Number.isFinite(limit) ? limit : max, max);
  if (!maxItems || maxItems !== count || lastId === undefined) return [];
  const params = new Map<string, string>();
  const sorted = [...ctx.query.entries()].sort(([a, x], [b, y]) => compare(a, b) || compare(x, y));
  for (const [name, value] of sorted) params.set(name, value);
  params.set('marker', lastId);
  const search = [...params]
    .map(([name, value]) => `${quotePlus(name)}=${quotePlus(value)}`)
    .join('&');
  return [{ href: `${ctx.links.self(collection)}?${search}`, rel: 'next' }];
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Python's `urllib.parse.quote_plus`. */
function quotePlus(text: string): string {
  return encodeURIComponent(text)
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+');
}

/**
 * `utils.isotime`, second precision with a `Z`.
 *
 * @example
 * isoTime(Date.UTC(2011, 0, 1, 1, 2, 3)); // '2011-01-01T01:02:03Z'
 */
export function isoTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

/**
 * A datetime as oslo's JSON serializer writes it (`%Y-%m-%dT%H:%M:%S.%f`): always six
 * fractional digits, no zone.
 *
 * @example
 * perfectTime(Date.UTC(2012, 9, 29, 13, 42, 2)); // '2012-10-29T13:42:02.000000'
 */
export function perfectTime(ms: number): string {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 19)}.${iso.slice(20, 23)}000`;
}

/**
 * A page of a collection: `{ <key>: [...views], <key>_links: [next] }`, the link only when
 * the page is full (Nova's `_get_collection_links`).
 *
 * @example
 * pagedList(ctx, 'flavors', page, flavorBasic, 'flavors');
 */
export function pagedList<T extends { readonly id: string }>(
  ctx: ApiContext,
  key: string,
  items: readonly T[],
  view: (ctx: ApiContext, item: T) => unknown,
  collection: string,
): HandlerResult {
  const links = collectionLinks(ctx, collection, items.length, items.at(-1)?.id);
  return {
    status: 200,
    body: {
      [key]: items.map((item) => view(ctx, item)),
      ...(links.length > 0 ? { [`${key}_links`]: links } : {}),
    },
  };
}
