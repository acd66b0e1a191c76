import { describe, expect, it } from 'vitest';
import { type Scope, serverIndex } from '../../../src/api/listing/server-index.js';
import type { Cloud } from '../../../src/cloud.js';
import * as ops from '../../../src/compute/operations.js';
import { admin, boot, ids, list, member, newCloud, PROJECT } from './helpers.js';

/** The (vm_state, task_state) bucket each scope files a row in, or null when deleted. */
function expectedBucket(cloud: Cloud, id: string): string | null {
  const server = cloud.compute.get(id)!;
  if (server.deleted) return null;
  return `${server.machine.vmState}\u0000${server.machine.taskState ?? ''}`;
}

/** Checks every bucket and the visible list of a scope against the rows themselves. */
function expectScopeMatchesRows(cloud: Cloud, scope: Scope, projectId?: string): void {
  const rows = [...cloud.compute.servers.values()].filter(
    (s) => projectId === undefined || s.projectId === projectId,
  );
  const filed = new Map<string, string>();
  for (const [key, bucket] of scope.buckets) {
    for (const entry of bucket.list) {
      expect(filed.has(entry.id), `${entry.id} filed twice`).toBe(false);
      filed.set(entry.id, key);
    }
  }
  for (const server of rows) {
    expect(filed.get(server.id) ?? null, `bucket of ${server.id}`).toBe(
      expectedBucket(cloud, server.id),
    );
  }
  const visible = [...scope.visible].map((e) => e.id);
  const expected = rows
    .filter((s) => !s.deleted && s.machine.vmState !== 'soft-delete')
    .sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? -1 : 1))
    .map((s) => s.id);
  expect(visible).toEqual(expected);
}

function expectIndexMatchesRows(cloud: Cloud): void {
  const index = serverIndex(cloud);
  expectScopeMatchesRows(cloud, index.all);
  expectScopeMatchesRows(cloud, index.project(PROJECT), PROJECT);
}

describe('state buckets follow the rows once per advance', () => {
  it('lists a row written outside an advance in the bucket it is in now', () => {
    const cloud = newCloud();
    const [server] = boot(cloud, { name: 'a' });
    expect(ids(list(cloud, { query: 'status=BUILD' }))).toEqual([server!.id]);
    cloud.clock.advance(30_000);
    expect(ids(list(cloud, { query: 'status=BUILD' }))).toEqual([]);
    expect(ids(list(cloud, { query: 'status=ACTIVE' }))).toEqual([server!.id]);
  });

  it('answers a list made inside an advance with each row at its current step', () => {
    const cloud = newCloud();
    const seen: string[][] = [];
    cloud.events.on('server.status', ({ to }) => {
      if (to === 'ACTIVE') seen.push(ids(list(cloud, { query: 'status=ACTIVE' })));
    });
    const servers = boot(cloud, { name: 'web', count: 2 });
    cloud.clock.advance(30_000);
    // The first to turn ACTIVE sees only itself; the second sees both.
    expect(seen.map((page) => page.length)).toEqual([1, 2]);
    expect([...seen[1]!].sort()).toEqual(servers.map((s) => s.id).sort());
  });

  it('keeps every bucket and the visible list equal to the rows through a mixed run', () => {
    const cloud = newCloud({ deletedServerRetention: 0 });
    const servers = boot(cloud, { name: 'web', count: 6 });
    expectIndexMatchesRows(cloud);
    // Mid-build: some steps taken, the rest pending.
    cloud.clock.advance(1_500);
    expectIndexMatchesRows(cloud);
    cloud.clock.advance(30_000);
    ops.stop(cloud.compute, servers[0]!, member());
    ops.deleteServer(cloud.compute, servers[1]!, member());
    ops.lock(cloud.compute, servers[2]!, member(), null);
    expectIndexMatchesRows(cloud);
    cloud.clock.advance(500);
    ops.deleteServer(cloud.compute, servers[3]!, admin());
    cloud.clock.advance(30_000);
    expectIndexMatchesRows(cloud);
    // Deleted rows are archived at the next request (retention 0): out of every list.
    const listed = ids(list(cloud));
    expect(listed).not.toContain(servers[1]!.id);
    expect(listed).not.toContain(servers[3]!.id);
    expectIndexMatchesRows(cloud);
  });
});
