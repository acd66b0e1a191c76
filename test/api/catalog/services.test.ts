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

type Services = { services: Record<string, unknown>[] };
type Service = { service: Record<string, unknown> };

function fixture(): Cloud {
  return createCloud({
    seed: 1,
    hosts: [{ name: 'host1' }, { name: 'host2', availabilityZone: 'az2' }],
  });
}

const admin = (version: string, body?: unknown) => ({
  version,
  admin: true,
  ...(body === undefined ? {} : { body }),
});

function computeUuid(cloud: Cloud, host: string): string {
  const list = call(cloud, 'GET', 'os-services?binary=nova-compute', admin('2.53'))
    .body as Services;
  return String(list.services.find((s) => s.host === host)!.id);
}

describe("os-services replays Nova's api_samples", () => {
  for (const folder of ['', 'v2.11']) {
    const version = folderVersion(folder);
    it(`${folder || 'v2.1'}: list, disable, enable, disable-log-reason (and force-down)`, () => {
      const cloud = fixture();
      const s = (file: string) => sample('os-services', folder, file);
      expectSample(
        call(cloud, 'GET', 'os-services', admin(version)),
        200,
        s('services-list-get-resp.json'),
      );
      expectSample(
        call(
          cloud,
          'PUT',
          'os-services/disable',
          admin(version, s('service-disable-put-req.json')),
        ),
        200,
        s('service-disable-put-resp.json'),
      );
      expect(cloud.hosts.list()[0]!.enabled).toBe(false);
      expectSample(
        call(cloud, 'PUT', 'os-services/enable', admin(version, s('service-enable-put-req.json'))),
        200,
        s('service-enable-put-resp.json'),
      );
      expect(cloud.hosts.list()[0]!.enabled).toBe(true);
      const logged = call(
        cloud,
        'PUT',
        'os-services/disable-log-reason',
        admin(version, s('service-disable-log-put-req.json')),
      );
      expectSample(logged, 200, s('service-disable-log-put-resp.json'));
      expect(cloud.hosts.list()[0]!.disabledReason).toBe('test2');
      if (folder === 'v2.11') {
        const down = call(
          cloud,
          'PUT',
          'os-services/force-down',
          admin(version, s('service-force-down-put-req.json')),
        );
        expectSample(down, 200, s('service-force-down-put-resp.json'));
        expect(cloud.hosts.status('host1')).toBe('DOWN');
      }
    });
  }

  it('v2.53: updates by service uuid', () => {
    const cloud = fixture();
    const s = (file: string) => sample('os-services', 'v2.53', file);
    const v = '2.53';
    expectSample(
      call(cloud, 'GET', 'os-services', admin(v)),
      200,
      s('services-list-get-resp.json'),
    );
    const id = computeUuid(cloud, 'host1');
    const path = `os-services/${id}`;
    expectSample(
      call(cloud, 'PUT', path, admin(v, s('service-disable-put-req.json'))),
      200,
      s('service-disable-put-resp.json'),
    );
    expectSample(
      call(cloud, 'PUT', path, admin(v, s('service-enable-put-req.json'))),
      200,
      s('service-enable-put-resp.json'),
    );
    const logged = call(cloud, 'PUT', path, admin(v, s('service-disable-log-put-req.json')));
    expectSample(logged, 200, s('service-disable-log-put-resp.json'));
    expect((logged.body as Service).service).toMatchObject({
      status: 'disabled',
      disabled_reason: 'maintenance',
      id,
    });
    const down = call(cloud, 'PUT', path, admin(v, s('service-force-down-put-req.json')));
    expectSample(down, 200, s('service-force-down-put-resp.json'));
    expect((down.body as Service).service).toMatchObject({ forced_down: true, state: 'down' });
  });
});

describe('os-services behaviour', () => {
  it('lists controller services and one nova-compute per host, filtered by host and binary', () => {
    const cloud = fixture();
    const list = (query: string, version = '2.1') =>
      (call(cloud, 'GET', `os-services${query}`, admin(version)).body as Services).services;
    expect(list('').map((s) => `${s.id} ${s.binary}@${s.host} ${s.zone}`)).toEqual([
      '1 nova-scheduler@controller internal',
      '2 nova-conductor@controller internal',
      '3 nova-compute@host1 nova',
      '4 nova-compute@host2 az2',
    ]);
    expect(list('?host=host2')).toHaveLength(1);
    expect(list('?binary=nova-scheduler')).toHaveLength(1);
    expect(list('')[0]).not.toHaveProperty('forced_down');
    expect(list('', '2.11')[0]).toHaveProperty('forced_down', false);
    expect(list('')[2]!.updated_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$/);
  });

  it('shows a stopped compute as down once service_down_time has passed', () => {
    const cloud = fixture();
    cloud.hosts.down('host2');
    const state = () =>
      (call(cloud, 'GET', 'os-services?host=host2', admin('2.1')).body as Services).services[0]!
        .state;
    expect(state()).toBe('up');
    cloud.clock.advance(61_000);
    expect(state()).toBe('down');
  });

  it('refuses bad legacy updates', () => {
    const cloud = fixture();
    expectFault(
      call(
        cloud,
        'PUT',
        'os-services/disable',
        admin('2.1', { host: 'controller', binary: 'nova-scheduler' }),
      ),
      400,
      'Updating a nova-scheduler service is not supported. Only nova-compute services can be updated.',
    );
    expectFault(
      call(
        cloud,
        'PUT',
        'os-services/disable',
        admin('2.1', { host: 'nowhere', binary: 'nova-compute' }),
      ),
      404,
      "Host 'nowhere' is not mapped to any cell",
    );
    expectFault(
      call(
        cloud,
        'PUT',
        'os-services/reboot',
        admin('2.1', { host: 'host1', binary: 'nova-compute' }),
      ),
      404,
      'Unknown action',
    );
    expectFault(
      call(
        cloud,
        'PUT',
        'os-services/force-down',
        admin('2.10', { host: 'host1', binary: 'nova-compute' }),
      ),
      404,
      'Unknown action',
    );
    expectFault(
      call(
        cloud,
        'PUT',
        'os-services/force-down',
        admin('2.11', { host: 'host1', binary: 'nova-compute' }),
      ),
      400,
      'Missing forced_down field',
    );
    expectFault(
      call(
        cloud,
        'PUT',
        'os-services/disable-log-reason',
        admin('2.1', { host: 'host1', binary: 'nova-compute' }),
      ),
      400,
      'Missing disabled reason field',
    );
    expect(call(cloud, 'PUT', 'os-services/disable', admin('2.1', { host: 'host1' })).status).toBe(
      400,
    );
  });

  it('refuses bad 2.53 updates', () => {
    const cloud = fixture();
    const id = computeUuid(cloud, 'host1');
    expectFault(
      call(cloud, 'PUT', 'os-services/disable', admin('2.53', { status: 'disabled' })),
      400,
      'Invalid uuid disable',
    );
    const unknown = '00000000-0000-4000-8000-000000000000';
    expectFault(
      call(cloud, 'PUT', `os-services/${unknown}`, admin('2.53', { status: 'disabled' })),
      404,
      `Service ${unknown} could not be found.`,
    );
    expectFault(
      call(
        cloud,
        'PUT',
        `os-services/${id}`,
        admin('2.53', { status: 'enabled', disabled_reason: 'x' }),
      ),
      400,
      "Specifying 'disabled_reason' with status 'enabled' is invalid.",
    );
    expectFault(
      call(cloud, 'PUT', `os-services/${id}`, admin('2.53', {})),
      400,
      "No updates were requested. Fields 'status' or 'forced_down' should be specified.",
    );
    const scheduler = (
      call(cloud, 'GET', 'os-services?binary=nova-scheduler', admin('2.53')).body as Services
    ).services[0]!.id;
    expectFault(
      call(cloud, 'PUT', `os-services/${scheduler}`, admin('2.53', { status: 'disabled' })),
      400,
      'Updating a nova-scheduler service is not supported. Only nova-compute services can be updated.',
    );
    expect(call(cloud, 'PUT', `os-services/${id}`, admin('2.53', { status: 'off' })).status).toBe(
      400,
    );
  });

  it('deletes a compute service (and its host) only when it hosts nothing', () => {
    const cloud = fixture();
    const caller = { projectId: PROJECT, userId: USER, isAdmin: true, requestId: 'req-svc' };
    createServers(cloud.compute, cloud.random, caller, {
      name: 'busy',
      flavor: DEFAULT_FLAVORS[0]!,
      imageRef: '70a599e0-31e7-49b7-b260-868f441e862b',
      forcedHost: 'host1',
    });
    cloud.clock.advance(60_000);
    expectFault(
      call(cloud, 'DELETE', 'os-services/3', admin('2.1')),
      409,
      'Unable to delete compute service that is hosting instances. Migrate or delete the instances first.',
    );
    expect(call(cloud, 'DELETE', 'os-services/4', admin('2.1')).status).toBe(204);
    expect(cloud.hosts.list().map((h) => h.name)).toEqual(['host1']);
    expectFault(
      call(cloud, 'DELETE', 'os-services/99', admin('2.1')),
      404,
      'Service 99 not found.',
    );
    expectFault(
      call(cloud, 'DELETE', 'os-services/x', admin('2.1')),
      400,
      'Invalid input received: id must be an integer',
    );
    expectFault(call(cloud, 'DELETE', 'os-services/x', admin('2.53')), 400, 'Invalid uuid x');
  });

  it('is admin-only', () => {
    const cloud = fixture();
    expectFault(call(cloud, 'GET', 'os-services'), 403, policy('os_compute_api:os-services:list'));
    expectFault(
      call(cloud, 'PUT', 'os-services/disable', {
        body: { host: 'host1', binary: 'nova-compute' },
      }),
      403,
      policy('os_compute_api:os-services:update'),
    );
    expectFault(
      call(cloud, 'PUT', `os-services/${computeUuid(cloud, 'host1')}`, {
        version: '2.53',
        body: { status: 'disabled' },
      }),
      403,
      policy('os_compute_api:os-services:update'),
    );
    expectFault(
      call(cloud, 'DELETE', 'os-services/3'),
      403,
      policy('os_compute_api:os-services:delete'),
    );
  });
});
