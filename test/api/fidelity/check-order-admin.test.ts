import { describe, expect, it } from 'vitest';
import type { Cloud } from '../../../src/cloud.js';
import { messageOf, newCloud, PROJECT } from '../extras/helpers.js';

// The catalog and admin APIs when two checks fail at once. Most of their controllers ask
// the policy first, with an empty target, and only then look anything up (aggregates,
// flavor access and extra specs, quota sets, services, key pairs); server groups look the
// group up first. docs/check-order.md has the table.

type Role = 'admin' | 'member';

function req(
  cloud: Cloud,
  role: Role,
  method: string,
  path: string,
  body?: unknown,
  version = '2.1',
) {
  return cloud.request({
    method,
    path: `/v2.1/${path}`,
    ...(body === undefined ? {} : { body }),
    headers: { 'OpenStack-API-Version': `compute ${version}` },
    auth: { projectId: PROJECT, userId: 'fake', roles: [role] },
  });
}

function expectFault(res: { status: number; body: unknown }, status: number, message?: string) {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  if (message !== undefined) expect(messageOf(res.body)).toBe(message);
}

const policy = (rule: string) => `Policy doesn't allow ${rule} to be performed.`;

describe('policy before the lookup', () => {
  it('flavor access: a member adding a tenant to an unknown flavor is 403', () => {
    expectFault(
      req(newCloud(), 'member', 'POST', 'flavors/nope/action', {
        addTenantAccess: { tenant: 'x' },
      }),
      403,
      policy('os_compute_api:os-flavor-access:add_tenant_access'),
    );
  });

  it('flavor access: a member listing an unknown flavor is 403', () => {
    expectFault(
      req(newCloud(), 'member', 'GET', 'flavors/nope/os-flavor-access'),
      403,
      policy('os_compute_api:os-flavor-access'),
    );
  });

  it('extra specs: a member creating on an unknown flavor is 403', () => {
    expectFault(
      req(newCloud(), 'member', 'POST', 'flavors/nope/os-extra_specs', {
        extra_specs: { a: 'b' },
      }),
      403,
      policy('os_compute_api:os-flavor-extra-specs:create'),
    );
  });

  it('extra specs: the key/body mismatch (400) before an unknown flavor (404)', () => {
    expectFault(
      req(newCloud(), 'admin', 'PUT', 'flavors/nope/os-extra_specs/a', { b: 'c' }),
      400,
      'Request body and URI mismatch',
    );
  });

  it('aggregates: a member showing an unknown aggregate is 403', () => {
    expectFault(
      req(newCloud(), 'member', 'GET', 'os-aggregates/999'),
      403,
      policy('os_compute_api:os-aggregates:show'),
    );
  });

  it('aggregates: an unknown host (404) before an unknown aggregate (404)', () => {
    expectFault(
      req(newCloud(), 'admin', 'POST', 'os-aggregates/999/action', {
        add_host: { host: 'nowhere' },
      }),
      404,
      'Compute host nowhere could not be found.',
    );
  });

  it('aggregates: a non-integer id (400) before an unknown host (404)', () => {
    expectFault(
      req(newCloud(), 'admin', 'POST', 'os-aggregates/abc/action', {
        add_host: { host: 'nowhere' },
      }),
      400,
    );
  });

  it('quota sets: a bad body (400) before the policy (403)', () => {
    expectFault(
      req(newCloud(), 'member', 'PUT', `os-quota-sets/${PROJECT}`, {
        quota_set: { cores: 'many' },
      }),
      400,
    );
  });

  it('quota sets: a member updating is 403', () => {
    expectFault(
      req(newCloud(), 'member', 'PUT', `os-quota-sets/${PROJECT}`, { quota_set: { cores: 5 } }),
      403,
      policy('os_compute_api:os-quota-sets:update'),
    );
  });

  it('services: a member updating an unknown service is 403', () => {
    expectFault(
      req(
        newCloud(),
        'member',
        'PUT',
        'os-services/00000000-0000-4000-8000-000000000000',
        { status: 'disabled' },
        '2.53',
      ),
      403,
      policy('os_compute_api:os-services:update'),
    );
  });

  it('services: a member deleting an unknown service is 403', () => {
    expectFault(
      req(newCloud(), 'member', 'DELETE', 'os-services/00000000-0000-4000-8000-000000000000'),
      403,
      policy('os_compute_api:os-services:delete'),
    );
  });

  it("key pairs: a member deleting another user's unknown key pair is 403", () => {
    expectFault(
      req(newCloud(), 'member', 'DELETE', 'os-keypairs/nope?user_id=someone', undefined, '2.10'),
      403,
      policy('os_compute_api:os-keypairs:delete'),
    );
  });
});

describe('server groups look the group up first', () => {
  it('an unknown group is 404 for a member', () => {
    expectFault(
      req(newCloud(), 'member', 'DELETE', 'os-server-groups/00000000-0000-4000-8000-000000000000'),
      404,
    );
  });
});
