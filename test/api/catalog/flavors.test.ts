import { describe, expect, it } from 'vitest';
import {
  call,
  expectFault,
  expectSample,
  folderVersion,
  newCloud,
  policy,
  sample,
} from './helpers.js';

const FOLDERS = ['', 'v2.55', 'v2.61', 'v2.75', 'v2.102'];

describe("flavors replay Nova's api_samples", () => {
  for (const folder of FOLDERS) {
    const version = folderVersion(folder);
    it(`${folder || 'v2.1'}: list, detail and show`, () => {
      const cloud = newCloud();
      expectSample(
        call(cloud, 'GET', 'flavors', { version }),
        200,
        sample('flavors', folder, 'flavors-list-resp.json'),
      );
      expectSample(
        call(cloud, 'GET', 'flavors/detail', { version }),
        200,
        sample('flavors', folder, 'flavors-detail-resp.json'),
      );
      const show = sample('flavors', folder, 'flavor-get-resp.json') as { flavor: { id: string } };
      expectSample(call(cloud, 'GET', `flavors/${show.flavor.id}`, { version }), 200, show);
    });
  }

  it('renders swap as "" before 2.75 and 0 from it, and drops two fields at 2.102', () => {
    const cloud = newCloud();
    const at = (version: string) =>
      (call(cloud, 'GET', 'flavors/1', { version }).body as { flavor: Record<string, unknown> })
        .flavor;
    expect(at('2.74').swap).toBe('');
    expect(at('2.75').swap).toBe(0);
    expect(at('2.101')).toHaveProperty('rxtx_factor', 1);
    expect(at('2.102')).not.toHaveProperty('rxtx_factor');
    expect(at('2.102')).not.toHaveProperty('OS-FLV-DISABLED:disabled');
    expect(at('2.61').extra_specs).toEqual({});
  });
});

describe('flavor list filters and paging', () => {
  const ids = (body: unknown) => (body as { flavors: { id: string }[] }).flavors.map((f) => f.id);

  it('filters by minRam and minDisk', () => {
    const cloud = newCloud();
    expect(ids(call(cloud, 'GET', 'flavors?minRam=4096').body)).toEqual(['3', '4', '5']);
    expect(ids(call(cloud, 'GET', 'flavors?minDisk=80').body)).toEqual(['4', '5']);
  });

  it('sorts by sort_key and sort_dir, ties broken by the DB id in the same direction', () => {
    const cloud = newCloud();
    expect(ids(call(cloud, 'GET', 'flavors?sort_key=memory_mb&sort_dir=desc').body)).toEqual([
      '5',
      '4',
      '3',
      '7',
      '2',
      '6',
      '1',
    ]);
    expect(ids(call(cloud, 'GET', 'flavors?sort_key=name').body)).toEqual([
      '4',
      '3',
      '2',
      '7',
      '1',
      '6',
      '5',
    ]);
  });

  it('pages with limit and marker and links the next page', () => {
    const cloud = newCloud();
    const first = call(cloud, 'GET', 'flavors?limit=2');
    expect(ids(first.body)).toEqual(['1', '2']);
    expect((first.body as { flavors_links: unknown }).flavors_links).toEqual([
      { href: 'http://openstack.example.com/v2.1/flavors?limit=2&marker=2', rel: 'next' },
    ]);
    const second = call(cloud, 'GET', 'flavors/detail?limit=2&marker=2');
    expect(ids(second.body)).toEqual(['3', '4']);
    const last = call(cloud, 'GET', 'flavors?marker=6');
    expect(ids(last.body)).toEqual(['7']);
    expect(last.body).not.toHaveProperty('flavors_links');
  });

  it('rejects a bad filter, marker, limit or sort key', () => {
    const cloud = newCloud();
    expectFault(call(cloud, 'GET', 'flavors?minRam=big'), 400, 'Invalid minRam filter [big]');
    expectFault(call(cloud, 'GET', 'flavors?minDisk=x'), 400, 'Invalid minDisk filter [x]');
    expectFault(call(cloud, 'GET', 'flavors?marker=nope'), 400, 'marker [nope] not found');
    expectFault(
      call(cloud, 'GET', 'flavors?limit=-1'),
      400,
      "Invalid input for query parameters limit. Value: -1. '-1' does not match '^[0-9]*$'",
    );
    const bad = call(cloud, 'GET', 'flavors?sort_key=colour');
    expect(bad.status).toBe(400);
    expect((bad.body as { badRequest: { message: string } }).badRequest.message).toMatch(
      /^Invalid input for query parameters sort_key\. Value: colour\. 'colour' is not one of \['created_at'/,
    );
  });

  it('rejects unknown query parameters from 2.75 only', () => {
    const cloud = newCloud();
    expect(call(cloud, 'GET', 'flavors?foo=1', { version: '2.74' }).status).toBe(200);
    expectFault(
      call(cloud, 'GET', 'flavors?foo=1', { version: '2.75' }),
      400,
      "Additional properties are not allowed ('foo' was unexpected)",
    );
  });

  it('filters by name from 2.102', () => {
    const cloud = newCloud();
    expect(ids(call(cloud, 'GET', 'flavors?name=tiny', { version: '2.102' }).body)).toEqual([
      '1',
      '6',
    ]);
    expect(call(cloud, 'GET', 'flavors?name=tiny', { version: '2.101' }).status).toBe(400);
  });

  it('shows private flavors to admins only, who choose with is_public', () => {
    const cloud = newCloud();
    const created = call(cloud, 'POST', 'flavors', {
      admin: true,
      body: {
        flavor: {
          name: 'secret',
          ram: 64,
          vcpus: 1,
          disk: 0,
          id: 'p1',
          'os-flavor-access:is_public': false,
        },
      },
    });
    expect(created.status).toBe(200);
    expect(ids(call(cloud, 'GET', 'flavors', { admin: true }).body)).not.toContain('p1');
    expect(ids(call(cloud, 'GET', 'flavors?is_public=false', { admin: true }).body)).toEqual([
      'p1',
    ]);
    expect(ids(call(cloud, 'GET', 'flavors?is_public=none', { admin: true }).body)).toContain('p1');
    expect(ids(call(cloud, 'GET', 'flavors?is_public=false').body)).not.toContain('p1');
    expectFault(
      call(cloud, 'GET', 'flavors?is_public=maybe', { admin: true }),
      400,
      'Invalid is_public filter [maybe]',
    );
    expectFault(call(cloud, 'GET', 'flavors/p1'), 404, 'Flavor p1 could not be found.');
    expect(call(cloud, 'GET', 'flavors/p1', { admin: true }).status).toBe(200);
  });

  it('answers 404 for an unknown flavor', () => {
    expectFault(call(newCloud(), 'GET', 'flavors/42'), 404, 'Flavor 42 could not be found.');
  });
});

describe('flavor-manage', () => {
  const body = { flavor: { name: 'm1.test', ram: 1024, vcpus: 2, disk: 10, id: '10' } };

  it('creates (200), updates the description (2.55) and deletes (202) as admin', () => {
    const cloud = newCloud();
    const created = call(cloud, 'POST', 'flavors', { admin: true, version: '2.75', body });
    expect(created.status).toBe(200);
    expect((created.body as { flavor: Record<string, unknown> }).flavor).toMatchObject({
      id: '10',
      name: 'm1.test',
      swap: 0,
      description: null,
      extra_specs: {},
    });
    const updated = call(cloud, 'PUT', 'flavors/10', {
      admin: true,
      version: '2.55',
      body: { flavor: { description: 'hi' } },
    });
    expect((updated.body as { flavor: { description: string } }).flavor.description).toBe('hi');
    expect(
      call(cloud, 'PUT', 'flavors/10', {
        admin: true,
        version: '2.54',
        body: { flavor: { description: 'x' } },
      }).status,
    ).toBe(404);
    expect(call(cloud, 'DELETE', 'flavors/10', { admin: true }).status).toBe(202);
    expectFault(
      call(cloud, 'DELETE', 'flavors/10', { admin: true }),
      404,
      'Flavor 10 could not be found.',
    );
  });

  it('generates a uuid id when none is given', () => {
    const res = call(newCloud(), 'POST', 'flavors', {
      admin: true,
      body: { flavor: { name: 'auto', ram: 1, vcpus: 1, disk: 0 } },
    });
    expect((res.body as { flavor: { id: string } }).flavor.id).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4/,
    );
  });

  it('refuses duplicates with 409', () => {
    const cloud = newCloud();
    expectFault(
      call(cloud, 'POST', 'flavors', {
        admin: true,
        body: { flavor: { ...body.flavor, id: '1' } },
      }),
      409,
      'Flavor with ID 1 already exists.',
    );
    expectFault(
      call(cloud, 'POST', 'flavors', {
        admin: true,
        body: { flavor: { ...body.flavor, name: 'm1.tiny' } },
      }),
      409,
      'Flavor with name m1.tiny already exists.',
    );
  });

  it('validates the body before the policy check', () => {
    const cloud = newCloud();
    expectFault(
      call(cloud, 'POST', 'flavors', { admin: true, body: { flavor: { ...body.flavor, ram: 0 } } }),
      400,
      'Invalid input for field/attribute ram. Value: 0. 0 is less than the minimum of 1',
    );
    expectFault(
      call(cloud, 'POST', 'flavors', {
        admin: true,
        body: { flavor: { ...body.flavor, vcpus: '0' } },
      }),
      400,
      'Invalid input for field/attribute vcpus. Value: 0. 0 is less than the minimum of 1',
    );
    expect(call(cloud, 'POST', 'flavors', { body: { flavor: { name: 'x' } } }).status).toBe(400);
    expectFault(
      call(cloud, 'POST', 'flavors', { body }),
      403,
      policy('os_compute_api:os-flavor-manage:create'),
    );
    expectFault(
      call(cloud, 'DELETE', 'flavors/1'),
      403,
      policy('os_compute_api:os-flavor-manage:delete'),
    );
    expectFault(
      call(cloud, 'PUT', 'flavors/1', { version: '2.55', body: { flavor: { description: 'x' } } }),
      403,
      policy('os_compute_api:os-flavor-manage:update'),
    );
  });
});

describe('os-flavor-extra-specs', () => {
  it('reads for members and writes for admins', () => {
    const cloud = newCloud();
    expect(call(cloud, 'GET', 'flavors/7/os-extra_specs').body).toEqual({
      extra_specs: { 'hw:cpu_policy': 'shared', 'hw:numa_nodes': '1' },
    });
    expect(call(cloud, 'GET', 'flavors/7/os-extra_specs/hw:numa_nodes').body).toEqual({
      'hw:numa_nodes': '1',
    });
    const created = call(cloud, 'POST', 'flavors/1/os-extra_specs', {
      admin: true,
      body: { extra_specs: { 'hw:a': 'b', n: 2 } },
    });
    expect(created.status).toBe(200);
    expect(call(cloud, 'GET', 'flavors/1/os-extra_specs').body).toEqual({
      extra_specs: { 'hw:a': 'b', n: '2' },
    });
    expect(
      call(cloud, 'PUT', 'flavors/1/os-extra_specs/n', { admin: true, body: { n: '3' } }).status,
    ).toBe(200);
    expectFault(
      call(cloud, 'PUT', 'flavors/1/os-extra_specs/n', { admin: true, body: { m: '3' } }),
      400,
      'Request body and URI mismatch',
    );
    expect(call(cloud, 'DELETE', 'flavors/1/os-extra_specs/n', { admin: true }).status).toBe(200);
    expectFault(
      call(cloud, 'GET', 'flavors/1/os-extra_specs/n'),
      404,
      'Flavor 1 has no extra specs with key n.',
    );
    expectFault(
      call(cloud, 'POST', 'flavors/1/os-extra_specs', { body: { extra_specs: { a: 'b' } } }),
      403,
      policy('os_compute_api:os-flavor-extra-specs:create'),
    );
    expectFault(
      call(cloud, 'DELETE', 'flavors/1/os-extra_specs/hw:a'),
      403,
      policy('os_compute_api:os-flavor-extra-specs:delete'),
    );
  });
});
