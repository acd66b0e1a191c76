import { describe, expect, it } from 'vitest';
import { createCloud } from '../../src/cloud.js';

const versionOf = (header: string) => {
  const cloud = createCloud({ seed: 1, config: { maxMicroversion: '2.93' } });
  return cloud.request({
    method: 'GET',
    path: '/v2.1/flavors',
    headers: { 'OpenStack-API-Version': header },
  });
};

describe('the microversion header, as Nova reads it', () => {
  it('takes `latest` as the highest version', () => {
    const res = versionOf('compute latest');
    expect(res.status).toBe(200);
    expect(res.headers['openstack-api-version']).toBe('compute 2.93');
  });

  it.each(['2.latest', 'Latest', 'LATEST', '2.x'])('refuses compute %s with 400', (value) => {
    const res = versionOf(`compute ${value}`);
    expect(res.status).toBe(400);
    expect(res.body.badRequest.message).toBe(
      `API Version String ${value} is of invalid format. Must be of format MajorNum.MinorNum.`,
    );
  });
});

describe('the headers a library caller passes', () => {
  const ask = (headers: Record<string, unknown>) =>
    createCloud({ seed: 1, config: { maxMicroversion: '2.93' } }).request({
      method: 'GET',
      path: '/v2.1/flavors',
      headers: headers as Record<string, string>,
    }).headers['x-openstack-nova-api-version'];

  it('reads the version headers in any case, the later of two spellings, and nothing else', () => {
    expect(ask({ 'X-OPENSTACK-NOVA-API-VERSION': '2.10' })).toBe('2.10');
    expect(
      ask({ 'openstack-api-version': 'compute 2.3', 'OpenStack-API-Version': 'compute 2.5' }),
    ).toBe('2.5');
    // Other headers are not read: a value that is no string changes nothing.
    expect(ask({ 'X-Other': { toString: null }, 'x-openstack-nova-api-version': '2.7' })).toBe(
      '2.7',
    );
  });
});
