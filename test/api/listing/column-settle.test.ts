import { describe, expect, it } from 'vitest';
import type { ProjectRows } from '../../../src/api/listing/row-index.js';
import { serverIndex } from '../../../src/api/listing/server-index.js';
import { SORTED_COLUMNS } from '../../../src/api/listing/sort-slots.js';
import * as ops from '../../../src/compute/operations.js';
import { boot, ids, list, member, names, newCloud, PROJECT, settle } from './helpers.js';

const VM_STATE = SORTED_COLUMNS.indexOf('vm_state');

/** The project's column lists as they stand, without asking for them (which settles). */
function standing(cloud: ReturnType<typeof newCloud>) {
  const index = serverIndex(cloud) as unknown as {
    rowsByProject: Map<string, ProjectRows>;
  };
  return index.rowsByProject.get(PROJECT);
}

describe('the column lists are re-filed when an advance returns', () => {
  it('files the rows an advance built, and moves the rows it changed, before any list', () => {
    const cloud = newCloud({ listColumnIndexes: true });
    const servers = boot(cloud, { name: 'web', count: 3 });
    settle(cloud);
    // Filed by the advance itself: no read has asked for the lists yet.
    expect(standing(cloud)?.byUuid.size).toBe(3);
    ops.stop(cloud.compute, servers[0]!, member());
    settle(cloud);
    const entry = serverIndex(cloud).entry(servers[0]!.id)!;
    expect(standing(cloud)?.sorted[VM_STATE]?.valueIn(entry)).toBe('stopped');
  });

  it('answers a list between writes and advances with the rows as they are', () => {
    const cloud = newCloud({ listColumnIndexes: true });
    boot(cloud, { name: 'a' });
    settle(cloud);
    // Written and not yet advanced: the list settles first.
    const [b] = boot(cloud, { name: 'b' });
    expect(standing(cloud)?.byUuid.size).toBe(1);
    const res = list(cloud, { query: 'sort_key=display_name&sort_dir=desc' });
    expect(ids(res)[0]).toBe(b!.id);
    expect(standing(cloud)?.byUuid.size).toBe(2);
  });

  it('re-packs a row in place when only the values it stores move, and its lists follow', () => {
    const cloud = newCloud({ listColumnIndexes: true });
    // Names and times all differ: neither column has a dominant value, every row stores both.
    const servers = ['a', 'b', 'c', 'd', 'e'].flatMap((name) => {
      const booted = boot(cloud, { name });
      settle(cloud);
      return booted;
    });
    const target = servers[1]!;
    const before = serverIndex(cloud).entry(target.id)!.values;
    cloud.clock.advance(600_000);
    const since = new Date(cloud.clock.now()).toISOString();
    const res = cloud.request({
      method: 'PUT',
      path: `/v2.1/servers/${target.id}`,
      body: { server: { name: 'z' } },
      auth: { projectId: PROJECT, userId: 'alice', roles: ['member'] },
    });
    expect(res.status).toBe(200);
    settle(cloud);
    // The row's mask did not change: its values were written into the same array.
    expect(serverIndex(cloud).entry(target.id)!.values).toBe(before);
    const byName = list(cloud, { query: 'sort_key=display_name&sort_dir=asc' });
    expect(names(byName)).toEqual(['a', 'c', 'd', 'e', 'z']);
    const byTime = list(cloud, { query: 'sort_key=updated_at&sort_dir=desc' });
    expect(ids(byTime)[0]).toBe(target.id);
    expect(ids(list(cloud, { query: `changes-since=${since}` }))).toEqual([target.id]);
    expect(ids(list(cloud, { query: 'name=^z$' }))).toEqual([target.id]);
  });
});
