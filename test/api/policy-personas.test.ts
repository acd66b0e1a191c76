import { describe, expect, it } from 'vitest';
import { POLICY_DEFAULTS } from '../../src/api/policy-rules.js';
import { type Cloud, createCloud } from '../../src/cloud.js';
import { boot, IMAGE, messageOf, newCloud, PROJECT } from './extras/helpers.js';

// Nova master's default personas (nova/policies/*.py) on every compute route: a project
// reader reads, a member writes, and the 403 names the rule Nova checks.

interface As {
  readonly roles: readonly string[];
  readonly projectId?: string;
  readonly version?: string;
  readonly body?: unknown;
}

function request(cloud: Cloud, method: string, path: string, as: As) {
  return cloud.request({
    method,
    path: `/v2.1/${path}`,
    ...(as.body === undefined ? {} : { body: as.body }),
    headers: { 'OpenStack-API-Version': `compute ${as.version ?? '2.1'}` },
    auth: { projectId: as.projectId ?? PROJECT, userId: 'someone', roles: [...as.roles] },
  });
}

type Case = readonly [method: string, path: string, version: string, body?: unknown];

const READS: readonly Case[] = [
  ['GET', 'servers', '2.1'],
  ['GET', 'servers/detail', '2.1'],
  ['GET', 'servers/{id}', '2.1'],
  ['GET', 'servers/{id}/metadata', '2.1'],
  ['GET', 'servers/{id}/ips', '2.1'],
  ['GET', 'servers/{id}/os-instance-actions', '2.1'],
  ['GET', 'servers/{id}/os-interface', '2.1'],
  ['GET', 'servers/{id}/os-security-groups', '2.1'],
  ['GET', 'servers/{id}/os-volume_attachments', '2.1'],
  ['GET', 'servers/{id}/tags', '2.26'],
  ['GET', 'servers/{id}/topology', '2.78'],
  ['GET', 'os-server-groups', '2.1'],
  ['GET', 'os-keypairs', '2.1'],
  ['GET', 'limits', '2.1'],
  ['GET', `os-quota-sets/${PROJECT}`, '2.1'],
  ['GET', `os-quota-sets/${PROJECT}/defaults`, '2.1'],
  ['GET', 'flavors/1/os-extra_specs', '2.1'],
  ['GET', 'flavors/detail', '2.1'],
  ['GET', 'os-availability-zone', '2.1'],
];

/** A write, and the rule Nova names in its 403. */
type Write = readonly [rule: string, method: string, path: string, version: string, body?: unknown];

const action = (rule: string, body: unknown, version = '2.1'): Write => [
  rule,
  'POST',
  'servers/{id}/action',
  version,
  body,
];

const WRITES: readonly Write[] = [
  [
    'os_compute_api:servers:create',
    'POST',
    'servers',
    '2.1',
    { server: { name: 'x', imageRef: IMAGE, flavorRef: '1' } },
  ],
  ['os_compute_api:servers:update', 'PUT', 'servers/{id}', '2.1', { server: { name: 'y' } }],
  ['os_compute_api:servers:delete', 'DELETE', 'servers/{id}', '2.1'],
  action('os_compute_api:servers:reboot', { reboot: { type: 'SOFT' } }),
  action('os_compute_api:servers:stop', { 'os-stop': null }),
  action('os_compute_api:servers:start', { 'os-start': null }),
  action('os_compute_api:os-pause-server:pause', { pause: null }),
  action('os_compute_api:os-pause-server:unpause', { unpause: null }),
  action('os_compute_api:os-suspend-server:suspend', { suspend: null }),
  action('os_compute_api:os-suspend-server:resume', { resume: null }),
  action('os_compute_api:os-lock-server:lock', { lock: null }),
  action('os_compute_api:os-lock-server:unlock', { unlock: null }),
  action('os_compute_api:os-shelve:shelve', { shelve: null }),
  action('os_compute_api:os-shelve:unshelve', { unshelve: null }),
  action('os_compute_api:os-shelve:shelve_offload', { shelveOffload: null }),
  action('os_compute_api:os-rescue', { rescue: null }),
  action('os_compute_api:os-unrescue', { unrescue: null }),
  action('os_compute_api:servers:create_image', { createImage: { name: 'snap' } }),
  action('os_compute_api:os-create-backup', {
    createBackup: { name: 'b', backup_type: 'daily', rotation: 1 },
  }),
  action('os_compute_api:os-admin-password', { changePassword: { adminPass: 'pw' } }),
  action('os_compute_api:servers:rebuild', { rebuild: { imageRef: IMAGE } }),
  action('os_compute_api:servers:resize', { resize: { flavorRef: '2' } }),
  action('os_compute_api:servers:confirm_resize', { confirmResize: null }),
  action('os_compute_api:servers:revert_resize', { revertResize: null }),
  action('os_compute_api:os-deferred-delete:restore', { restore: null }),
  action('os_compute_api:os-deferred-delete:force', { forceDelete: null }),
  action('os_compute_api:servers:trigger_crash_dump', { trigger_crash_dump: null }, '2.17'),
  action('os_compute_api:os-security-groups:add', { addSecurityGroup: { name: 'default' } }),
  action('os_compute_api:os-security-groups:remove', { removeSecurityGroup: { name: 'default' } }),
  action('os_compute_api:os-floating-ips:add', { addFloatingIp: { address: '10.0.0.9' } }),
  action('os_compute_api:os-migrate-server:migrate', { migrate: null }),
  action('os_compute_api:os-evacuate', { evacuate: {} }, '2.29'),
  action('os_compute_api:os-admin-actions:reset_state', { 'os-resetState': { state: 'error' } }),
  action('os_compute_api:os-console-output', { 'os-getConsoleOutput': {} }),
  [
    'os_compute_api:server-metadata:create',
    'POST',
    'servers/{id}/metadata',
    '2.1',
    { metadata: { a: 'b' } },
  ],
  [
    'os_compute_api:server-metadata:update_all',
    'PUT',
    'servers/{id}/metadata',
    '2.1',
    { metadata: { a: 'b' } },
  ],
  [
    'os_compute_api:server-metadata:update',
    'PUT',
    'servers/{id}/metadata/a',
    '2.1',
    { meta: { a: 'b' } },
  ],
  ['os_compute_api:server-metadata:delete', 'DELETE', 'servers/{id}/metadata/a', '2.1'],
  ['os_compute_api:os-server-tags:update', 'PUT', 'servers/{id}/tags/t', '2.26'],
  ['os_compute_api:os-server-tags:delete_all', 'DELETE', 'servers/{id}/tags', '2.26'],
  ['os_compute_api:os-attach-interfaces:create', 'POST', 'servers/{id}/os-interface', '2.1', {}],
  ['os_compute_api:os-attach-interfaces:delete', 'DELETE', 'servers/{id}/os-interface/p', '2.1'],
  [
    'os_compute_api:os-server-groups:create',
    'POST',
    'os-server-groups',
    '2.1',
    { server_group: { name: 'g', policies: ['affinity'] } },
  ],
];

describe('policy personas: Nova master defaults on every compute route', () => {
  const cloud = newCloud();
  const id = boot(cloud);
  const path = (p: string) => p.replace('{id}', id);

  it.each(READS.map((c) => [c[0], c[1], c[2]] as const))(
    'a project reader may %s %s',
    (method, p, version) => {
      const res = request(cloud, method, path(p), { roles: ['reader'], version });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    },
  );

  it.each(WRITES.map((w) => [...w] as [string, string, string, string, unknown]))(
    'a project reader is refused %s',
    (rule, method, p, version, body) => {
      const res = request(cloud, method, path(p), { roles: ['reader'], version, body });
      expect(res.status, JSON.stringify(res.body)).toBe(403);
      expect(messageOf(res.body)).toBe(`Policy doesn't allow ${rule} to be performed.`);
    },
  );

  // Tags look the server up through its cell mapping: there another project is a 403.
  it.each(
    WRITES.filter(([, , p]) => p.includes('{id}') && !p.includes('/tags')).map(
      (w) => [...w] as [string, string, string, string, unknown],
    ),
  )("another project's member gets 404 before %s", (_rule, method, p, version, body) => {
    const res = request(cloud, method, path(p), {
      roles: ['member'],
      projectId: 'another',
      version,
      body,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(404);
  });

  // removeFloatingIp finds the server by the address before the policy: it needs a real one.
  it('a project reader is refused os_compute_api:os-floating-ips:remove', () => {
    const allocated = request(cloud, 'POST', 'os-floating-ips', { roles: ['member'] });
    expect(allocated.status, JSON.stringify(allocated.body)).toBe(200);
    const { ip } = (allocated.body as { floating_ip: { ip: string } }).floating_ip;
    const res = request(cloud, 'POST', path('servers/{id}/action'), {
      roles: ['reader'],
      body: { removeFloatingIp: { address: ip } },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(403);
    expect(messageOf(res.body)).toBe(
      "Policy doesn't allow os_compute_api:os-floating-ips:remove to be performed.",
    );
  });

  it('checks the policy after the lookup: an unknown server is 404 for a reader', () => {
    const res = request(cloud, 'POST', 'servers/nope/action', {
      roles: ['reader'],
      body: { pause: null },
    });
    expect(res.status).toBe(404);
  });

  it('names every rule it checks in its table of Nova master defaults', () => {
    for (const [rule] of WRITES) expect(Object.hasOwn(POLICY_DEFAULTS, rule), rule).toBe(true);
  });
});

describe('policy overrides (policy.yaml)', () => {
  it('an override replaces a default: servers:create for admins only', () => {
    const cloud = newCloud({ config: { policy: { 'os_compute_api:servers:create': 'admin' } } });
    const res = request(cloud, 'POST', 'servers', {
      roles: ['member'],
      body: { server: { name: 'x', imageRef: IMAGE, flavorRef: '1' } },
    });
    expect(res.status).toBe(403);
    expect(messageOf(res.body)).toBe(
      "Policy doesn't allow os_compute_api:servers:create to be performed.",
    );
  });

  it('an override can open an admin rule to members: os-hypervisors:list', () => {
    const closed = newCloud();
    expect(request(closed, 'GET', 'os-hypervisors', { roles: ['member'] }).status).toBe(403);
    const open = newCloud({
      config: { policy: { 'os_compute_api:os-hypervisors:list': 'project-member-or-admin' } },
    });
    expect(request(open, 'GET', 'os-hypervisors', { roles: ['member'] }).status).toBe(200);
  });

  it('nobody may do what is overridden to nobody, admins included', () => {
    const cloud = newCloud({ config: { policy: { 'os_compute_api:servers:index': 'nobody' } } });
    expect(request(cloud, 'GET', 'servers', { roles: ['admin'] }).status).toBe(403);
  });

  it('a reader may pause once the rule is opened to readers', () => {
    const cloud = newCloud({
      config: { policy: { 'os_compute_api:os-pause-server:pause': 'project-reader-or-admin' } },
    });
    const id = boot(cloud);
    const res = request(cloud, 'POST', `servers/${id}/action`, {
      roles: ['reader'],
      body: { pause: null },
    });
    expect(res.status).toBe(202);
  });

  it('refuses unknown rules and personas when the cloud is created', () => {
    expect(() =>
      createCloud({ config: { policy: { 'os_compute_api:servers:creat': 'admin' } } } as never),
    ).toThrow(/servers:create/);
    expect(() =>
      createCloud({ config: { policy: { 'os_compute_api:servers:create': 'root' } } } as never),
    ).toThrow(/policy/);
  });
});
