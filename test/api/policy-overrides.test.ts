import { describe, expect, it } from 'vitest';
import type { PolicyDefault, PolicyRule } from '../../src/api/policy-rules.js';
import type { Cloud } from '../../src/cloud.js';
import { act, boot, call, IMAGE, messageOf, newCloud, PROJECT } from './extras/helpers.js';

// The rules that used to test the admin role directly: each now goes through the policy
// table, so a policy.yaml-style override flips it, as it does in Nova.

const OTHER = '0000aaaa0000aaaa0000aaaa0000aaaa';

function cloudWith(policy: Partial<Record<PolicyRule, PolicyDefault>>): Cloud {
  return newCloud({ config: { policy } });
}

function getServer(cloud: Cloud, id: string, version: string, admin = false) {
  const res = call(cloud, 'GET', `servers/${id}`, { version, admin });
  expect(res.status).toBe(200);
  return (res.body as { server: Record<string, unknown> }).server;
}

function createBody(extra: Record<string, unknown>) {
  return { server: { name: 'x', imageRef: IMAGE, flavorRef: '1', ...extra } };
}

describe('server view fields follow their rules', () => {
  it('shows OS-EXT-SRV-ATTR:* to a member when os-extended-server-attributes allows it', () => {
    const plain = newCloud();
    const id = boot(plain);
    expect(getServer(plain, id, '2.3')).not.toHaveProperty('OS-EXT-SRV-ATTR:host');

    const open = cloudWith({ 'os_compute_api:os-extended-server-attributes': 'any' });
    const shown = getServer(open, boot(open), '2.3');
    expect(shown['OS-EXT-SRV-ATTR:host']).toMatch(/^compute-/);
    expect(shown).toHaveProperty('OS-EXT-SRV-ATTR:user_data');
  });

  it('hides them from an admin when the rule is closed, and in /servers/detail too', () => {
    const cloud = cloudWith({ 'os_compute_api:os-extended-server-attributes': 'nobody' });
    const id = boot(cloud);
    expect(getServer(cloud, id, '2.3', true)).not.toHaveProperty('OS-EXT-SRV-ATTR:host');
    const list = call(cloud, 'GET', 'servers/detail', { version: '2.3', admin: true });
    const [item] = (list.body as { servers: Record<string, unknown>[] }).servers;
    expect(item).not.toHaveProperty('OS-EXT-SRV-ATTR:instance_name');
    expect(item).toHaveProperty('OS-EXT-STS:vm_state');
  });

  it('shows host_status under servers:show:host_status, not under unknown-only for an UP host', () => {
    const open = cloudWith({ 'os_compute_api:servers:show:host_status': 'any' });
    expect(getServer(open, boot(open), '2.16').host_status).toBe('UP');

    const unknownOnly = cloudWith({
      'os_compute_api:servers:show:host_status': 'nobody',
      'os_compute_api:servers:show:host_status:unknown-only': 'any',
    });
    expect(getServer(unknownOnly, boot(unknownOnly), '2.16', true)).not.toHaveProperty(
      'host_status',
    );
  });

  it('shows host_status UNKNOWN under unknown-only once the host stops reporting', () => {
    const cloud = cloudWith({
      'os_compute_api:servers:show:host_status': 'nobody',
      'os_compute_api:servers:show:host_status:unknown-only': 'project-reader-or-admin',
    });
    const id = boot(cloud);
    const host = String(getServer(cloud, id, '2.3', true)['OS-EXT-SRV-ATTR:host']);
    cloud.scheduler.setAlive(host, false, cloud.clock.now());
    cloud.clock.advance(3_600_000);
    expect(getServer(cloud, id, '2.16').host_status).toBe('UNKNOWN');
  });

  it('leaves out the flavor extra_specs when servers:show:flavor-extra-specs is closed', () => {
    const plain = newCloud();
    const flavor = getServer(plain, boot(plain), '2.47').flavor as Record<string, unknown>;
    expect(flavor).toHaveProperty('extra_specs');
    const closed = cloudWith({ 'os_compute_api:servers:show:flavor-extra-specs': 'nobody' });
    const hidden = getServer(closed, boot(closed), '2.47', true).flavor as Record<string, unknown>;
    expect(hidden).not.toHaveProperty('extra_specs');
    expect(hidden.original_name).toBe('m1.tiny');
  });
});

describe('listing rules', () => {
  it('lets a member list all tenants when get_all_tenants allows it, and refuses an admin when not', () => {
    const open = cloudWith({ 'os_compute_api:servers:detail:get_all_tenants': 'any' });
    boot(open);
    const other = call(open, 'POST', 'servers', { body: createBody({}), projectId: OTHER });
    expect(other.status).toBe(202);
    const all = call(open, 'GET', 'servers/detail?all_tenants=1');
    expect(all.status).toBe(200);
    expect((all.body as { servers: unknown[] }).servers).toHaveLength(2);
    // index has its own rule, still admin.
    const index = call(open, 'GET', 'servers?all_tenants=1');
    expect(index.status).toBe(403);
    expect(messageOf(index.body)).toBe(
      "Policy doesn't allow os_compute_api:servers:index:get_all_tenants to be performed.",
    );

    const closed = cloudWith({ 'os_compute_api:servers:index:get_all_tenants': 'nobody' });
    expect(call(closed, 'GET', 'servers?all_tenants=1', { admin: true }).status).toBe(403);
  });

  it('applies admin-only filters for whoever passes allow_all_filters', () => {
    const open = cloudWith({ 'os_compute_api:servers:allow_all_filters': 'any' });
    boot(open);
    const filtered = call(open, 'GET', 'servers?host=nowhere');
    expect((filtered.body as { servers: unknown[] }).servers).toHaveLength(0);

    const closed = cloudWith({ 'os_compute_api:servers:allow_all_filters': 'nobody' });
    boot(closed);
    const ignored = call(closed, 'GET', 'servers?host=nowhere', { admin: true });
    expect((ignored.body as { servers: unknown[] }).servers).toHaveLength(1);
  });
});

describe('unlock_override', () => {
  it('lets the owner unlock an admin lock when the override allows it', () => {
    const cloud = cloudWith({ 'os_compute_api:os-lock-server:unlock:unlock_override': 'any' });
    const id = boot(cloud);
    // The admin's project is not the server's: the lock is the admin's.
    const lock = call(cloud, 'POST', `servers/${id}/action`, {
      body: { lock: null },
      admin: true,
      projectId: OTHER,
    });
    expect(lock.status).toBe(202);
    expect(call(cloud, 'POST', `servers/${id}/action`, { body: { unlock: null } }).status).toBe(
      202,
    );
    expect(getServer(cloud, id, '2.9').locked).toBe(false);
  });

  it("refuses an admin taking off the owner's lock when the override is closed", () => {
    const cloud = cloudWith({ 'os_compute_api:os-lock-server:unlock:unlock_override': 'nobody' });
    const id = boot(cloud);
    expect(call(cloud, 'POST', `servers/${id}/action`, { body: { lock: null } }).status).toBe(202);
    const res = call(cloud, 'POST', `servers/${id}/action`, {
      body: { unlock: null },
      admin: true,
      projectId: OTHER,
    });
    expect(res.status).toBe(403);
    expect(messageOf(res.body)).toBe(
      "Policy doesn't allow os_compute_api:os-lock-server:unlock:unlock_override to be performed.",
    );
    // The owner's own lock needs no override.
    expect(call(cloud, 'POST', `servers/${id}/action`, { body: { unlock: null } }).status).toBe(
      202,
    );
  });
});

/** A create that a closed rule refuses, and the same create that passes without the input. */
type CreateCase = readonly [
  rule: PolicyRule,
  version: string,
  extra: Record<string, unknown>,
  without: Record<string, unknown>,
];

const CREATE_CLOSED: readonly CreateCase[] = [
  [
    'os_compute_api:servers:create:attach_network',
    '2.37',
    { networks: 'auto' },
    { networks: 'none' },
  ],
  [
    'os_compute_api:servers:create:trusted_certs',
    '2.63',
    { networks: 'none', trusted_image_certificates: ['0b5d2c72-12cc-4ba6-a8d7-3ff5cc1d8cb8'] },
    { networks: 'none' },
  ],
  [
    'os_compute_api:servers:create:attach_volume',
    '2.1',
    {
      block_device_mapping_v2: [
        {
          boot_index: 1,
          source_type: 'blank',
          destination_type: 'volume',
          volume_size: 1,
          delete_on_termination: true,
        },
      ],
    },
    {},
  ],
];

describe('server create rules', () => {
  it.each(CREATE_CLOSED)(
    '%s closed refuses the create that needs it',
    (rule, version, extra, without) => {
      const cloud = cloudWith({ [rule]: 'nobody' });
      const refused = call(cloud, 'POST', 'servers', {
        body: createBody(extra),
        version,
        admin: true,
      });
      expect(refused.status).toBe(403);
      expect(messageOf(refused.body)).toBe(`Policy doesn't allow ${rule} to be performed.`);
      const passed = call(cloud, 'POST', 'servers', {
        body: createBody(without),
        version,
        admin: true,
      });
      expect(passed.status, JSON.stringify(passed.body)).toBe(202);
    },
  );

  it('lets a member force a host with forced_host, and name one with requested_destination', () => {
    const cloud = cloudWith({
      'os_compute_api:servers:create:forced_host': 'project-member-or-admin',
      'compute:servers:create:requested_destination': 'project-member-or-admin',
    });
    const forced = call(cloud, 'POST', 'servers', {
      body: createBody({ availability_zone: 'nova:compute-2' }),
    });
    expect(forced.status, JSON.stringify(forced.body)).toBe(202);
    const named = call(cloud, 'POST', 'servers', {
      body: createBody({ host: 'compute-3', networks: 'none' }),
      version: '2.74',
    });
    expect(named.status, JSON.stringify(named.body)).toBe(202);
    cloud.clock.advance(60_000);
    const hosts = ['compute-2', 'compute-3'].map((host, i) => {
      const body = (i === 0 ? forced : named).body as { server: { id: string } };
      return [host, getServer(cloud, body.server.id, '2.1', true)['OS-EXT-SRV-ATTR:host']];
    });
    for (const [want, got] of hosts) expect(got).toBe(want);
  });

  it('answers 400 when host and a zone:host are both given (2.74), after the policies', () => {
    const cloud = newCloud();
    const res = call(cloud, 'POST', 'servers', {
      body: createBody({
        availability_zone: 'nova:compute-2',
        host: 'compute-3',
        networks: 'none',
      }),
      version: '2.74',
      admin: true,
    });
    expect(res.status).toBe(400);
    expect(messageOf(res.body)).toBe(
      'One mechanism with host and/or hypervisor_hostname and another mechanism with zone:host:node are mutually exclusive.',
    );
    const member = call(cloud, 'POST', 'servers', {
      body: createBody({
        availability_zone: 'nova:compute-2',
        host: 'compute-3',
        networks: 'none',
      }),
      version: '2.74',
    });
    expect(messageOf(member.body)).toBe(
      "Policy doesn't allow os_compute_api:servers:create:forced_host to be performed.",
    );
  });

  it('boots a zero-disk flavor from an image for a member when zero_disk_flavor allows it', () => {
    const cloud = cloudWith({ 'os_compute_api:servers:create:zero_disk_flavor': 'any' });
    const flavor = call(cloud, 'POST', 'flavors', {
      body: { flavor: { name: 'zero', ram: 512, vcpus: 1, disk: 0, id: 'z0' } },
      admin: true,
    });
    expect(flavor.status).toBe(200);
    const res = call(cloud, 'POST', 'servers', {
      body: { server: { name: 'z', imageRef: IMAGE, flavorRef: 'z0' } },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(202);
  });
});

describe('other rules that tested roles directly', () => {
  it('lets an admin swap a volume (service_or_admin): past the policy to the migrating check', () => {
    const cloud = newCloud();
    const id = boot(cloud);
    const vol = '00000000-0000-4000-8000-000000000001';
    const res = call(cloud, 'PUT', `servers/${id}/os-volume_attachments/${vol}`, {
      body: { volumeAttachment: { volumeId: vol } },
      admin: true,
    });
    expect(res.status).not.toBe(403);
    const member = call(cloud, 'PUT', `servers/${id}/os-volume_attachments/${vol}`, {
      body: { volumeAttachment: { volumeId: vol } },
    });
    expect(member.status).toBe(403);
  });

  it("shows another project's usage to a member when simple-tenant-usage:show allows any", () => {
    const closed = newCloud();
    expect(call(closed, 'GET', `os-simple-tenant-usage/${OTHER}`).status).toBe(403);
    const open = cloudWith({ 'os_compute_api:os-simple-tenant-usage:show': 'any' });
    expect(call(open, 'GET', `os-simple-tenant-usage/${OTHER}`).status).toBe(200);
    expect(call(open, 'GET', `os-simple-tenant-usage/${PROJECT}`).status).toBe(200);
  });

  it('hides migration hosts from an admin when os-migrations:index:host is closed', () => {
    const cloud = cloudWith({ 'os_compute_api:os-migrations:index:host': 'nobody' });
    const id = boot(cloud);
    act(cloud, id, { migrate: null });
    const res = call(cloud, 'GET', 'os-migrations', { admin: true });
    const [migration] = (res.body as { migrations: Record<string, unknown>[] }).migrations;
    expect(migration?.source_compute).toBeNull();
    const plain = newCloud();
    act(plain, boot(plain), { migrate: null });
    const shown = call(plain, 'GET', 'os-migrations', { admin: true });
    const [withHost] = (shown.body as { migrations: Record<string, unknown>[] }).migrations;
    expect(withHost?.source_compute).toMatch(/^compute-/);
  });

  it('refuses a rebuild that sets trusted certificates when rebuild:trusted_certs is closed', () => {
    const cloud = cloudWith({ 'os_compute_api:servers:rebuild:trusted_certs': 'nobody' });
    const id = boot(cloud);
    const res = call(cloud, 'POST', `servers/${id}/action`, {
      body: { rebuild: { imageRef: IMAGE, trusted_image_certificates: null } },
      version: '2.63',
      admin: true,
    });
    expect(res.status).toBe(403);
    expect(messageOf(res.body)).toBe(
      "Policy doesn't allow os_compute_api:servers:rebuild:trusted_certs to be performed.",
    );
  });
});

describe('image metadata quota on createImage and createBackup', () => {
  const metadata = Object.fromEntries(Array.from({ length: 129 }, (_, i) => [`k${i}`, 'v']));

  it.each([
    ['createImage', { createImage: { name: 'snap', metadata } }],
    ['createBackup', { createBackup: { name: 'b', backup_type: 'daily', rotation: 1, metadata } }],
  ])('%s checks the quota before 2.39 only', (_, body) => {
    const cloud = newCloud();
    const id = boot(cloud);
    const old = call(cloud, 'POST', `servers/${id}/action`, { body, version: '2.38' });
    expect(old.status).toBe(403);
    expect(messageOf(old.body)).toBe('Maximum number of metadata items exceeds 128');
    const now = call(cloud, 'POST', `servers/${id}/action`, { body, version: '2.39' });
    expect(now.status, JSON.stringify(now.body)).toBe(202);
  });
});
