import { describe, expect, it } from 'vitest';
import { sameUpToTies, sortGroups } from '../../../scripts/differential/ties.mjs';
import { createCloud } from '../../../src/index.js';
import { IMAGE } from '../../api/fidelity/helpers.js';

const AUTH = { projectId: 'p1', userId: 'u1', roles: ['admin', 'member'] };

/** Three servers, one with a key pair, so `sort_key=key_name` ties the other two. */
function cloudWithServers() {
  const cloud = createCloud({ seed: 7 });
  const v = { 'OpenStack-API-Version': 'compute 2.93' };
  const key = cloud.request({
    method: 'POST',
    path: '/v2.1/os-keypairs',
    headers: { 'OpenStack-API-Version': 'compute 2.73' },
    auth: AUTH,
    body: { keypair: { name: 'k' } },
  });
  expect(key.status).toBe(201);
  for (const [name, extra] of [
    ['a', {}],
    ['b', { key_name: 'k' }],
    ['c', {}],
  ] as const) {
    const res = cloud.request({
      method: 'POST',
      path: '/v2.1/servers',
      headers: v,
      auth: AUTH,
      body: {
        server: {
          name,
          imageRef: IMAGE,
          flavorRef: '1',
          networks: 'none',
          ...extra,
        },
      },
    });
    expect(res.status).toBe(202);
    cloud.clock.advance(60_000);
  }
  return (path: string) =>
    cloud.request({
      method: 'GET',
      path: `/v2.1${path}`,
      headers: { 'OpenStack-API-Version': 'compute 2.73' },
      auth: AUTH,
    });
}

describe('differential: list order up to uuid ties', () => {
  const request = cloudWithServers();
  const step = (path: string) => ({ method: 'GET', path });

  it('groups servers by their sort values', () => {
    const groups = sortGroups(step('/servers?sort_key=key_name&limit=1'), request);
    expect(groups).toEqual({ a: '[null]', b: '["k"]', c: '[null]' });
  });

  it('leaves out lists without sort keys, with time keys, and other routes', () => {
    expect(sortGroups(step('/servers?limit=1'), request)).toBeUndefined();
    expect(sortGroups(step('/servers?sort_key=created_at'), request)).toBeUndefined();
    expect(sortGroups(step('/flavors?sort_key=name'), request)).toBeUndefined();
  });

  it('accepts another order of tied servers only', () => {
    const groups = sortGroups(step('/servers/detail?sort_key=key_name'), request);
    expect(sameUpToTies(['b', 'a', 'c'], ['b', 'c', 'a'], groups)).toBe(true);
    expect(sameUpToTies(['a'], ['c'], groups)).toBe(true);
    expect(sameUpToTies(['a', 'b', 'c'], ['b', 'a', 'c'], groups)).toBe(false);
    expect(sameUpToTies(['a'], ['a', 'c'], groups)).toBe(false);
    expect(sameUpToTies(['gone'], ['a'], groups)).toBe(false);
    expect(sameUpToTies(['a'], ['c'], undefined)).toBe(false);
  });
});
