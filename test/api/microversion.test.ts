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
