import { describe, expect, it } from 'vitest';
import { parseListRequest, runListPlan } from '../../../src/api/listing/index.js';
import type { Cloud } from '../../../src/cloud.js';
import * as ops from '../../../src/compute/operations.js';
import { admin, boot, listContext, member, newCloud, PROJECT, settle } from './helpers.js';

// Issue 14: `terminated_at=20` took 450 ms a page at 1M. Only deleted rows hold a
// terminated_at, so its column narrows the filter to them; past 2,048 rows the narrowing
// was dropped, and a default list walked every visible row for a page none of them fills.

const DELETED = 2_100;
const LIVE = 8_000;
/** The walk a page tries before it counts the whole narrowing (list.ts `indexedPage`). */
const trial = (limit: number) => 2048 + 4 * limit;

function churnedCloud(): Cloud {
  const cloud = newCloud();
  const gone = boot(cloud, { name: 'gone', count: DELETED });
  settle(cloud);
  for (const server of gone) ops.deleteServer(cloud.compute, server, member());
  settle(cloud);
  boot(cloud, { name: 'kept', count: LIVE });
  settle(cloud);
  return cloud;
}

/** The page's ids and the index rows it read, after checking it against a scan. */
function page(cloud: Cloud, query: string, caller = member()) {
  const context = listContext(cloud, query, caller);
  const roles = caller.isAdmin ? ['admin', 'member'] : ['member'];
  const plan = parseListRequest({ ...context, auth: { ...context.auth, roles } }, true);
  if (plan === 'empty') throw new Error(`${query}: empty plan`);
  let read = -1;
  const rows = runListPlan(cloud, plan, { onRead: (n) => (read = n) }).map((s) => s.id);
  expect(rows, query).toEqual(runListPlan(cloud, plan, { scan: true }).map((s) => s.id));
  return { rows, read };
}

describe('a narrowing larger than a gathered page', () => {
  const cloud = churnedCloud();

  it('stops a walk of the visible rows once it has read as many rows as the narrowing', () => {
    for (const limit of [1, 100]) {
      const query = `terminated_at=20&limit=${limit}`;
      const { rows, read } = page(cloud, query);
      expect(rows, query).toEqual([]);
      // The trial, a walk as long as the narrowing, then the deleted rows: never every
      // live row.
      expect(read, query).toBeGreaterThan(trial(limit));
      expect(read, query).toBeLessThanOrEqual(trial(limit) + 2 * DELETED);
      expect(read, query).toBeLessThan(LIVE);
    }
  });

  it('does so under a sort key read from its list too', () => {
    const query = 'terminated_at=20&sort_key=display_name&sort_dir=asc&limit=100';
    const { rows, read } = page(cloud, query);
    expect(rows).toEqual([]);
    expect(read).toBeLessThanOrEqual(trial(100) + 2 * DELETED);
  });

  it('still fills a page from the walk when the visible rows match', () => {
    const { rows, read } = page(cloud, 'launched_at=20&limit=50');
    expect(rows).toHaveLength(50);
    expect(read).toBe(50);
  });

  it('pages through the deleted rows it narrows to, as a scan does', () => {
    const seen: string[] = [];
    let marker = '';
    for (;;) {
      const { rows } = page(cloud, `deleted=true&terminated_at=20${marker}`, admin(PROJECT));
      seen.push(...rows);
      if (rows.length < 1000) break;
      marker = `&marker=${rows.at(-1)}`;
    }
    expect(new Set(seen).size).toBe(DELETED);
  });
});
