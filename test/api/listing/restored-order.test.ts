import { describe, expect, it } from 'vitest';
import { parseListRequest, runListPlan } from '../../../src/api/listing/index.js';
import { createCloud } from '../../../src/cloud.js';
import { boot, listContext, member, newCloud, PROJECT } from './helpers.js';

// A restore files every server in one pass (ServerIndex.build): when the table's creation
// times never go back it takes the runs of one time from the last, each sorted by uuid,
// instead of sorting the cloud. Both that path and the general sort must list as a scan.
function pages(cloud: ReturnType<typeof createCloud>, query: string): string[][] {
  const caller = member();
  const plan = parseListRequest(listContext(cloud, query, caller), true);
  if (plan === 'empty') return [[], []];
  const indexed = runListPlan(cloud, plan).map((s) => s.id);
  const scanned = runListPlan(cloud, plan, { scan: true }).map((s) => s.id);
  return [indexed, scanned];
}

function builtCloud() {
  const cloud = newCloud();
  for (let i = 0; i < 4; i++) {
    // Multi-creates share one creation time: runs of equal times to order by uuid.
    boot(cloud, { name: `batch-${i}`, count: 5 });
    cloud.clock.advance(i === 1 ? 0 : 30_000);
  }
  return cloud;
}

describe('a restored cloud lists as a scan does', () => {
  it.each(['', 'limit=7', 'status=ACTIVE', 'name=batch-2'])('in creation order (%s)', (query) => {
    const restored = createCloud({ restore: builtCloud().snapshot() });
    const [indexed, scanned] = pages(restored, query);
    expect(indexed!.length).toBeGreaterThan(0);
    expect(indexed).toStrictEqual(scanned);
  });

  it('with creation times out of table order', () => {
    const snapshot = builtCloud().snapshot();
    // The newest rows first in the table: the build cannot take the runs from the end.
    const servers = [...snapshot.servers].reverse();
    const restored = createCloud({ restore: { ...snapshot, servers } });
    const [indexed, scanned] = pages(restored, '');
    expect(indexed).toHaveLength(20);
    expect(indexed).toStrictEqual(scanned);
    const first = restored.compute.get(indexed![0]!)!;
    const last = restored.compute.get(indexed!.at(-1)!)!;
    expect(first.createdAt).toBeGreaterThan(last.createdAt);
    expect(first.projectId).toBe(PROJECT);
  });
});
