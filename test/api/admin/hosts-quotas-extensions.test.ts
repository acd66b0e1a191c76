import { describe, expect, it } from 'vitest';
import { type Cloud, createCloud } from '../../../src/cloud.js';
import { sampleFiles } from '../../support/samples.js';
import { call, expectFault, PROJECT, policy, sample } from '../catalog/helpers.js';
import { expectShape } from './helpers.js';

const IMAGE = '70a599e0-31e7-49b7-b260-868f441e862b';

function admin(cloud: Cloud, method: string, path: string, body?: unknown, version = '2.1') {
  return call(cloud, method, path, {
    admin: true,
    version,
    ...(body === undefined ? {} : { body }),
  });
}

describe('os-hosts (up to 2.42)', () => {
  const s = (file: string) => sample('os-hosts', '', file);

  it("replays Nova's samples: list, show, maintenance, power actions", () => {
    const cloud = createCloud({ seed: 2, hosts: [{ name: 'compute' }] });
    expectShape(admin(cloud, 'GET', 'os-hosts'), 200, s('hosts-list-resp.json'));
    expectShape(admin(cloud, 'GET', 'os-hosts/compute'), 200, s('host-get-resp.json'));
    const put = admin(cloud, 'PUT', 'os-hosts/compute', s('host-put-maintenance-req.json'));
    expectShape(put, 200, s('host-put-maintenance-resp.json'));
    expect(put.body).toEqual({
      host: 'compute',
      status: 'enabled',
      maintenance_mode: 'off_maintenance',
    });
    for (const action of ['reboot', 'shutdown', 'startup']) {
      const res = admin(cloud, 'GET', `os-hosts/compute/${action}`);
      expectShape(res, 200, s(`host-get-${action}.json`));
      expect(res.body).toEqual({ host: 'compute', power_action: action });
    }
  });

  it('lists services with their zone; show counts servers per project; 404 from 2.43', () => {
    const cloud = createCloud({ seed: 2, hosts: [{ name: 'compute' }] });
    call(cloud, 'POST', 'servers', {
      body: { server: { name: 'a', imageRef: IMAGE, flavorRef: '1' } },
    });
    cloud.clock.advance(120_000);
    const hosts = (admin(cloud, 'GET', 'os-hosts?zone=nova').body as { hosts: unknown[] }).hosts;
    expect(hosts).toEqual([{ host_name: 'compute', service: 'compute', zone: 'nova' }]);
    const show = admin(cloud, 'GET', 'os-hosts/compute').body as {
      host: { resource: Record<string, unknown> }[];
    };
    expect(show.host.map((r) => r.resource.project)).toEqual([
      '(total)',
      '(used_now)',
      '(used_max)',
      PROJECT,
    ]);
    expect(show.host[2]!.resource).toMatchObject({ cpu: 1, memory_mb: 512, disk_gb: 1 });
    expectFault(admin(cloud, 'GET', 'os-hosts/nope'), 404, "Host 'nope' is not mapped to any cell");
    expect(admin(cloud, 'GET', 'os-hosts', undefined, '2.43').status).toBe(404);
    expectFault(call(cloud, 'GET', 'os-hosts'), 403, policy('os_compute_api:os-hosts:list'));
    expect(admin(cloud, 'PUT', 'os-hosts/compute', { status: 'on' }).status).toBe(400);
  });
});

describe('os-quota-class-sets', () => {
  for (const folder of ['', 'v2.50', 'v2.57']) {
    const version = folder === '' ? '2.1' : folder.slice(1);
    const s = (file: string) => sample('os-quota-class-sets', folder, file);
    it(`${folder || 'v2.1'}: show and update replay Nova's samples`, () => {
      const cloud = createCloud({ seed: 2 });
      expectShape(
        admin(cloud, 'GET', 'os-quota-class-sets/default', undefined, version),
        200,
        s('quota-classes-show-get-resp.json'),
      );
      const updated = admin(
        cloud,
        'PUT',
        'os-quota-class-sets/test_class',
        s('quota-classes-update-post-req.json'),
        version,
      );
      expectShape(updated, 200, s('quota-classes-update-post-resp.json'));
    });
  }

  it('the default class is every project’s default; other classes fall back to it', () => {
    const cloud = createCloud({ seed: 2 });
    admin(
      cloud,
      'PUT',
      'os-quota-class-sets/default',
      { quota_class_set: { instances: 3 } },
      '2.57',
    );
    const mine = call(cloud, 'GET', `os-quota-sets/${PROJECT}`).body as {
      quota_set: { instances: number };
    };
    expect(mine.quota_set.instances).toBe(3);
    const other = admin(cloud, 'GET', 'os-quota-class-sets/gold', undefined, '2.57').body as {
      quota_class_set: { instances: number };
    };
    expect(other.quota_class_set.instances).toBe(3);
    const restored = createCloud({ restore: cloud.snapshot() });
    expect(JSON.stringify(restored.snapshot())).toBe(JSON.stringify(cloud.snapshot()));
    expect(restored.compute.quotasOf(PROJECT).instances).toBe(3);
  });

  it('keeps and shows the nova-network resources of a class before 2.50 (Tempest update_default_quotas)', () => {
    const cloud = createCloud({ seed: 2 });
    const update = {
      fixed_ips: 99,
      floating_ips: 98,
      security_groups: 97,
      security_group_rules: 96,
    };
    const put = admin(cloud, 'PUT', 'os-quota-class-sets/default', {
      quota_class_set: { instances: 110, ...update },
    });
    expect(put.status).toBe(200);
    expect(put.body).toEqual({
      quota_class_set: expect.objectContaining({ instances: 110, ...update }),
    });
    const shown = admin(cloud, 'GET', 'os-quota-class-sets/default').body as {
      quota_class_set: Record<string, number>;
    };
    expect(shown.quota_class_set).toMatchObject({ id: 'default', instances: 110, ...update });
    // Another class has no row of its own: the resource default, unlimited.
    const gold = admin(cloud, 'GET', 'os-quota-class-sets/gold').body as {
      quota_class_set: Record<string, number>;
    };
    expect(gold.quota_class_set.fixed_ips).toBe(-1);
    expect(gold.quota_class_set.instances).toBe(110);
    // 2.50 hides them; the snapshot keeps them.
    const v250 = admin(cloud, 'GET', 'os-quota-class-sets/default', undefined, '2.50').body as {
      quota_class_set: Record<string, number>;
    };
    expect(v250.quota_class_set).not.toHaveProperty('fixed_ips');
    const restored = createCloud({ restore: cloud.snapshot() });
    expect(JSON.stringify(restored.snapshot())).toBe(JSON.stringify(cloud.snapshot()));
    const again = admin(restored, 'GET', 'os-quota-class-sets/default').body as {
      quota_class_set: Record<string, number>;
    };
    expect(again.quota_class_set.security_group_rules).toBe(96);
  });

  it('is admin-only; 2.57 refuses injected_files', () => {
    const cloud = createCloud({ seed: 2 });
    expectFault(
      call(cloud, 'GET', 'os-quota-class-sets/default'),
      403,
      policy('os_compute_api:os-quota-class-sets:show'),
    );
    expect(
      admin(
        cloud,
        'PUT',
        'os-quota-class-sets/default',
        { quota_class_set: { injected_files: 1 } },
        '2.57',
      ).status,
    ).toBe(400);
    expect(
      admin(
        cloud,
        'PUT',
        'os-quota-class-sets/default',
        { quota_class_set: { injected_files: 1 } },
        '2.56',
      ).status,
    ).toBe(200);
  });
});

describe('/extensions', () => {
  it("lists Nova master's extensions to anyone and shows one by alias", () => {
    const cloud = createCloud({ seed: 2 });
    const list = call(cloud, 'GET', 'extensions');
    expectShape(list, 200, sample('extension-info', '', 'extensions-list-resp.json'));
    expect((list.body as { extensions: unknown[] }).extensions).toEqual(
      sample('extension-info', '', 'extensions-list-resp.json').extensions,
    );
    expect(call(cloud, 'GET', 'extensions/os-agents').body).toEqual(
      sample('extension-info', '', 'extensions-get-resp.json'),
    );
    expectFault(call(cloud, 'GET', 'extensions/nope'), 404, 'The resource could not be found.');
  });

  it('the legacy /v2 endpoint adds OS-EXT-VIF-NET', () => {
    const cloud = createCloud({ seed: 2 });
    const res = cloud.request({ method: 'GET', path: '/v2/extensions' });
    // Nova's code gives the added entry no `updated`; its (older) sample shows one.
    const expected = sample('extension-info', '', 'extensions-list-resp-v21-compatible.json') as {
      extensions: Record<string, unknown>[];
    };
    for (const e of expected.extensions) if (e.alias === 'OS-EXT-VIF-NET') delete e.updated;
    expect(res.body).toEqual(expected);
  });
});

describe('os-server-external-events', () => {
  function withServer(): { cloud: Cloud; id: string } {
    const cloud = createCloud({ seed: 2 });
    const res = call(cloud, 'POST', 'servers', {
      body: { server: { name: 'a', imageRef: IMAGE, flavorRef: '1' } },
    });
    cloud.clock.advance(120_000);
    return { cloud, id: (res.body as { server: { id: string } }).server.id };
  }

  it("replays Nova's sample (its placeholder name made a real event)", () => {
    const { cloud, id } = withServer();
    const [file] = sampleFiles('os-server-external-events').filter((f) => f.name.includes('req'));
    const body = file!.json as { events: Record<string, string>[] };
    body.events[0]!.name = 'network-changed';
    body.events[0]!.server_uuid = id;
    const res = admin(cloud, 'POST', 'os-server-external-events', body);
    expectShape(res, 200, sample('os-server-external-events', '', 'event-create-resp.json'));
  });

  it('207 with a code per event: unknown server 404, missing tag 400', () => {
    const { cloud, id } = withServer();
    const unknown = '11111111-2222-3333-4444-555555555555';
    const res = admin(
      cloud,
      'POST',
      'os-server-external-events',
      {
        events: [
          { name: 'network-vif-plugged', server_uuid: id },
          { name: 'network-vif-plugged', server_uuid: unknown },
          { name: 'volume-extended', server_uuid: id },
        ],
      },
      '2.51',
    );
    expect(res.status).toBe(207);
    expect((res.body as { events: { code: number }[] }).events.map((e) => e.code)).toEqual([
      200, 404, 400,
    ]);
    expect(
      admin(
        cloud,
        'POST',
        'os-server-external-events',
        { events: [{ name: 'volume-extended', server_uuid: id }] },
        '2.50',
      ).status,
    ).toBe(400);
    expectFault(
      call(cloud, 'POST', 'os-server-external-events', {
        body: { events: [{ name: 'network-changed', server_uuid: id }] },
      }),
      403,
      policy('os_compute_api:os-server-external-events:create'),
    );
  });
});
