import { describe, expect, it } from 'vitest';
import { boot, call, messageOf, newCloud } from './extras/helpers.js';

// Nova master closes the empty query schemas of these GET routes at 2.102
// (`*_query_v2102`, additionalProperties False): before 2.102 an unknown parameter is
// ignored, from 2.102 it is a 400, checked before the lookup (so before a 404).

const ROUTES: readonly (readonly [path: string, admin: boolean])[] = [
  ['servers/{id}', false],
  ['servers/{id}/ips', false],
  ['servers/{id}/metadata', false],
  ['servers/{id}/os-interface', false],
  ['servers/{id}/os-security-groups', false],
  ['flavors/1', false],
  ['flavors/1/os-extra_specs', false],
  ['os-aggregates', true],
  ['os-availability-zone', false],
  ['os-availability-zone/detail', true],
  ['extensions', false],
];

describe('strict empty query strings from 2.102', () => {
  const cloud = newCloud();
  const id = boot(cloud);
  for (const [path, admin] of ROUTES) {
    it(`GET ${path}`, () => {
      const url = `${path.replace('{id}', id)}?foo=1`;
      expect(call(cloud, 'GET', url, { version: '2.101', admin }).status).toBe(200);
      const res = call(cloud, 'GET', url, { version: '2.102', admin });
      expect(res.status).toBe(400);
      expect(messageOf(res.body)).toBe(
        "Additional properties are not allowed ('foo' was unexpected)",
      );
    });
  }

  it('names every extra parameter, and comes before the 404 of an unknown server', () => {
    const res = call(cloud, 'GET', 'servers/00000000-0000-4000-8000-000000000000/ips?a=1&b=2', {
      version: '2.102',
    });
    expect(res.status).toBe(400);
    expect(messageOf(res.body)).toBe(
      "Additional properties are not allowed ('a', 'b' were unexpected)",
    );
  });
});
