import { describe, expect, it } from 'vitest';
import { DEFAULT_FLAVORS } from '../../../src/catalog/defaults.js';
import { type Cloud, createCloud } from '../../../src/cloud.js';
import { createServers } from '../../../src/compute/create.js';
import {
  call,
  expectFault,
  expectSample,
  folderVersion,
  PROJECT,
  policy,
  sample,
  USER,
} from './helpers.js';

type Hypervisors = { hypervisors: Record<string, unknown>[] };
type Hypervisor = { hypervisor: Record<string, unknown> };

/** Two hosts: `compute` (whose node the fake driver calls `fake-mini`) runs two servers; host2 none. */
function fixture(): Cloud {
  const cloud = createCloud({ seed: 1, hosts: [{ name: 'compute' }, { name: 'host2' }] });
  const caller = { projectId: PROJECT, userId: USER, isAdmin: true, requestId: 'req-hv' };
  createServers(cloud.compute, cloud.random, caller, {
    name: 'test_server',
    flavor: DEFAULT_FLAVORS[1]!,
    imageRef: '70a599e0-31e7-49b7-b260-868f441e862b',
    count: 2,
    forcedHost: 'compute',
  });
  cloud.clock.advance(60_000);
  return cloud;
}

const admin = (version: string) => ({ version, admin: true });

function firstId(cloud: Cloud, version: string): string {
  return String(
    (call(cloud, 'GET', 'os-hypervisors', admin(version)).body as Hypervisors).hypervisors[0]!.id,
  );
}

describe("os-hypervisors replays Nova's api_samples", () => {
  for (const folder of ['', 'v2.28']) {
    const version = folderVersion(folder);
    it(`${folder || 'v2.1'}: list, detail, show, statistics, uptime, search and servers`, () => {
      const cloud = fixture();
      const s = (file: string) => sample('os-hypervisors', folder, file);
      expectSample(
        call(cloud, 'GET', 'os-hypervisors', admin(version)),
        200,
        s('hypervisors-list-resp.json'),
      );
      expectSample(
        call(cloud, 'GET', 'os-hypervisors/detail', admin(version)),
        200,
        s('hypervisors-detail-resp.json'),
      );
      expectSample(
        call(cloud, 'GET', 'os-hypervisors/1', admin(version)),
        200,
        s('hypervisors-show-resp.json'),
      );
      expectSample(
        call(cloud, 'GET', 'os-hypervisors/statistics', admin(version)),
        200,
        s('hypervisors-statistics-resp.json'),
      );
      expectSample(
        call(cloud, 'GET', 'os-hypervisors/1/uptime', admin(version)),
        200,
        s('hypervisors-uptime-resp.json'),
      );
      expectSample(
        call(cloud, 'GET', 'os-hypervisors/fake/search', admin(version)),
        200,
        s('hypervisors-search-resp.json'),
      );
      expectSample(
        call(cloud, 'GET', 'os-hypervisors/fake/servers', admin(version)),
        200,
        s('hypervisors-with-servers-resp.json'),
      );
      expectSample(
        call(cloud, 'GET', 'os-hypervisors/host2/servers', admin(version)),
        200,
        s('hypervisors-without-servers-resp.json'),
      );
    });
  }

  it('v2.33: pages list and detail', () => {
    const cloud = fixture();
    const s = (file: string) => sample('os-hypervisors', 'v2.33', file);
    expectSample(
      call(cloud, 'GET', 'os-hypervisors?limit=1', admin('2.33')),
      200,
      s('hypervisors-list-resp.json'),
    );
    const detail = call(cloud, 'GET', 'os-hypervisors/detail?limit=1', admin('2.33'));
    expectSample(detail, 200, s('hypervisors-detail-resp.json'));
    expect(
      (detail.body as { hypervisors_links: { href: string }[] }).hypervisors_links[0]!.href,
    ).toBe('http://openstack.example.com/v2.1/os-hypervisors/detail?limit=1&marker=1');
  });

  for (const folder of ['v2.53', 'v2.88']) {
    const version = folderVersion(folder);
    it(`${folder}: uuids, query parameters instead of search routes`, () => {
      const cloud = fixture();
      const s = (file: string) => sample('os-hypervisors', folder, file);
      const id = firstId(cloud, version);
      expectSample(
        call(cloud, 'GET', 'os-hypervisors?limit=1', admin(version)),
        200,
        s('hypervisors-list-resp.json'),
      );
      expectSample(
        call(cloud, 'GET', 'os-hypervisors/detail?limit=1', admin(version)),
        200,
        s('hypervisors-detail-resp.json'),
      );
      expectSample(
        call(
          cloud,
          'GET',
          'os-hypervisors/detail?hypervisor_hostname_pattern=fake&with_servers=true',
          admin(version),
        ),
        200,
        s('hypervisors-detail-with-servers-resp.json'),
      );
      expectSample(
        call(cloud, 'GET', 'os-hypervisors?hypervisor_hostname_pattern=fake', admin(version)),
        200,
        s('hypervisors-search-resp.json'),
      );
      expectSample(
        call(cloud, 'GET', `os-hypervisors/${id}`, admin(version)),
        200,
        s('hypervisors-show-resp.json'),
      );
      expectSample(
        call(cloud, 'GET', `os-hypervisors/${id}?with_servers=true`, admin(version)),
        200,
        s('hypervisors-show-with-servers-resp.json'),
      );
      expectSample(
        call(
          cloud,
          'GET',
          'os-hypervisors?hypervisor_hostname_pattern=fake&with_servers=1',
          admin(version),
        ),
        200,
        s('hypervisors-with-servers-resp.json'),
      );
      if (folder === 'v2.53') {
        expectSample(
          call(cloud, 'GET', 'os-hypervisors/statistics', admin(version)),
          200,
          s('hypervisors-statistics-resp.json'),
        );
        expectSample(
          call(cloud, 'GET', `os-hypervisors/${id}/uptime`, admin(version)),
          200,
          s('hypervisors-uptime-resp.json'),
        );
        expectSample(
          call(
            cloud,
            'GET',
            'os-hypervisors?hypervisor_hostname_pattern=host2&with_servers=true',
            admin(version),
          ),
          200,
          s('hypervisors-without-servers-resp.json'),
        );
      }
    });
  }
});

describe('os-hypervisors behaviour', () => {
  it('reports fake-driver data and the scheduler accounting', () => {
    const cloud = fixture();
    const [compute, host2] = (
      call(cloud, 'GET', 'os-hypervisors/detail', admin('2.28')).body as Hypervisors
    ).hypervisors;
    expect(compute).toMatchObject({
      id: 1,
      hypervisor_hostname: 'fake-mini',
      hypervisor_type: 'fake',
      hypervisor_version: 1000,
      host_ip: '192.168.0.1',
      vcpus: 16,
      vcpus_used: 2,
      memory_mb: 32768,
      memory_mb_used: 512 + 2 * 2048,
      free_ram_mb: 32768 - 512 - 2 * 2048,
      local_gb_used: 40,
      running_vms: 2,
      state: 'up',
      status: 'enabled',
      service: { id: 3, host: 'compute', disabled_reason: null },
    });
    expect(host2).toMatchObject({
      hypervisor_hostname: 'host2',
      running_vms: 0,
      memory_mb_used: 512,
    });
    const stats = (
      call(cloud, 'GET', 'os-hypervisors/statistics', admin('2.1')).body as {
        hypervisor_statistics: Record<string, number>;
      }
    ).hypervisor_statistics;
    expect(stats).toMatchObject({
      count: 2,
      running_vms: 2,
      vcpus: 32,
      memory_mb_used: 1024 + 4096,
    });
    const detail = call(cloud, 'GET', 'os-hypervisors/1', admin('2.1')).body as Hypervisor;
    expect(typeof detail.hypervisor.cpu_info).toBe('string');
    expect(JSON.parse(detail.hypervisor.cpu_info as string)).toMatchObject({
      arch: 'x86_64',
      model: 'Nehalem',
    });
  });

  it('follows service state: disabled, forced down, and stopped hosts', () => {
    const cloud = fixture();
    cloud.hosts.disable('host2', 'maintenance');
    const list = () =>
      (call(cloud, 'GET', 'os-hypervisors', admin('2.1')).body as Hypervisors).hypervisors;
    expect(list()[1]).toMatchObject({ state: 'up', status: 'disabled' });
    const stats = call(cloud, 'GET', 'os-hypervisors/statistics', admin('2.1')).body as {
      hypervisor_statistics: { count: number };
    };
    expect(stats.hypervisor_statistics.count).toBe(1);
    cloud.hosts.forceDown('compute');
    expect(list()[0]).toMatchObject({ state: 'down' });
    expectFault(
      call(cloud, 'GET', 'os-hypervisors/1/uptime', admin('2.1')),
      400,
      'Compute service of compute is unavailable at this time.',
    );
    const at288 = call(cloud, 'GET', 'os-hypervisors/detail', admin('2.88')).body as Hypervisors;
    expect(at288.hypervisors[0]!.uptime).toBeNull();
  });

  it('derives stable uuids from host names (they survive a snapshot)', () => {
    const cloud = fixture();
    const id = firstId(cloud, '2.53');
    const restored = createCloud({ restore: cloud.snapshot() });
    expect(firstId(restored, '2.53')).toBe(id);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('answers Nova errors for bad ids, markers, patterns and removed routes', () => {
    const cloud = fixture();
    expectFault(
      call(cloud, 'GET', 'os-hypervisors/abc', admin('2.52')),
      404,
      "Hypervisor with ID 'abc' could not be found.",
    );
    expectFault(
      call(cloud, 'GET', 'os-hypervisors/9', admin('2.1')),
      404,
      "Hypervisor with ID '9' could not be found.",
    );
    expectFault(call(cloud, 'GET', 'os-hypervisors/abc', admin('2.53')), 400, 'Invalid uuid abc');
    const unknown = '00000000-0000-4000-8000-000000000000';
    expectFault(
      call(cloud, 'GET', `os-hypervisors/${unknown}`, admin('2.53')),
      404,
      `Hypervisor with ID '${unknown}' could not be found.`,
    );
    expectFault(
      call(cloud, 'GET', 'os-hypervisors?marker=9', admin('2.33')),
      400,
      'marker [9] not found',
    );
    expectFault(
      call(cloud, 'GET', 'os-hypervisors/zzz/search', admin('2.1')),
      404,
      "No hypervisor matching 'zzz' could be found.",
    );
    expectFault(
      call(cloud, 'GET', 'os-hypervisors?hypervisor_hostname_pattern=zzz', admin('2.53')),
      404,
      "No hypervisor matching 'zzz' could be found.",
    );
    expectFault(
      call(cloud, 'GET', 'os-hypervisors?hypervisor_hostname_pattern=fake&limit=1', admin('2.53')),
      400,
      'Paging over hypervisors with the hypervisor_hostname_pattern query parameter is not supported.',
    );
    expectFault(
      call(cloud, 'GET', 'os-hypervisors?foo=1', admin('2.53')),
      400,
      "Additional properties are not allowed ('foo' was unexpected)",
    );
    expect(call(cloud, 'GET', 'os-hypervisors?with_servers=maybe', admin('2.53')).status).toBe(400);
    expectFault(
      call(cloud, 'GET', 'os-hypervisors/statistics', admin('2.88')),
      404,
      'The resource could not be found.',
    );
    expect(
      call(cloud, 'GET', `os-hypervisors/${firstId(cloud, '2.88')}/uptime`, admin('2.88')).status,
    ).toBe(404);
    expect(call(cloud, 'GET', 'os-hypervisors/fake/search', admin('2.53')).status).toBe(404);
  });

  it('is admin-only', () => {
    const cloud = fixture();
    const member = { version: '2.53' };
    expectFault(
      call(cloud, 'GET', 'os-hypervisors', member),
      403,
      policy('os_compute_api:os-hypervisors:list'),
    );
    expectFault(
      call(cloud, 'GET', 'os-hypervisors/detail', member),
      403,
      policy('os_compute_api:os-hypervisors:list-detail'),
    );
    expectFault(
      call(cloud, 'GET', `os-hypervisors/${firstId(cloud, '2.53')}`, member),
      403,
      policy('os_compute_api:os-hypervisors:show'),
    );
    expectFault(
      call(cloud, 'GET', 'os-hypervisors/statistics', member),
      403,
      policy('os_compute_api:os-hypervisors:statistics'),
    );
    expectFault(
      call(cloud, 'GET', 'os-hypervisors/1/uptime'),
      403,
      policy('os_compute_api:os-hypervisors:uptime'),
    );
    expectFault(
      call(cloud, 'GET', 'os-hypervisors/fake/search'),
      403,
      policy('os_compute_api:os-hypervisors:search'),
    );
    expectFault(
      call(cloud, 'GET', 'os-hypervisors/fake/servers'),
      403,
      policy('os_compute_api:os-hypervisors:servers'),
    );
  });
});
