import { describe, expect, it } from 'vitest';
import { type Cloud, createCloud } from '../../../src/cloud.js';
import { call, expectFault, PROJECT, policy, sample } from '../catalog/helpers.js';
import { expectShape } from './helpers.js';

const IMAGE = '70a599e0-31e7-49b7-b260-868f441e862b';
const s = (folder: string, file: string) => sample('flavor-access', folder, file);

function admin(cloud: Cloud, method: string, path: string, body?: unknown, version = '2.1') {
  return call(cloud, method, path, {
    admin: true,
    version,
    ...(body === undefined ? {} : { body }),
  });
}

/** A cloud with the samples' private flavor 10. */
function cloudWithPrivateFlavor(): Cloud {
  const cloud = createCloud({ seed: 3 });
  expect(admin(cloud, 'POST', 'flavors', s('', 'flavor-create-req.json')).status).toBe(200);
  return cloud;
}

describe("os-flavor-access replays Nova's api_samples", () => {
  it('2.1: list, add and remove tenant access', () => {
    const cloud = cloudWithPrivateFlavor();
    expectShape(
      admin(cloud, 'POST', 'flavors/10/action', s('', 'flavor-access-add-tenant-req.json')),
      200,
      s('', 'flavor-access-add-tenant-resp.json'),
    );
    const list = admin(cloud, 'GET', 'flavors/10/os-flavor-access');
    expectShape(list, 200, s('', 'flavor-access-list-resp.json'));
    expect(list.body).toEqual({ flavor_access: [{ flavor_id: '10', tenant_id: 'fake_tenant' }] });
    const removed = admin(
      cloud,
      'POST',
      'flavors/10/action',
      s('', 'flavor-access-remove-tenant-req.json'),
    );
    expectShape(removed, 200, s('', 'flavor-access-remove-tenant-resp.json'));
    expect(removed.body).toEqual({ flavor_access: [] });
  });

  it('2.7: adding access to a public flavor is 409 (accepted before 2.7)', () => {
    const cloud = createCloud({ seed: 3 });
    expect(admin(cloud, 'POST', 'flavors', s('v2.7', 'flavor-create-req.json'), '2.7').status).toBe(
      200,
    );
    const body = s('v2.7', 'flavor-access-add-tenant-req.json');
    expectFault(
      admin(cloud, 'POST', 'flavors/10/action', body, '2.7'),
      409,
      'Can not add access to a public flavor.',
    );
    expect(admin(cloud, 'POST', 'flavors/10/action', body, '2.6').status).toBe(200);
  });
});

describe("os-flavor-access answers Nova's errors", () => {
  it('public flavors have no access list; twice is 409; removing unknown access 404', () => {
    const cloud = cloudWithPrivateFlavor();
    expectFault(
      admin(cloud, 'GET', 'flavors/1/os-flavor-access'),
      404,
      'Access list not available for public flavors.',
    );
    const add = { addTenantAccess: { tenant: 'p1' } };
    admin(cloud, 'POST', 'flavors/10/action', add);
    const again = admin(cloud, 'POST', 'flavors/10/action', add);
    expect(again.status).toBe(409);
    expect(JSON.stringify(again.body)).toContain('and project p1 combination.');
    const gone = admin(cloud, 'POST', 'flavors/10/action', {
      removeTenantAccess: { tenant: 'p2' },
    });
    expect(gone.status).toBe(404);
    expect(JSON.stringify(gone.body)).toContain('/ p2 combination.');
    expectFault(
      admin(cloud, 'POST', 'flavors/999/action', add),
      404,
      'Flavor 999 could not be found.',
    );
  });

  it('is admin-only; the schema is checked first', () => {
    const cloud = cloudWithPrivateFlavor();
    expectFault(
      call(cloud, 'POST', 'flavors/10/action', { body: { addTenantAccess: { tenant: 'x' } } }),
      403,
      policy('os_compute_api:os-flavor-access:add_tenant_access'),
    );
    expect(call(cloud, 'POST', 'flavors/10/action', { body: { addTenantAccess: {} } }).status).toBe(
      400,
    );
    expectFault(
      call(cloud, 'GET', 'flavors/10/os-flavor-access'),
      403,
      policy('os_compute_api:os-flavor-access'),
    );
  });
});

describe('private flavors are enforced everywhere', () => {
  const boot = (cloud: Cloud) =>
    call(cloud, 'POST', 'servers', {
      body: { server: { name: 'p', imageRef: IMAGE, flavorRef: '10' } },
    });
  const listed = (cloud: Cloud) =>
    (call(cloud, 'GET', 'flavors').body as { flavors: { id: string }[] }).flavors.map((f) => f.id);

  it('regression: a project without access could boot from a private flavor', () => {
    const cloud = cloudWithPrivateFlavor();
    expectFault(boot(cloud), 400, 'Flavor 10 could not be found.');
    expect(call(cloud, 'GET', 'flavors/10').status).toBe(404);
    expect(listed(cloud)).not.toContain('10');
  });

  it('a project given access lists, shows and boots it; snapshots keep the access', () => {
    const cloud = cloudWithPrivateFlavor();
    admin(cloud, 'POST', 'flavors/10/action', { addTenantAccess: { tenant: PROJECT } });
    expect(listed(cloud)).toContain('10');
    expect(call(cloud, 'GET', 'flavors/10').status).toBe(200);
    expect(boot(cloud).status).toBe(202);
    const restored = createCloud({ restore: cloud.snapshot() });
    expect(JSON.stringify(restored.snapshot())).toBe(JSON.stringify(cloud.snapshot()));
    expect(call(restored, 'GET', 'flavors/10').status).toBe(200);
  });
});
