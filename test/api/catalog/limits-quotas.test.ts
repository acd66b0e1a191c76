import { describe, expect, it } from 'vitest';
import { DEFAULT_FLAVORS } from '../../../src/catalog/defaults.js';
import { createServers } from '../../../src/compute/create.js';
import {
  call,
  expectFault,
  expectSample,
  folderVersion,
  newCloud,
  PROJECT,
  policy,
  sample,
  USER,
} from './helpers.js';

type Absolute = { limits: { absolute: Record<string, number>; rate: unknown[] } };

function boot(cloud: ReturnType<typeof newCloud>, count = 1) {
  const caller = { projectId: PROJECT, userId: USER, isAdmin: false, requestId: 'req-q' };
  return createServers(cloud.compute, cloud.random, caller, {
    name: 'q',
    flavor: DEFAULT_FLAVORS[1]!,
    imageRef: '70a599e0-31e7-49b7-b260-868f441e862b',
    count,
  });
}

describe("GET /limits replays Nova's api_samples", () => {
  for (const folder of ['', 'v2.36', 'v2.39', 'v2.57']) {
    it(folder || 'v2.1', () => {
      const res = call(newCloud(), 'GET', 'limits', { version: folderVersion(folder) });
      const expected = sample('limits', folder, 'limit-get-resp.json');
      expectSample(res, 200, expected);
      expect(res.body).toEqual(expected);
    });
  }
});

describe('GET /limits', () => {
  it('counts servers and server groups of the project', () => {
    const cloud = newCloud();
    boot(cloud, 2);
    call(cloud, 'POST', 'os-server-groups', {
      body: { server_group: { name: 'g', policies: ['affinity'] } },
    });
    const absolute = (call(cloud, 'GET', 'limits', { version: '2.57' }).body as Absolute).limits
      .absolute;
    expect(absolute).toMatchObject({
      totalInstancesUsed: 2,
      totalCoresUsed: 2,
      totalRAMUsed: 4096,
      totalServerGroupsUsed: 1,
    });
  });

  it('shows another project with tenant_id to admins only', () => {
    const cloud = newCloud();
    cloud.compute.projectQuotas.set('other', { instances: 3 });
    expectFault(
      call(cloud, 'GET', 'limits?tenant_id=other'),
      403,
      policy('os_compute_api:limits:other_project'),
    );
    const absolute = (
      call(cloud, 'GET', 'limits?tenant_id=other', { admin: true }).body as Absolute
    ).limits.absolute;
    expect(absolute.maxTotalInstances).toBe(3);
  });

  it('rejects unknown query parameters from 2.75', () => {
    const cloud = newCloud();
    expect(call(cloud, 'GET', 'limits?x=1', { version: '2.74' }).status).toBe(200);
    expectFault(
      call(cloud, 'GET', 'limits?x=1', { version: '2.75' }),
      400,
      "Additional properties are not allowed ('x' was unexpected)",
    );
  });
});

describe("os-quota-sets replays Nova's api_samples", () => {
  for (const folder of ['', 'v2.36', 'v2.57']) {
    const version = folderVersion(folder);
    it(`${folder || 'v2.1'}: show, defaults, detail, update and user quotas`, () => {
      const cloud = newCloud();
      const q = (file: string) => sample('os-quota-sets', folder, file);
      const path = `os-quota-sets/${PROJECT}`;
      expectSample(call(cloud, 'GET', path, { version }), 200, q('quotas-show-get-resp.json'));
      expectSample(
        call(cloud, 'GET', `${path}/defaults`, { version }),
        200,
        q('quotas-show-defaults-get-resp.json'),
      );
      expectSample(
        call(cloud, 'GET', `${path}/detail`, { version }),
        200,
        q('quotas-show-detail-get-resp.json'),
      );
      const updated = call(cloud, 'PUT', path, {
        version,
        admin: true,
        body: q('quotas-update-post-req.json'),
      });
      expectSample(updated, 200, q('quotas-update-post-resp.json'));
      expect(updated.body).toEqual(q('quotas-update-post-resp.json'));
      expectSample(
        call(cloud, 'PUT', path, {
          version,
          admin: true,
          body: q('quotas-update-force-post-req.json'),
        }),
        200,
        q('quotas-update-force-post-resp.json'),
      );
      expectSample(
        call(cloud, 'GET', `${path}?user_id=${USER}`, { version }),
        200,
        q('user-quotas-show-get-resp.json'),
      );
      const user = call(cloud, 'PUT', `${path}?user_id=${USER}`, {
        version,
        admin: true,
        body: q('user-quotas-update-post-req.json'),
      });
      expectSample(user, 200, q('user-quotas-update-post-resp.json'));
      expect((user.body as { quota_set: { instances: number } }).quota_set.instances).toBe(9);
      expect(call(cloud, 'DELETE', path, { version, admin: true }).status).toBe(202);
      expect(call(cloud, 'GET', path, { version }).body).toMatchObject({
        quota_set: { instances: 10, cores: 20 },
      });
    });
  }
});

describe('os-quota-sets behaviour', () => {
  const path = `os-quota-sets/${PROJECT}`;

  it('writes the limits the engine enforces', () => {
    const cloud = newCloud();
    call(cloud, 'PUT', path, {
      admin: true,
      body: { quota_set: { instances: 2, key_pairs: '1' } },
    });
    expect(cloud.compute.quotasOf(PROJECT)).toMatchObject({ instances: 2, keyPairs: 1 });
    call(cloud, 'POST', 'os-keypairs', { body: { keypair: { name: 'a' } } });
    expect(call(cloud, 'POST', 'os-keypairs', { body: { keypair: { name: 'b' } } }).status).toBe(
      403,
    );
  });

  it('refuses a limit below what is in use unless forced', () => {
    const cloud = newCloud();
    boot(cloud, 2);
    expectFault(
      call(cloud, 'PUT', path, { admin: true, body: { quota_set: { instances: 1 } } }),
      400,
      'Quota limit 1 for instances must be greater than or equal to already used and reserved 2.',
    );
    expect(
      call(cloud, 'PUT', path, { admin: true, body: { quota_set: { instances: 1, force: true } } })
        .status,
    ).toBe(200);
    expect(
      call(cloud, 'PUT', path, { admin: true, body: { quota_set: { instances: -1 } } }).status,
    ).toBe(200);
  });

  it("caps a user's limit at the project's", () => {
    const cloud = newCloud();
    expectFault(
      call(cloud, 'PUT', `${path}?user_id=${USER}`, {
        admin: true,
        body: { quota_set: { cores: 30 } },
      }),
      400,
      'Quota limit 30 for cores must be less than or equal to 20.',
    );
  });

  it('shows usage in detail', () => {
    const cloud = newCloud();
    boot(cloud, 2);
    const detail = call(cloud, 'GET', `${path}/detail`, { version: '2.57' }).body as {
      quota_set: Record<string, unknown>;
    };
    expect(detail.quota_set.instances).toEqual({ in_use: 2, limit: 10, reserved: 0 });
    expect(detail.quota_set.ram).toEqual({ in_use: 4096, limit: 51200, reserved: 0 });
    expect(detail.quota_set.key_pairs).toEqual({ in_use: 0, limit: 100, reserved: 0 });
  });

  it('validates the body per microversion', () => {
    const cloud = newCloud();
    expect(
      call(cloud, 'PUT', path, {
        admin: true,
        version: '2.35',
        body: { quota_set: { floating_ips: 5 } },
      }).status,
    ).toBe(200);
    expectFault(
      call(cloud, 'PUT', path, {
        admin: true,
        version: '2.36',
        body: { quota_set: { floating_ips: 5 } },
      }),
      400,
      "Invalid input for field/attribute quota_set. Value: {'floating_ips': 5}. Additional properties are not allowed ('floating_ips' was unexpected)",
    );
    expect(
      call(cloud, 'PUT', path, {
        admin: true,
        version: '2.57',
        body: { quota_set: { injected_files: 5 } },
      }).status,
    ).toBe(400);
    expectFault(
      call(cloud, 'PUT', path, { admin: true, body: { quota_set: { cores: -2 } } }),
      400,
      'Invalid input for field/attribute cores. Value: -2. -2 is less than the minimum of -1',
    );
    expectFault(
      call(cloud, 'PUT', path, { admin: true, body: { quota_set: { cores: '-2' } } }),
      400,
      'Invalid input for field/attribute cores. Value: -2. -2 is less than the minimum of -1',
    );
  });

  it('applies Nova policy: members read their own project; only admins write', () => {
    const cloud = newCloud();
    expectFault(
      call(cloud, 'GET', 'os-quota-sets/other'),
      403,
      policy('os_compute_api:os-quota-sets:show'),
    );
    expectFault(
      call(cloud, 'GET', 'os-quota-sets/other/detail'),
      403,
      policy('os_compute_api:os-quota-sets:detail'),
    );
    expect(call(cloud, 'GET', 'os-quota-sets/other/defaults').status).toBe(200);
    expect(call(cloud, 'GET', 'os-quota-sets/other', { admin: true }).status).toBe(200);
    expectFault(
      call(cloud, 'PUT', path, { body: { quota_set: { cores: 1 } } }),
      403,
      policy('os_compute_api:os-quota-sets:update'),
    );
    expectFault(call(cloud, 'DELETE', path), 403, policy('os_compute_api:os-quota-sets:delete'));
  });
});
