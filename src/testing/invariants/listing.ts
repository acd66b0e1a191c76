import type { ReferenceModel } from '../model/reference-model.js';
import { violated } from '../model/violation.js';
import { checkServerView, type ViewContext } from './status.js';

/** One page of `GET /servers[/detail]` as it came back. */
export interface ListPage {
  readonly status: number;
  readonly body: unknown;
}

/**
 * §6.4, §6.5: paging through a list with `limit` and `marker` returns every matching
 * server exactly once, never more than `limit` per page, a `next` link exactly when a page
 * is full, and (detail) every item's status mapped from its states. Servers of other
 * projects and deleted ones are not in `expected`, so they must not appear.
 *
 * @example
 * checkPages(reference, pages, expectedIds, { limit: 2, detail: true, where: 'GET /servers/detail?limit=2' });
 */
export function checkPages(
  reference: ReferenceModel,
  pages: readonly ListPage[],
  expected: ReadonlySet<string>,
  options: {
    limit: number | undefined;
    maxLimit: number;
    detail: boolean;
    where: string;
    /** The record and caller each detail item is checked against. */
    context?: (id: string) => ViewContext | undefined;
  },
): void {
  const seen = new Map<string, number>();
  const pageSize = Math.min(options.limit ?? options.maxLimit, options.maxLimit);
  pages.forEach((page, index) => {
    const body = page.body as { servers?: unknown; servers_links?: unknown };
    if (page.status !== 200 || !Array.isArray(body?.servers)) {
      violated(
        'listing',
        `${options.where}: page ${index + 1} answered ${page.status} ${JSON.stringify(page.body)}`,
      );
    }
    const items = body.servers as Record<string, unknown>[];
    if (items.length > pageSize) {
      violated(
        'listing',
        `${options.where}: page ${index + 1} has ${items.length} servers, more than the limit ${pageSize}`,
      );
    }
    const full = items.length === pageSize && pageSize > 0;
    const hasNext =
      Array.isArray(body.servers_links) &&
      (body.servers_links as { rel?: string }[]).some((link) => link.rel === 'next');
    if (full !== hasNext) {
      violated(
        'listing',
        `${options.where}: page ${index + 1} has ${items.length} of ${pageSize} servers and ${hasNext ? 'a' : 'no'} next link (§6.5: a link iff the page is full)`,
      );
    }
    for (const item of items) {
      const id = String(item.id);
      seen.set(id, (seen.get(id) ?? 0) + 1);
      if (options.detail) checkServerView(reference, item, options.where, options.context?.(id));
    }
  });
  const twice = [...seen].filter(([, n]) => n > 1).map(([id]) => id);
  if (twice.length > 0)
    violated('listing', `${options.where}: ${twice.join(', ')} listed more than once`);
  const extra = [...seen.keys()].filter((id) => !expected.has(id));
  if (extra.length > 0) {
    violated(
      'listing',
      `${options.where}: listed ${extra.join(', ')}, which the query must not return`,
    );
  }
  const missing = [...expected].filter((id) => !seen.has(id));
  if (missing.length > 0) violated('listing', `${options.where}: missing ${missing.join(', ')}`);
}
