import { describe, expect, it } from 'vitest';
import type { Cloud } from '../../src/cloud.js';
import { ACTION_RULES, type ActionName } from '../../src/compute/action-rules.js';
import type { Caller } from '../../src/compute/operations.js';
import * as ops from '../../src/compute/operations.js';
import type { Server } from '../../src/compute/server.js';
import {
  expectRefused,
  into,
  MATRIX_CONFIG,
  ORIGINS,
  type Origin,
  refusal,
} from '../support/drive.js';
import { ADMIN, active, engine, flavor, IMAGE, MEMBER, settle } from '../support/engine.js';

// Refusals with Nova's exact 409 texts (reference §2.1, §2.2, §2.4), and a refused
// operation leaves the whole cloud as it was (compared as a JSON snapshot).

type Invoke = (cloud: Cloud, server: Server, caller: Caller) => void;

const INVOKE: Partial<Record<ActionName, Invoke>> = {
  rebootSoft: (c, s, who) => ops.reboot(c.compute, s, who, false),
  rebootHard: (c, s, who) => ops.reboot(c.compute, s, who, true),
  rebuild: (c, s, who) => ops.rebuild(c.compute, s, who, IMAGE),
  resize: (c, s, who) => ops.resize(c.compute, s, who, flavor('3')),
  migrate: (c, s, who) => ops.migrate(c.compute, s, who, null),
  confirmResize: (c, s, who) => ops.confirmResize(c.compute, s, who),
  revertResize: (c, s, who) => ops.revertResize(c.compute, s, who),
  start: (c, s, who) => ops.start(c.compute, s, who),
  stop: (c, s, who) => ops.stop(c.compute, s, who),
  pause: (c, s, who) => ops.pause(c.compute, s, who),
  unpause: (c, s, who) => ops.unpause(c.compute, s, who),
  suspend: (c, s, who) => ops.suspend(c.compute, s, who),
  resume: (c, s, who) => ops.resume(c.compute, s, who),
  rescue: (c, s, who) => ops.rescue(c.compute, s, who),
  unrescue: (c, s, who) => ops.unrescue(c.compute, s, who),
  changePassword: (c, s, who) => ops.changePassword(c.compute, s, who),
  shelve: (c, s, who) => ops.shelve(c.compute, s, who),
  shelveOffload: (c, s, who) => ops.shelveOffload(c.compute, s, who),
  unshelve: (c, s, who) => ops.unshelve(c.compute, s, who),
  migrateLive: (c, s, who) => ops.liveMigrate(c.compute, s, who, null),
  evacuate: (c, s, who) => ops.evacuate(c.compute, s, who, { host: null, toStopped: false }),
  restore: (c, s, who) => ops.restore(c.compute, s, who),
  createImage: (c, s, who) => ops.createImage(c.compute, s, who, false),
  createBackup: (c, s, who) => ops.createImage(c.compute, s, who, true),
  triggerCrashDump: (c, s, who) => ops.triggerCrashDump(c.compute, s, who),
};

const vmOf = (origin: Origin) => (origin === 'error-unlaunched' ? 'error' : origin);

/** Every (operation, origin) that §2.2 refuses on vm_state, with the message Nova gives. */
const REFUSED = (Object.keys(INVOKE) as ActionName[]).flatMap((action) => {
  const rule = ACTION_RULES[action];
  return ORIGINS.filter(
    (origin) => rule.vmStates !== 'any' && !rule.vmStates.includes(vmOf(origin)),
  ).map((origin) => ({ action, origin }));
});

/** Nova's text: the host check comes first for stop/start/trigger_crash_dump (§2.2). */
function expectedMessage(action: ActionName, server: Server): string {
  const rule = ACTION_RULES[action];
  if (rule.hostCheckFirst && server.host === null) return `Instance ${server.id} is not ready`;
  return `Cannot '${rule.name}' instance ${server.id} while it is in vm_state ${server.machine.vmState}`;
}

describe('vm_state refusals (§2.1 message format)', () => {
  it('refuses every operation from every vm_state §2.2 does not list', () => {
    expect(REFUSED.length).toBeGreaterThan(150);
  });

  it.each(REFUSED.map(({ action, origin }) => [action, origin] as const))(
    '%s from %s',
    (action, origin) => {
      const cloud = engine({ config: MATRIX_CONFIG });
      const server = into(cloud, origin);
      // Admin, so that no policy or lock could explain the refusal. Evacuating a server
      // with no host and no target is the API's same-host 400, before any state check.
      const sameHost = action === 'evacuate' && server.host === null;
      expectRefused(
        cloud,
        server,
        () => INVOKE[action]!(cloud, server, ADMIN),
        sameHost ? 400 : 409,
        sameHost ? "The target host can't be the same one." : expectedMessage(action, server),
      );
    },
  );

  it('uses the stored strings in the message: soft-delete, shelved_offloaded', () => {
    const cloud = engine({ config: MATRIX_CONFIG });
    const server = into(cloud, 'soft-delete');
    expect(refusal(() => ops.pause(cloud.compute, server, MEMBER)).message).toBe(
      `Cannot 'pause' instance ${server.id} while it is in vm_state soft-delete`,
    );
  });
});

describe('task_state and launched_at refusals', () => {
  it('refuses a soft reboot while powering off: task_state powering-off', () => {
    const cloud = engine();
    const server = active(cloud);
    ops.stop(cloud.compute, server, MEMBER);
    expectRefused(
      cloud,
      server,
      () => ops.reboot(cloud.compute, server, MEMBER, false),
      409,
      `Cannot 'reboot' instance ${server.id} while it is in task_state powering-off`,
    );
  });

  it('refuses pause during a soft reboot and a hard reboot during reboot_pending_hard', () => {
    const cloud = engine();
    const server = active(cloud);
    ops.reboot(cloud.compute, server, MEMBER, false);
    expectRefused(
      cloud,
      server,
      () => ops.pause(cloud.compute, server, MEMBER),
      409,
      `Cannot 'pause' instance ${server.id} while it is in task_state rebooting`,
    );
    ops.reboot(cloud.compute, server, MEMBER, true);
    cloud.clock.advance(1000);
    expect(server.machine.taskState).toBe('reboot_pending_hard');
    expectRefused(
      cloud,
      server,
      () => ops.reboot(cloud.compute, server, MEMBER, true),
      409,
      `Cannot 'reboot' instance ${server.id} while it is in task_state reboot_pending_hard`,
    );
  });

  it('names the vm_state before the task_state when both are wrong', () => {
    const cloud = engine();
    const server = into(cloud, 'stopped');
    ops.start(cloud.compute, server, MEMBER);
    expectRefused(
      cloud,
      server,
      () => ops.unpause(cloud.compute, server, MEMBER),
      409,
      `Cannot 'unpause' instance ${server.id} while it is in vm_state stopped`,
    );
  });

  it.each([
    ['rebootHard', 'reboot'],
    ['rebuild', 'rebuild'],
    ['rescue', 'rescue'],
  ] as const)('refuses %s of a never-launched ERROR server: launched_at None', (action, name) => {
    const cloud = engine();
    const server = into(cloud, 'error-unlaunched');
    expectRefused(
      cloud,
      server,
      () => INVOKE[action]!(cloud, server, MEMBER),
      409,
      `Cannot '${name}' instance ${server.id} while it is in launched_at None`,
    );
  });

  it.each(['stop', 'triggerCrashDump'] as const)(
    'refuses %s of a server without a host: not ready (host check first)',
    (action) => {
      const cloud = engine();
      const server = into(cloud, 'error-unlaunched');
      expectRefused(
        cloud,
        server,
        () => INVOKE[action]!(cloud, server, MEMBER),
        409,
        `Instance ${server.id} is not ready`,
      );
    },
  );

  it('refuses os-start of a shelved-offloaded server as not ready, not by vm_state', () => {
    const cloud = engine({ config: MATRIX_CONFIG });
    const server = into(cloud, 'shelved_offloaded');
    expectRefused(
      cloud,
      server,
      () => ops.start(cloud.compute, server, MEMBER),
      409,
      `Instance ${server.id} is not ready`,
    );
  });

  it('refuses confirm/revert while a confirm is running: no finished migration (400)', () => {
    const cloud = engine();
    const server = into(cloud, 'resized');
    ops.confirmResize(cloud.compute, server, MEMBER);
    expect(server.machine.taskState).toBeNull();
    for (const fn of [ops.confirmResize, ops.revertResize]) {
      expectRefused(
        cloud,
        server,
        () => fn(cloud.compute, server, MEMBER),
        400,
        'Instance has not been resized.',
      );
    }
  });

  it('refuses a resize to the same flavor (400) after the state checks', () => {
    const cloud = engine();
    const server = active(cloud);
    expectRefused(
      cloud,
      server,
      () => ops.resize(cloud.compute, server, MEMBER, flavor('1')),
      400,
      'When resizing, instances must change flavor!',
    );
  });

  it('refuses unshelve with an AZ of a server that is only shelved', () => {
    const cloud = engine({ config: MATRIX_CONFIG });
    const server = into(cloud, 'shelved');
    expectRefused(
      cloud,
      server,
      () => ops.unshelve(cloud.compute, server, MEMBER, { availabilityZone: 'nova' }),
      409,
      `Specifying an availability zone or a host when unshelving server "${server.id}" with status "shelved" is not supported. The server status must be SHELVED_OFFLOADED.`,
    );
  });
});

describe('lock (§2.4)', () => {
  const LOCKED_TEXT: readonly ActionName[] = [
    'rebootSoft',
    'rebootHard',
    'rebuild',
    'resize',
    'migrate',
    'stop',
    'pause',
    'suspend',
    'rescue',
    'shelve',
    'migrateLive',
    'triggerCrashDump',
  ];

  it.each(LOCKED_TEXT)('refuses %s of a locked ACTIVE server to its owner', (action) => {
    const cloud = engine();
    const server = active(cloud);
    ops.lock(cloud.compute, server, MEMBER, null);
    expectRefused(
      cloud,
      server,
      () => INVOKE[action]!(cloud, server, MEMBER),
      409,
      `Instance ${server.id} is locked`,
    );
  });

  it('refuses DELETE and forceDelete of a locked server', () => {
    const cloud = engine();
    const server = active(cloud);
    ops.lock(cloud.compute, server, MEMBER, null);
    for (const force of [false, true]) {
      expectRefused(
        cloud,
        server,
        () => ops.deleteServer(cloud.compute, server, MEMBER, force),
        409,
        `Instance ${server.id} is locked`,
      );
    }
  });

  it('words restore and changePassword refusals as an invalid state', () => {
    const cloud = engine({ config: MATRIX_CONFIG });
    const server = active(cloud);
    ops.lock(cloud.compute, server, MEMBER, null);
    expectRefused(
      cloud,
      server,
      () => ops.changePassword(cloud.compute, server, MEMBER),
      409,
      `Instance ${server.id} is in an invalid state for 'changePassword'`,
    );
    ops.unlock(cloud.compute, server, MEMBER);
    ops.deleteServer(cloud.compute, server, MEMBER);
    settle(cloud, server);
    ops.lock(cloud.compute, server, MEMBER, null);
    expectRefused(
      cloud,
      server,
      () => ops.restore(cloud.compute, server, MEMBER),
      409,
      `Instance ${server.id} is in an invalid state for 'restore'`,
    );
  });

  it('checks the lock before the state', () => {
    const cloud = engine();
    const server = into(cloud, 'stopped');
    ops.lock(cloud.compute, server, MEMBER, null);
    expectRefused(
      cloud,
      server,
      () => ops.pause(cloud.compute, server, MEMBER),
      409,
      `Instance ${server.id} is locked`,
    );
  });

  it('lets an admin through, and does not lock-check createImage/createBackup', () => {
    const cloud = engine();
    const server = active(cloud);
    ops.lock(cloud.compute, server, MEMBER, null);
    ops.createImage(cloud.compute, server, MEMBER, false);
    settle(cloud, server);
    ops.createImage(cloud.compute, server, MEMBER, true);
    settle(cloud, server);
    ops.pause(cloud.compute, server, ADMIN);
    settle(cloud, server);
    expect(server.machine.vmState).toBe('paused');
  });

  it('refuses an owner unlocking an admin lock (403) and records owner/admin', () => {
    const cloud = engine();
    const server = active(cloud);
    ops.lock(cloud.compute, server, ADMIN, null);
    expect(server.lockedBy).toBe('admin');
    expectRefused(
      cloud,
      server,
      () => ops.unlock(cloud.compute, server, MEMBER),
      403,
      "Policy doesn't allow os_compute_api:os-lock-server:unlock:unlock_override to be performed.",
    );
    ops.unlock(cloud.compute, server, ADMIN);
    ops.lock(cloud.compute, server, MEMBER, 'mine');
    ops.lock(cloud.compute, server, MEMBER, 'again');
    expect(server.lockedBy).toBe('owner');
    expect(server.lockedReason).toBe('mine');
  });
});

describe('host checks', () => {
  it('refuses resize and migrate when the source compute is down (409)', () => {
    const cloud = engine();
    const server = active(cloud);
    cloud.hosts.down(server.host!);
    cloud.clock.advance(61_000);
    for (const action of ['resize', 'migrate'] as const) {
      expectRefused(
        cloud,
        server,
        () => INVOKE[action]!(cloud, server, ADMIN),
        409,
        'Service is unavailable at this time.',
      );
    }
  });

  it('refuses confirmResize when the source compute is down', () => {
    const cloud = engine();
    const server = into(cloud, 'resized');
    cloud.hosts.down(server.migration!.sourceHost!);
    cloud.clock.advance(61_000);
    expectRefused(
      cloud,
      server,
      () => ops.confirmResize(cloud.compute, server, MEMBER),
      409,
      'Service is unavailable at this time.',
    );
  });

  it('refuses evacuate while the source compute is up (400)', () => {
    const cloud = engine();
    const server = active(cloud);
    expectRefused(
      cloud,
      server,
      () => ops.evacuate(cloud.compute, server, ADMIN, { host: null, toStopped: false }),
      400,
      `Compute service of ${server.host} is still in use.`,
    );
  });

  it('refuses to migrate to the current host (400)', () => {
    const cloud = engine();
    const server = active(cloud);
    expectRefused(
      cloud,
      server,
      () => ops.migrate(cloud.compute, server, ADMIN, server.host),
      400,
      'Cannot migrate to the host where the server exists.',
    );
  });
});

describe('restore quota (§3.1)', () => {
  it('refuses a restore that would exceed the instances quota (403)', () => {
    const cloud = engine({ config: { ...MATRIX_CONFIG, quotas: { instances: 1 } } });
    const first = into(cloud, 'soft-delete');
    active(cloud);
    expectRefused(
      cloud,
      first,
      () => ops.restore(cloud.compute, first, MEMBER),
      403,
      'Quota exceeded for instances: Requested 1, but already used 1 of 1 instances',
    );
  });
});
