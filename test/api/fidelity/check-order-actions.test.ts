import { describe, expect, it } from 'vitest';
import type { Cloud } from '../../../src/cloud.js';
import { boot, IMAGE, messageOf, newCloud, PROJECT } from '../extras/helpers.js';

// POST /servers/{id}/action when two checks fail at once: the answer is the one Nova
// master's code raises first. The order, per action, is in docs/check-order.md:
// body schema (400) → instance lookup (404) → policy on the instance (403) →
// check_instance_lock (409) → check_instance_host / check_instance_state (409) → the
// action's own checks. Each case names the two failing checks: first, then second.

const UNKNOWN = '00000000-0000-4000-8000-0000000000ff';
const OTHER = 'ffffffffffffffffffffffffffffffff';

type Role = 'admin' | 'member' | 'reader';

function as(
  cloud: Cloud,
  role: Role,
  id: string,
  body: unknown,
  options: { version?: string; projectId?: string } = {},
) {
  return cloud.request({
    method: 'POST',
    path: `/v2.1/servers/${id}/action`,
    body,
    headers: { 'OpenStack-API-Version': `compute ${options.version ?? '2.1'}` },
    auth: { projectId: options.projectId ?? PROJECT, userId: 'fake', roles: [role] },
  });
}

function expectFault(res: { status: number; body: unknown }, status: number, message: string) {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(messageOf(res.body)).toBe(message);
}

function expectStatus(res: { status: number; body: unknown }, status: number) {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
}

/** Runs an action as the owner (member) and lets it finish. */
function done(cloud: Cloud, id: string, body: unknown, version = '2.1') {
  expectStatus(as(cloud, 'member', id, body, { version }), 202);
  cloud.clock.advance(120_000);
}

/** An owner-locked server, after the given actions. */
function locked(cloud: Cloud, ...before: unknown[]): string {
  const id = boot(cloud);
  for (const body of before) done(cloud, id, body);
  done(cloud, id, { lock: null });
  return id;
}

const policy = (rule: string) => `Policy doesn't allow ${rule} to be performed.`;
const isLocked = (id: string) => `Instance ${id} is locked`;
const notFound = (id: string) => `Instance ${id} could not be found.`;

describe('the body schema comes before the lookup and the policy', () => {
  it('a bad body on an unknown id is 400, not 404', () => {
    const cloud = newCloud();
    const res = as(cloud, 'member', UNKNOWN, { reboot: {} });
    expectStatus(res, 400);
    expect(messageOf(res.body)).toContain("'type' is a required property");
  });

  it("a bad body on another project's server is 400, not 404", () => {
    const cloud = newCloud();
    const id = boot(cloud);
    const res = as(cloud, 'member', id, { changePassword: {} }, { projectId: OTHER });
    expectStatus(res, 400);
    expect(messageOf(res.body)).toContain("'adminPass' is a required property");
  });

  it('an admin-only action with a bad body, by a member, is 400, not 403', () => {
    const cloud = newCloud();
    const id = boot(cloud);
    const res = as(cloud, 'member', id, { 'os-resetState': { state: 'bogus' } });
    expectStatus(res, 400);
  });
});

describe('the lookup comes before the policy', () => {
  for (const [action, body, version] of [
    ['os-resetState', { 'os-resetState': { state: 'active' } }, '2.1'],
    ['injectNetworkInfo', { injectNetworkInfo: null }, '2.1'],
    ['evacuate', { evacuate: {} }, '2.95'],
    ['migrate', { migrate: null }, '2.1'],
    ['os-migrateLive', { 'os-migrateLive': { host: null, block_migration: 'auto' } }, '2.25'],
  ] as const) {
    it(`${action} by a member on an unknown id is 404, not 403`, () => {
      const cloud = newCloud();
      expectFault(as(cloud, 'member', UNKNOWN, body, { version }), 404, notFound(UNKNOWN));
    });
  }

  it("a reader on another project's server is 404, not 403", () => {
    const cloud = newCloud();
    const id = boot(cloud);
    expectFault(as(cloud, 'reader', id, { pause: null }, { projectId: OTHER }), 404, notFound(id));
  });
});

describe('the policy comes before the lock and the state', () => {
  it('a reader pausing a locked paused server is 403', () => {
    const cloud = newCloud();
    const id = locked(cloud, { pause: null });
    expectFault(
      as(cloud, 'reader', id, { pause: null }),
      403,
      policy('os_compute_api:os-pause-server:pause'),
    );
  });

  it('a member migrating a locked shelved server is 403', () => {
    const cloud = newCloud({ config: { shelvedOffloadTime: -1 } });
    const id = locked(cloud, { shelve: null });
    expectFault(
      as(cloud, 'member', id, { migrate: null }),
      403,
      policy('os_compute_api:os-migrate-server:migrate'),
    );
  });

  it('a member resetting the state of a server is 403 whatever the state', () => {
    const cloud = newCloud();
    const id = locked(cloud, { 'os-stop': null });
    expectFault(
      as(cloud, 'member', id, { 'os-resetState': { state: 'error' } }),
      403,
      policy('os_compute_api:os-admin-actions:reset_state'),
    );
  });
});

describe('the lock comes before the state', () => {
  // An owner-locked ACTIVE server: every action below wants another state.
  for (const body of [
    { unpause: null },
    { resume: null },
    { unrescue: null },
    { 'os-start': null },
    { unshelve: null },
    { confirmResize: null },
    { revertResize: null },
  ]) {
    const key = Object.keys(body)[0]!;
    it(`${key} on a locked ACTIVE server`, () => {
      const cloud = newCloud();
      const id = locked(cloud);
      expectFault(as(cloud, 'member', id, body), 409, isLocked(id));
    });
  }

  // An owner-locked SHUTOFF server: every action below wants another state.
  for (const body of [
    { reboot: { type: 'SOFT' } },
    { pause: null },
    { suspend: null },
    { 'os-stop': null },
    { trigger_crash_dump: null },
  ]) {
    const key = Object.keys(body)[0]!;
    it(`${key} on a locked SHUTOFF server`, () => {
      const cloud = newCloud();
      const id = locked(cloud, { 'os-stop': null });
      expectFault(as(cloud, 'member', id, body, { version: '2.17' }), 409, isLocked(id));
    });
  }

  it('changePassword on a locked SHUTOFF server reads as an invalid state', () => {
    const cloud = newCloud();
    const id = locked(cloud, { 'os-stop': null });
    expectFault(
      as(cloud, 'member', id, { changePassword: { adminPass: 'x' } }),
      409,
      `Instance ${id} is in an invalid state for 'changePassword'`,
    );
  });

  it('an admin passes the lock and meets the state', () => {
    const cloud = newCloud();
    const id = locked(cloud);
    expectFault(
      as(cloud, 'admin', id, { unpause: null }),
      409,
      `Cannot 'unpause' instance ${id} while it is in vm_state active`,
    );
  });

  it('createImage and evacuate do not check the lock', () => {
    const cloud = newCloud();
    const id = locked(cloud);
    expectStatus(as(cloud, 'member', id, { createImage: { name: 'snap' } }), 202);
    cloud.clock.advance(120_000);
    // evacuate meets the up compute after the state check, not the lock.
    const res = as(cloud, 'admin', id, { evacuate: {} }, { version: '2.95' });
    expectStatus(res, 400);
    expect(messageOf(res.body)).toMatch(/^Compute service of .* is still in use\.$/);
  });
});

describe('rescue', () => {
  it('the lock (409) before an unknown rescue image (400)', () => {
    const cloud = newCloud();
    const id = locked(cloud);
    expectFault(
      as(cloud, 'member', id, { rescue: { rescue_image_ref: UNKNOWN } }),
      409,
      isLocked(id),
    );
  });

  it('the state (409) before an unknown rescue image (400)', () => {
    const cloud = newCloud();
    const id = boot(cloud);
    done(cloud, id, { pause: null });
    expectFault(
      as(cloud, 'member', id, { rescue: { rescue_image_ref: UNKNOWN } }),
      409,
      `Cannot 'rescue' instance ${id} while it is in vm_state paused`,
    );
  });

  it('a known rescue image passes', () => {
    const cloud = newCloud();
    const id = boot(cloud);
    expectStatus(as(cloud, 'member', id, { rescue: { rescue_image_ref: IMAGE } }), 200);
  });
});

describe('removeFloatingIp finds the server by the address, not by the URL', () => {
  it('an unknown address on an unknown server id is the address 404', () => {
    const cloud = newCloud();
    expectFault(
      as(cloud, 'member', UNKNOWN, { removeFloatingIp: { address: '172.24.4.99' } }),
      404,
      'Floating IP not found for address 172.24.4.99.',
    );
  });
});

describe('createBackup', () => {
  it('the metadata quota (403, before 2.39) before the state (409)', () => {
    const cloud = newCloud();
    const id = boot(cloud);
    done(cloud, id, { shelve: null });
    const metadata = Object.fromEntries(Array.from({ length: 129 }, (_, i) => [`k${i}`, 'v']));
    expectFault(
      as(cloud, 'member', id, {
        createBackup: { name: 'b', backup_type: 'daily', rotation: 1, metadata },
      }),
      403,
      'Maximum number of metadata items exceeds 128',
    );
  });
});

describe('start, stop and trigger_crash_dump', () => {
  it('the lock before the host: stop on a locked offloaded server', () => {
    const cloud = newCloud({ config: { shelvedOffloadTime: 0 } });
    const id = locked(cloud, { shelve: null });
    expectFault(as(cloud, 'member', id, { 'os-stop': null }), 409, isLocked(id));
  });

  it('the host before the state: stop on an offloaded server', () => {
    const cloud = newCloud({ config: { shelvedOffloadTime: 0 } });
    const id = boot(cloud);
    done(cloud, id, { shelve: null });
    expectFault(as(cloud, 'member', id, { 'os-stop': null }), 409, `Instance ${id} is not ready`);
  });
});

describe('server metadata', () => {
  function meta(cloud: Cloud, role: Role, method: string, path: string, body?: unknown) {
    return cloud.request({
      method,
      path: `/v2.1/${path}`,
      ...(body === undefined ? {} : { body }),
      auth: { projectId: PROJECT, userId: 'fake', roles: [role] },
    });
  }
  const many = Object.fromEntries(Array.from({ length: 129 }, (_, i) => [`k${i}`, 'v']));

  it('the lookup (404) before a body that does not match the URI (400)', () => {
    const cloud = newCloud();
    expectFault(
      meta(cloud, 'member', 'PUT', `servers/${UNKNOWN}/metadata/a`, { meta: { b: '1' } }),
      404,
      notFound(UNKNOWN),
    );
  });

  it('the policy (403) before a body that does not match the URI (400)', () => {
    const cloud = newCloud();
    const id = boot(cloud);
    expectFault(
      meta(cloud, 'reader', 'PUT', `servers/${id}/metadata/a`, { meta: { b: '1' } }),
      403,
      policy('os_compute_api:server-metadata:update'),
    );
  });

  it('a body that does not match the URI (400) before the lock (409)', () => {
    const cloud = newCloud();
    const id = locked(cloud);
    expectFault(
      meta(cloud, 'member', 'PUT', `servers/${id}/metadata/a`, { meta: { b: '1' } }),
      400,
      'Request body and URI mismatch',
    );
  });

  it('an absent key (404) before the lock (409) on delete', () => {
    const cloud = newCloud();
    const id = locked(cloud);
    expectFault(
      meta(cloud, 'member', 'DELETE', `servers/${id}/metadata/nope`),
      404,
      'Metadata item was not found',
    );
  });

  it('the lock (409) before the metadata quota (403)', () => {
    const cloud = newCloud();
    const id = locked(cloud);
    expectFault(
      meta(cloud, 'member', 'PUT', `servers/${id}/metadata`, { metadata: many }),
      409,
      isLocked(id),
    );
  });

  it('the state (409) before the metadata quota (403)', () => {
    const cloud = newCloud({ config: { shelvedOffloadTime: -1 } });
    const id = boot(cloud);
    done(cloud, id, { shelve: null });
    expectFault(
      meta(cloud, 'member', 'POST', `servers/${id}/metadata`, { metadata: many }),
      409,
      `Cannot 'update metadata' instance ${id} while it is in vm_state shelved`,
    );
  });
});

describe('sub-resources and the lock', () => {
  function sub(cloud: Cloud, method: string, path: string, body?: unknown, version = '2.1') {
    return cloud.request({
      method,
      path: `/v2.1/${path}`,
      ...(body === undefined ? {} : { body }),
      headers: { 'OpenStack-API-Version': `compute ${version}` },
      auth: { projectId: PROJECT, userId: 'fake', roles: ['member'] },
    });
  }

  it('a bad body on a locked server is 400, not 409', () => {
    const cloud = newCloud();
    const id = locked(cloud);
    expectStatus(as(cloud, 'member', id, { reboot: {} }), 400);
  });

  it('volume attach: the lock (409) before an unknown volume (404)', () => {
    const cloud = newCloud();
    const id = locked(cloud);
    expectFault(
      sub(cloud, 'POST', `servers/${id}/os-volume_attachments`, {
        volumeAttachment: { volumeId: UNKNOWN },
      }),
      409,
      isLocked(id),
    );
  });

  it('volume detach: an unknown volume (404) before the lock (409)', () => {
    const cloud = newCloud();
    const id = locked(cloud);
    expectFault(
      sub(cloud, 'DELETE', `servers/${id}/os-volume_attachments/${UNKNOWN}`),
      404,
      `Volume ${UNKNOWN} could not be found.`,
    );
  });

  it('interface attach: net_id with port_id (400) before the lock (409)', () => {
    const cloud = newCloud();
    const id = locked(cloud);
    expectFault(
      sub(cloud, 'POST', `servers/${id}/os-interface`, {
        interfaceAttachment: { net_id: UNKNOWN, port_id: UNKNOWN },
      }),
      400,
      'Must not input both network_id and port_id',
    );
  });

  it('interface attach: the lock (409) before an unknown network', () => {
    const cloud = newCloud();
    const id = locked(cloud);
    expectFault(
      sub(cloud, 'POST', `servers/${id}/os-interface`, {
        interfaceAttachment: { net_id: UNKNOWN },
      }),
      409,
      isLocked(id),
    );
  });

  it('tags: the state (409) before an invalid tag (400), and no lock check', () => {
    const cloud = newCloud({ config: { shelvedOffloadTime: -1 } });
    const id = boot(cloud);
    done(cloud, id, { shelve: null });
    expectFault(
      sub(cloud, 'PUT', `servers/${id}/tags/a,b`, undefined, '2.26'),
      409,
      `Cannot 'update tag' instance ${id} while it is in vm_state shelved`,
    );
    const lockedId = locked(cloud);
    expect(sub(cloud, 'PUT', `servers/${lockedId}/tags/ok`, undefined, '2.26').status).toBe(201);
  });

  it('os-getVNCConsole (2.5): the policy (403) before the lookup (404)', () => {
    const cloud = newCloud();
    expectFault(
      as(cloud, 'reader', UNKNOWN, { 'os-getVNCConsole': { type: 'novnc' } }, { version: '2.5' }),
      403,
      policy('os_compute_api:os-remote-consoles'),
    );
  });
});
