import { describe, expect, it } from 'vitest';
import { createCloud } from '../../src/cloud.js';

describe('cloud.request addressed by service', () => {
  it('sends requests without a service, or with service compute, to Nova', () => {
    const cloud = createCloud({ seed: 1 });
    const plain = cloud.request({ method: 'GET', path: '/v2.1/flavors' });
    const named = cloud.request({ service: 'compute', method: 'GET', path: '/v2.1/flavors' });
    expect(plain.status).toBe(200);
    expect(named.body).toEqual(plain.body);
  });

  it('answers 404 for a service this cloud does not run, and changes nothing', () => {
    const cloud = createCloud({ seed: 1 });
    const before = JSON.stringify(cloud.snapshot());
    const res = cloud.request({ service: 'nonsense' as never, method: 'GET', path: '/' });
    expect(res.status).toBe(404);
    expect(res.body.error.message).toContain('"nonsense"');
    expect(JSON.stringify(cloud.snapshot())).toBe(before);
  });
});
