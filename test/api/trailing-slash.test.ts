import { describe, expect, it } from 'vitest';
import { call, expectFault, newCloud, PROJECT } from './catalog/helpers.js';

// Nova's routes match paths exactly: Tempest's empty-id negatives (`show_tenant_usage('')`,
// `delete_image('')`) send a trailing slash and expect 404.
describe('a trailing slash matches no route', () => {
  it('answers 404 where the path without it would answer', () => {
    const cloud = newCloud();
    const usage = 'os-simple-tenant-usage?start=2020-01-01T00:00:00';
    expect(call(cloud, 'GET', usage, { admin: true }).status).toBe(200);
    expectFault(
      call(cloud, 'GET', 'os-simple-tenant-usage/?start=2020-01-01T00:00:00', { admin: true }),
      404,
      'The resource could not be found.',
    );
    expectFault(call(cloud, 'DELETE', 'images/'), 404, 'The resource could not be found.');
    expect(call(cloud, 'GET', 'servers').status).toBe(200);
    expect(call(cloud, 'GET', 'servers/').status).toBe(404);
    expect(call(cloud, 'GET', `${PROJECT}/servers/`).status).toBe(404);
  });

  it('leaves the version documents alone', () => {
    const cloud = newCloud();
    expect(cloud.request({ method: 'GET', path: '/v2.1/' }).status).toBe(200);
    expect(cloud.request({ method: 'GET', path: '/' }).status).toBe(200);
  });
});
