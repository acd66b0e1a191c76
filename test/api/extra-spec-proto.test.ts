import { describe, expect, it } from 'vitest';
import { createCloud } from '../../src/cloud.js';

const admin = { projectId: 'admin', userId: 'root', roles: ['admin'] };
const headers = { 'OpenStack-API-Version': 'compute 2.61' };

describe('a flavor extra spec named like a JavaScript built-in', () => {
  it('stores and lists __proto__ like any key', () => {
    const cloud = createCloud();
    const path = '/v2.1/flavors/1/os-extra_specs';
    const body = JSON.parse('{"extra_specs": {"__proto__": "x", "hw:cpu_policy": "dedicated"}}');
    const set = cloud.request({ method: 'POST', path, body, auth: admin, headers });
    expect(set.status).toBe(200);
    const listed = cloud.request({ method: 'GET', path, auth: admin, headers });
    expect(Object.entries(listed.body.extra_specs)).toEqual([
      ['__proto__', 'x'],
      ['hw:cpu_policy', 'dedicated'],
    ]);
    const one = cloud.request({ method: 'GET', path: `${path}/__proto__`, auth: admin, headers });
    expect(one.status).toBe(200);
    expect(Object.entries(one.body)).toEqual([['__proto__', 'x']]);
    const flavor = cloud.request({ method: 'GET', path: '/v2.1/flavors/1', auth: admin, headers });
    expect(Object.keys(flavor.body.flavor.extra_specs)).toContain('__proto__');
  });
});
