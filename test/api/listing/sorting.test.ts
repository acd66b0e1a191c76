import { describe, expect, it } from 'vitest';
import * as ops from '../../../src/compute/operations.js';
import { admin, boot, fault, ids, list, member, names, newCloud, settle } from './helpers.js';

describe('default order', () => {
  it('is newest first, ties on created_at broken by ascending uuid', () => {
    const cloud = newCloud();
    const [first] = boot(cloud, { name: 'first' });
    cloud.clock.advance(1000);
    const batch = boot(cloud, { name: 'batch', count: 6 });
    cloud.clock.advance(1000);
    const [last] = boot(cloud, { name: 'last' });
    settle(cloud);
    const sameInstant = batch.map((s) => s.id).sort();
    expect(ids(list(cloud))).toEqual([last!.id, ...sameInstant, first!.id]);
    expect(ids(list(cloud, { query: 'status=ACTIVE' }))).toEqual([
      last!.id,
      ...sameInstant,
      first!.id,
    ]);
  });

  it('lists servers still waiting for the scheduler before all others', () => {
    const cloud = newCloud();
    boot(cloud, { name: 'aaa' });
    settle(cloud);
    const [waiting] = boot(cloud, { name: 'zzz' });
    expect(waiting!.host).toBeNull();
    expect(names(list(cloud, { query: 'sort_key=display_name&sort_dir=asc' }))).toEqual([
      'zzz',
      'aaa',
    ]);
    expect(names(list(cloud, { query: 'sort_key=created_at&sort_dir=asc' }))).toEqual([
      'zzz',
      'aaa',
    ]);
  });
});

describe('sort_key and sort_dir', () => {
  function named(...serverNames: string[]) {
    const cloud = newCloud();
    const servers = serverNames.map((name) => boot(cloud, { name })[0]!);
    settle(cloud);
    return { cloud, servers };
  }

  it('sorts by the keys given, then by uuid', () => {
    const { cloud, servers } = named('b', 'a', 'c', 'a');
    const [, a1, , a2] = servers;
    const twoAs = [a1!.id, a2!.id].sort();
    expect(ids(list(cloud, { query: 'sort_key=display_name&sort_dir=asc' }))).toEqual([
      ...twoAs,
      servers[0]!.id,
      servers[2]!.id,
    ]);
    // No sort_dir: every key descends (`get_sort_params`), uuid still ascends.
    expect(names(list(cloud, { query: 'sort_key=display_name' }))).toEqual(['c', 'b', 'a', 'a']);
    expect(ids(list(cloud, { query: 'sort_key=display_name' })).slice(2)).toEqual(twoAs);
  });

  it('orders NULL first ascending and last descending (MySQL)', () => {
    const cloud = newCloud();
    boot(cloud, { name: 'keyed', keyName: 'k1' });
    boot(cloud, { name: 'bare' });
    settle(cloud);
    expect(names(list(cloud, { query: 'sort_key=key_name&sort_dir=asc' }))).toEqual([
      'bare',
      'keyed',
    ]);
    expect(names(list(cloud, { query: 'sort_key=key_name&sort_dir=desc' }))).toEqual([
      'keyed',
      'bare',
    ]);
  });

  it("gives uuid's 'asc' to the first key without a direction, as InstanceSortContext does", () => {
    const cloud = newCloud();
    boot(cloud, { name: 'x' });
    cloud.clock.advance(1000);
    boot(cloud, { name: 'x' });
    cloud.clock.advance(1000);
    const [y] = boot(cloud, { name: 'y' });
    settle(cloud);
    const res = list(cloud, { query: 'sort_key=display_name&sort_key=created_at&sort_dir=desc' });
    const servers = [...cloud.compute.servers.values()];
    expect(ids(res)).toEqual([y!.id, servers[0]!.id, servers[1]!.id]);
  });

  it('ignores legacy keys before 2.75, falling back to created_at then id descending', () => {
    const cloud = newCloud();
    const batch = boot(cloud, { name: 'batch', count: 4 });
    settle(cloud);
    const newestDbIdFirst = [...batch].reverse().map((s) => s.id);
    expect(ids(list(cloud, { query: 'sort_key=vcpus&sort_dir=asc', version: '2.74' }))).toEqual(
      newestDbIdFirst,
    );
    expect(fault(list(cloud, { query: 'sort_key=vcpus', version: '2.75' })).message).toMatch(
      /^Invalid input for query parameters sort_key\. Value: vcpus\. 'vcpus' is not one of \['access_ip_v4', /,
    );
  });

  it('sorts by locked from 2.73 and ignores it before', () => {
    const cloud = newCloud();
    const [locked] = boot(cloud, { name: 'locked' });
    cloud.clock.advance(1000);
    const [free] = boot(cloud, { name: 'free' });
    settle(cloud);
    ops.lock(cloud.compute, locked!, member(), null);
    expect(ids(list(cloud, { query: 'sort_key=locked&sort_dir=desc', version: '2.73' }))).toEqual([
      locked!.id,
      free!.id,
    ]);
    // Before 2.73 the key (and its direction) is dropped: newest first.
    expect(ids(list(cloud, { query: 'sort_key=locked&sort_dir=asc', version: '2.72' }))).toEqual([
      free!.id,
      locked!.id,
    ]);
  });

  it('lets only admins sort by host or node', () => {
    const { cloud } = named('a');
    expect(fault(list(cloud, { query: 'sort_key=host' }))).toEqual({
      code: 403,
      message: 'Only administrators can sort servers by host',
    });
    expect(fault(list(cloud, { query: 'sort_key=node' })).message).toBe(
      'Only administrators can sort servers by node',
    );
    expect(list(cloud, { query: 'sort_key=host', caller: admin() }).status).toBe(200);
  });

  it("rejects unknown keys by schema and bad directions with Nova's InvalidInput", () => {
    const { cloud } = named('a');
    expect(fault(list(cloud, { query: 'sort_key=bogus' })).code).toBe(400);
    expect(fault(list(cloud, { query: 'sort_dir=up' }))).toEqual({
      code: 400,
      message: "Invalid input received: Unknown sort direction, must be 'desc' or 'asc'",
    });
    expect(fault(list(cloud, { query: 'sort_key=uuid&sort_dir=asc&sort_dir=desc' }))).toEqual({
      code: 400,
      message: 'Invalid input received: Sort direction size exceeds sort key size',
    });
  });
});
