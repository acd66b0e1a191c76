import { describe, expect, it } from 'vitest';
import type { Cloud } from '../../../src/cloud.js';
import * as ops from '../../../src/compute/operations.js';
import {
  admin,
  boot,
  fault,
  ids,
  list,
  member,
  newCloud,
  nextHref,
  PROJECT,
  settle,
} from './helpers.js';

const ENDPOINT = 'http://openstack.example.com';

/** Ten servers with repeated names, same-instant batches, keys and one stopped. */
function mixedCloud(): Cloud {
  const cloud = newCloud();
  boot(cloud, { name: 'web', keyName: 'k2' });
  cloud.clock.advance(1000);
  boot(cloud, { name: 'db', count: 3 });
  cloud.clock.advance(500);
  boot(cloud, { name: 'web', keyName: 'k1' });
  boot(cloud, { name: 'cache' });
  cloud.clock.advance(2000);
  const [stopped] = boot(cloud, { name: 'web', count: 2 });
  boot(cloud, { name: 'zeta', keyName: 'k1' });
  boot(cloud, { name: 'alpha' });
  settle(cloud);
  ops.stop(cloud.compute, stopped!, member());
  settle(cloud);
  return cloud;
}

function get(cloud: Cloud, path: string, version = '2.1') {
  return cloud.request({
    method: 'GET',
    path,
    headers: { 'OpenStack-API-Version': `compute ${version}` },
    auth: { projectId: PROJECT, userId: 'alice', roles: ['member'] },
  });
}

/** Follows `next` links from a first page; returns the ids of every page. */
function walkPages(cloud: Cloud, first: string, version = '2.1'): string[][] {
  const pages: string[][] = [];
  let path: string | undefined = first;
  while (path !== undefined && pages.length < 50) {
    const res = get(cloud, path, version);
    pages.push(ids(res));
    const href = nextHref(res);
    path = href?.slice(ENDPOINT.length);
  }
  return pages;
}

describe('walking pages with markers', () => {
  const orders = [
    '',
    'sort_key=display_name&sort_dir=asc',
    'sort_key=display_name&sort_key=created_at&sort_dir=desc&sort_dir=desc',
    'sort_key=created_at&sort_dir=asc',
    'sort_key=key_name&sort_dir=asc',
    'sort_key=uuid&sort_dir=desc',
    'sort_key=launched_at',
    'status=ACTIVE',
  ];
  for (const order of orders) {
    it(`visits every server exactly once, in order (${order || 'default'})`, () => {
      const cloud = mixedCloud();
      const query = order ? `${order}&` : '';
      const all = ids(get(cloud, `/v2.1/servers/detail?${order}`));
      const pages = walkPages(cloud, `/v2.1/servers/detail?${query}limit=3`);
      expect(pages.flat()).toEqual(all);
      expect(new Set(pages.flat()).size).toBe(all.length);
      for (const page of pages.slice(0, -1)) expect(page).toHaveLength(3);
    });
  }

  it('pages the summary list through /servers links', () => {
    const cloud = mixedCloud();
    const pages = walkPages(cloud, '/v2.1/servers?limit=4');
    expect(pages.flat()).toEqual(ids(get(cloud, '/v2.1/servers')));
  });

  it('continues after a deleted marker from where it stood', () => {
    const cloud = newCloud();
    const servers = ['a', 'b', 'c', 'd'].map((name) => {
      const [server] = boot(cloud, { name });
      cloud.clock.advance(1000);
      return server!;
    });
    settle(cloud);
    const [a, b, c] = servers;
    ops.deleteServer(cloud.compute, c!, member());
    settle(cloud);
    expect(c!.deleted).toBe(true);
    expect(ids(list(cloud, { query: `marker=${c!.id}` }))).toEqual([b!.id, a!.id]);
  });

  it('rejects an unknown marker', () => {
    const cloud = mixedCloud();
    expect(fault(list(cloud, { query: 'marker=nope' }))).toEqual({
      code: 400,
      message: 'marker [nope] not found',
    });
    expect(fault(list(cloud, { query: 'marker=nope&limit=0' })).code).toBe(400);
  });

  it('continues through build requests, then the placed servers', () => {
    const cloud = newCloud();
    boot(cloud, { name: 'placed', count: 2 });
    settle(cloud);
    boot(cloud, { name: 'waiting', count: 3 });
    const pages = walkPages(cloud, '/v2.1/servers/detail?limit=2');
    expect(pages.flat()).toEqual(ids(list(cloud)));
    expect(pages.flat()).toHaveLength(5);
  });
});

describe('limit and servers_links', () => {
  it('links a full page to the next, even when nothing follows', () => {
    const cloud = newCloud();
    const [older] = boot(cloud, { name: 'older' });
    cloud.clock.advance(1000);
    const [newer] = boot(cloud, { name: 'newer' });
    settle(cloud);
    const full = list(cloud, { query: 'limit=2' });
    expect(ids(full)).toEqual([newer!.id, older!.id]);
    expect(nextHref(full)).toBe(`${ENDPOINT}/v2.1/servers/detail?limit=2&marker=${older!.id}`);
    expect(nextHref(list(cloud, { query: 'limit=3' }))).toBeUndefined();
    expect(nextHref(list(cloud))).toBeUndefined();
  });

  it('builds the link from the sorted query, one value per name, marker last', () => {
    const cloud = mixedCloud();
    // Like Nova, a repeated name keeps one value (the greatest), so the next page differs.
    const res = list(cloud, {
      query: 'status=SHUTOFF&status=ACTIVE&limit=1&name=%5Bw%20%5Deb',
      detail: false,
    });
    const last = ids(res)[0];
    expect(nextHref(res)).toBe(
      `${ENDPOINT}/v2.1/servers?limit=1&name=%5Bw+%5Deb&status=SHUTOFF&marker=${last}`,
    );
    const again = list(cloud, { query: `marker=${last}&limit=1`, detail: false });
    expect(nextHref(again)).toBe(`${ENDPOINT}/v2.1/servers?limit=1&marker=${ids(again)[0]}`);
  });

  it('keeps the project segment of the request URL', () => {
    const cloud = mixedCloud();
    const res = get(cloud, `/v2.1/${PROJECT}/servers?limit=1`);
    expect(nextHref(res)).toBe(`${ENDPOINT}/v2.1/${PROJECT}/servers?limit=1&marker=${ids(res)[0]}`);
  });

  it('caps the limit at max_limit and counts a page against it', () => {
    const cloud = newCloud({ maxLimit: 2 });
    boot(cloud, { name: 'a', count: 3 });
    settle(cloud);
    const capped = list(cloud, { query: 'limit=5' });
    expect(ids(capped)).toHaveLength(2);
    expect(nextHref(capped)).toContain('limit=5&marker=');
    const unlimited = list(cloud);
    expect(ids(unlimited)).toHaveLength(2);
    expect(nextHref(unlimited)).toMatch(/\/servers\/detail\?marker=/);
  });

  it('answers limit=0 with an empty list and no link', () => {
    const cloud = mixedCloud();
    const res = list(cloud, { query: 'limit=0' });
    expect(ids(res)).toEqual([]);
    expect(nextHref(res)).toBeUndefined();
  });

  it('rejects a limit that is no non-negative integer', () => {
    const cloud = mixedCloud();
    expect(fault(list(cloud, { query: 'limit=-1' })).message).toBe(
      "Invalid input for query parameters limit. Value: -1. '-1' does not match '^[0-9]*$'",
    );
    expect(fault(list(cloud, { query: 'limit=' })).message).toBe(
      "Invalid input for query parameters limit. Value: . '' should be non-empty",
    );
  });

  it('lists all projects page by page for an admin', () => {
    const cloud = mixedCloud();
    boot(cloud, { name: 'foreign', count: 2 }, admin());
    settle(cloud);
    const caller = admin();
    const all = ids(list(cloud, { query: 'all_tenants=1', caller }));
    expect(all).toHaveLength(12);
    const paged: string[] = [];
    let marker = '';
    for (let i = 0; i < 10 && paged.length < all.length; i++) {
      const page = ids(list(cloud, { query: `all_tenants=1&limit=5${marker}`, caller }));
      paged.push(...page);
      marker = `&marker=${page.at(-1)}`;
    }
    expect(paged).toEqual(all);
  });
});
