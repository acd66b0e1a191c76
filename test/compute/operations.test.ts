import { describe, expect, it } from 'vitest';
import type { Cloud } from '../../src/cloud.js';
import { ACTION_RULES, type ActionName } from '../../src/compute/action-rules.js';
import * as ops from '../../src/compute/operations.js';
import type { Server } from '../../src/compute/server.js';
import type { VmState } from '../../src/compute/states.js';
import { into, MATRIX_CONFIG, ORIGINS, type Origin, recordSteps } from '../support/drive.js';
import { ADMIN, engine, flavor, IMAGE, MEMBER, settle } from '../support/engine.js';

// Every operation from every state §2.2 allows it in, checked against the task-state walk
// of §2.3 as seen on `server.step`, and the final vm_state/power_state.

interface Outcome {
  readonly steps: readonly string[];
  readonly vm: VmState;
  /** undefined: power_state unchanged. */
  readonly power?: number;
}

interface OpCase {
  readonly name: string;
  readonly rule: ActionName;
  readonly invoke: (cloud: Cloud, server: Server) => void;
  readonly outcome: (vm: VmState, server: Server) => Outcome;
  /** Further checks once the operation is over. */
  readonly after?: (server: Server) => void;
}

const ARRIVAL_POWER: Partial<Record<VmState, number>> = {
  active: 1,
  stopped: 4,
  paused: 3,
  suspended: 4,
  rescued: 1,
  'soft-delete': 4,
  shelved: 4,
  shelved_offloaded: 4,
  deleted: 0,
};

const walk = (vm: string, tasks: readonly string[], ...end: string[]) => [
  ...tasks.map((task) => `${vm}/${task}`),
  ...end,
];
/** `power` 'same': the operation leaves power_state as it was. */
const ends = (
  vm: VmState,
  steps: readonly string[],
  power: number | 'same' | undefined = ARRIVAL_POWER[vm],
): Outcome => (power === undefined || power === 'same' ? { steps, vm } : { steps, vm, power });

/** A build request left alone walks on to ACTIVE (§2.3 create). */
const BUILD_WALK = [
  'building/null',
  'building/networking',
  'building/block_device_mapping',
  'building/spawning',
  'active/null',
];
/** An operation that changes no state: a server still building goes on building. */
const unchanged = (vm: VmState): Outcome =>
  vm === 'building' ? ends('active', BUILD_WALK) : ends(vm, [], 'same');

const REBOOT = ['rebooting', 'reboot_pending', 'reboot_started'];
const HARD = ['rebooting_hard', 'reboot_pending_hard', 'reboot_started_hard'];
const REBUILD = ['rebuilding', 'rebuild_block_device_mapping', 'rebuild_spawning'];
const RESIZE = ['resize_prep', 'resize_migrating', 'resize_migrated', 'resize_finish'];
const SHELVE = ['shelving', 'shelving_image_pending_upload', 'shelving_image_uploading'];

const stopsAgain = (vm: VmState, tasks: string[]) =>
  vm === 'stopped'
    ? ends('stopped', walk(vm, tasks, 'active/powering-off', 'stopped/null'))
    : ends('active', walk(vm, tasks, 'active/null'));

const OPS: readonly OpCase[] = [
  {
    name: 'reboot SOFT',
    rule: 'rebootSoft',
    invoke: (c, s) => ops.reboot(c.compute, s, MEMBER, false),
    outcome: (vm) => ends('active', walk(vm, REBOOT, 'active/null')),
  },
  {
    name: 'reboot HARD',
    rule: 'rebootHard',
    invoke: (c, s) => ops.reboot(c.compute, s, MEMBER, true),
    outcome: (vm) => ends('active', walk(vm, HARD, 'active/null')),
  },
  {
    name: 'rebuild',
    rule: 'rebuild',
    invoke: (c, s) => ops.rebuild(c.compute, s, MEMBER, IMAGE),
    outcome: (vm) => stopsAgain(vm, REBUILD),
  },
  {
    name: 'resize',
    rule: 'resize',
    invoke: (c, s) => ops.resize(c.compute, s, MEMBER, flavor('2')),
    outcome: (vm) => ends('resized', walk(vm, RESIZE, 'resized/null'), vm === 'stopped' ? 4 : 1),
  },
  {
    name: 'migrate',
    rule: 'migrate',
    invoke: (c, s) => ops.migrate(c.compute, s, ADMIN, null),
    outcome: (vm) => ends('resized', walk(vm, RESIZE, 'resized/null'), vm === 'stopped' ? 4 : 1),
  },
  {
    // confirmResize sets no task_state: the compute's moment shows as resized/None.
    name: 'confirmResize',
    rule: 'confirmResize',
    invoke: (c, s) => ops.confirmResize(c.compute, s, MEMBER),
    outcome: () => ends('active', ['resized/null', 'active/null']),
  },
  {
    name: 'revertResize',
    rule: 'revertResize',
    invoke: (c, s) => ops.revertResize(c.compute, s, MEMBER),
    outcome: () => ends('active', ['resized/resize_reverting', 'active/null']),
  },
  {
    name: 'os-start',
    rule: 'start',
    invoke: (c, s) => ops.start(c.compute, s, MEMBER),
    outcome: (vm) => ends('active', walk(vm, ['powering-on'], 'active/null')),
  },
  {
    name: 'os-stop',
    rule: 'stop',
    invoke: (c, s) => ops.stop(c.compute, s, MEMBER),
    outcome: (vm) => ends('stopped', walk(vm, ['powering-off'], 'stopped/null')),
  },
  {
    name: 'pause',
    rule: 'pause',
    invoke: (c, s) => ops.pause(c.compute, s, MEMBER),
    outcome: (vm) => ends('paused', walk(vm, ['pausing'], 'paused/null')),
  },
  {
    name: 'unpause',
    rule: 'unpause',
    invoke: (c, s) => ops.unpause(c.compute, s, MEMBER),
    outcome: (vm) => ends('active', walk(vm, ['unpausing'], 'active/null')),
  },
  {
    name: 'suspend',
    rule: 'suspend',
    invoke: (c, s) => ops.suspend(c.compute, s, MEMBER),
    outcome: (vm) => ends('suspended', walk(vm, ['suspending'], 'suspended/null')),
  },
  {
    name: 'resume',
    rule: 'resume',
    invoke: (c, s) => ops.resume(c.compute, s, MEMBER),
    outcome: (vm) => ends('active', walk(vm, ['resuming'], 'active/null')),
  },
  {
    name: 'rescue',
    rule: 'rescue',
    invoke: (c, s) => ops.rescue(c.compute, s, MEMBER),
    outcome: (vm) => ends('rescued', walk(vm, ['rescuing'], 'rescued/null')),
  },
  {
    name: 'unrescue',
    rule: 'unrescue',
    invoke: (c, s) => ops.unrescue(c.compute, s, MEMBER),
    outcome: (vm) => ends('active', walk(vm, ['unrescuing'], 'active/null')),
  },
  {
    name: 'changePassword',
    rule: 'changePassword',
    invoke: (c, s) => ops.changePassword(c.compute, s, MEMBER),
    outcome: (vm) => ends('active', walk(vm, ['updating_password'], 'active/null')),
  },
  {
    // shelved_offload_time = -1 in the matrix config: the walk stops at shelved.
    name: 'shelve',
    rule: 'shelve',
    invoke: (c, s) => ops.shelve(c.compute, s, MEMBER),
    outcome: (vm) => ends('shelved', walk(vm, SHELVE, 'shelved/null')),
  },
  {
    name: 'shelveOffload',
    rule: 'shelveOffload',
    invoke: (c, s) => ops.shelveOffload(c.compute, s, ADMIN),
    outcome: () =>
      ends('shelved_offloaded', ['shelved/shelving_offloading', 'shelved_offloaded/null']),
  },
  {
    name: 'unshelve',
    rule: 'unshelve',
    invoke: (c, s) => ops.unshelve(c.compute, s, MEMBER),
    outcome: (vm) =>
      ends(
        'active',
        walk(vm, ['unshelving', vm === 'shelved' ? 'powering-on' : 'spawning'], 'active/null'),
      ),
  },
  {
    name: 'os-migrateLive',
    rule: 'migrateLive',
    invoke: (c, s) => ops.liveMigrate(c.compute, s, ADMIN, null),
    outcome: (vm) => ends(vm, walk(vm, ['migrating'], `${vm}/null`)),
  },
  {
    // Evacuate needs the source compute down, for longer than service_down_time.
    name: 'evacuate',
    rule: 'evacuate',
    invoke: (c, s) => {
      c.hosts.down(s.host!);
      c.clock.advance(61_000);
      ops.evacuate(c.compute, s, ADMIN, { host: null, toStopped: false });
    },
    outcome: (vm) => stopsAgain(vm, REBUILD),
  },
  {
    name: 'restore',
    rule: 'restore',
    invoke: (c, s) => ops.restore(c.compute, s, MEMBER),
    outcome: (vm) => ends('active', walk(vm, ['restoring'], 'active/null')),
  },
  {
    name: 'createImage',
    rule: 'createImage',
    invoke: (c, s) => ops.createImage(c.compute, s, MEMBER, false),
    outcome: (vm) =>
      ends(
        vm,
        walk(
          vm,
          ['image_snapshot_pending', 'image_snapshot', 'image_pending_upload', 'image_uploading'],
          `${vm}/null`,
        ),
        'same',
      ),
  },
  {
    name: 'createBackup',
    rule: 'createBackup',
    invoke: (c, s) => ops.createImage(c.compute, s, MEMBER, true),
    outcome: (vm) =>
      ends(
        vm,
        walk(vm, ['image_backup', 'image_pending_upload', 'image_uploading'], `${vm}/null`),
        'same',
      ),
  },
  {
    name: 'trigger_crash_dump',
    rule: 'triggerCrashDump',
    invoke: (c, s) => ops.triggerCrashDump(c.compute, s, MEMBER),
    outcome: unchanged,
  },
  {
    name: 'lock',
    rule: 'lock',
    invoke: (c, s) => ops.lock(c.compute, s, MEMBER, 'because'),
    outcome: unchanged,
    after: (s) => {
      expect(s.lockedBy).toBe('owner');
      expect(s.lockedReason).toBe('because');
    },
  },
  {
    name: 'unlock',
    rule: 'unlock',
    invoke: (c, s) => {
      ops.lock(c.compute, s, ADMIN, null);
      ops.unlock(c.compute, s, ADMIN);
    },
    outcome: unchanged,
    after: (s) => expect(s.lockedBy).toBeNull(),
  },
  {
    name: 'os-resetState active',
    rule: 'resetState',
    invoke: (c, s) => ops.resetState(c.compute, s, ADMIN, 'active'),
    outcome: () => ends('active', ['active/null'], 'same'),
  },
  {
    name: 'os-resetState error',
    rule: 'resetState',
    invoke: (c, s) => ops.resetState(c.compute, s, ADMIN, 'error'),
    outcome: () => ends('error', ['error/null'], 'same'),
  },
  {
    // reclaim_instance_interval > 0: a launched server on a live host is soft-deleted;
    // one without a host (build request, cell0, offloaded) is deleted locally at once.
    name: 'DELETE',
    rule: 'delete',
    invoke: (c, s) => ops.deleteServer(c.compute, s, MEMBER),
    outcome: (vm, s) =>
      s.host === null
        ? ends('deleted', ['deleted/null'])
        : ends('soft-delete', [`${vm}/soft-deleting`, 'soft-delete/null']),
  },
  {
    name: 'forceDelete',
    rule: 'forceDelete',
    invoke: (c, s) => ops.deleteServer(c.compute, s, MEMBER, true),
    outcome: (vm, s) =>
      s.host === null
        ? ends('deleted', ['deleted/null'])
        : ends('deleted', [`${vm}/deleting`, 'deleted/null']),
  },
];

const vmOf = (origin: Origin): VmState => (origin === 'error-unlaunched' ? 'error' : origin);
const launched = (origin: Origin) => origin !== 'building' && origin !== 'error-unlaunched';

/** The matrix origins in which §2.2 allows the operation. */
function allowedOrigins(op: OpCase): Origin[] {
  const rule = ACTION_RULES[op.rule];
  return ORIGINS.filter(
    (origin) =>
      (rule.vmStates === 'any' || rule.vmStates.includes(vmOf(origin))) &&
      (!rule.mustHaveLaunched || launched(origin)),
  );
}

const CASES = OPS.flatMap((op) => allowedOrigins(op).map((origin) => ({ op, origin })));

describe('every operation from every allowed state (§2.2, §2.3)', () => {
  it('covers each operation from at least one state, and the any-state ones from all', () => {
    for (const op of OPS) expect(allowedOrigins(op).length, op.name).toBeGreaterThan(0);
    expect(allowedOrigins(OPS.find((op) => op.name === 'forceDelete')!)).toEqual([...ORIGINS]);
    expect(CASES.length).toBeGreaterThan(100);
  });

  it.each(CASES.map(({ op, origin }) => [op.name, origin, op, origin] as const))(
    '%s from %s',
    (_name, _origin, op, origin) => {
      const cloud = engine({ config: MATRIX_CONFIG });
      const server = into(cloud, origin);
      const vm = server.machine.vmState;
      const powerBefore = server.machine.powerState;
      const hostBefore = server.host;
      const expected = op.outcome(vm, server);
      const steps = recordSteps(cloud, server);
      op.invoke(cloud, server);
      settle(cloud, server);
      expect(steps).toEqual(expected.steps);
      expect(server.machine.vmState).toBe(expected.vm);
      expect(server.machine.taskState).toBeNull();
      expect(server.machine.powerState).toBe(expected.power ?? powerBefore);
      expect(server.deleted).toBe(expected.vm === 'deleted');
      op.after?.(server);
      if (server.deleted) expect(cloud.scheduler.claimsOf(server.id)).toEqual([]);
      if (op.rule === 'evacuate' || op.rule === 'migrateLive') {
        expect(server.host).not.toBe(hostBefore);
      }
    },
  );
});

describe('walks that depend on where they started', () => {
  it('confirming the resize of a stopped server ends stopped (§2.3 confirm: power_state 4)', () => {
    const cloud = engine();
    const server = into(cloud, 'stopped');
    ops.resize(cloud.compute, server, MEMBER, flavor('2'));
    settle(cloud, server);
    expect(server.machine.powerState).toBe(4);
    const steps = recordSteps(cloud, server);
    ops.confirmResize(cloud.compute, server, MEMBER);
    settle(cloud, server);
    expect(steps).toEqual(['resized/null', 'stopped/null']);
    expect(server.machine.powerState).toBe(4);
  });

  it('reverting the resize of a stopped server powers it off again (§2.3 revert)', () => {
    const cloud = engine();
    const server = into(cloud, 'stopped');
    ops.resize(cloud.compute, server, MEMBER, flavor('2'));
    settle(cloud, server);
    const steps = recordSteps(cloud, server);
    ops.revertResize(cloud.compute, server, MEMBER);
    settle(cloud, server);
    expect(steps).toEqual(['resized/resize_reverting', 'resized/powering-off', 'stopped/null']);
    expect(server.machine.powerState).toBe(4);
    expect(server.flavor.id).toBe('1');
  });

  it('a stopped server rebuilt, started, resized and confirmed ends active', () => {
    const cloud = engine();
    const server = into(cloud, 'stopped');
    ops.rebuild(cloud.compute, server, MEMBER, IMAGE);
    settle(cloud, server);
    expect(server.machine.vmState).toBe('stopped');
    ops.start(cloud.compute, server, MEMBER);
    settle(cloud, server);
    ops.resize(cloud.compute, server, MEMBER, flavor('2'));
    settle(cloud, server);
    ops.confirmResize(cloud.compute, server, MEMBER);
    settle(cloud, server);
    expect(server.machine.vmState).toBe('active');
  });

  it('a hard reboot interrupts the tasks of ALLOW_REBOOT (§1.2)', () => {
    const cloud = engine();
    const server = into(cloud, 'active');
    ops.reboot(cloud.compute, server, MEMBER, false);
    cloud.clock.advance(1500);
    expect(server.machine.taskState).toBe('reboot_pending');
    const steps = recordSteps(cloud, server);
    ops.reboot(cloud.compute, server, MEMBER, true);
    settle(cloud, server);
    expect(steps).toEqual(walk('active', HARD, 'active/null'));
  });

  it('shelving with shelved_offload_time 0 offloads in the same walk (§2.3)', () => {
    const cloud = engine();
    const server = into(cloud, 'paused');
    const steps = recordSteps(cloud, server);
    ops.shelve(cloud.compute, server, MEMBER);
    settle(cloud, server);
    expect(steps).toEqual(
      walk('paused', SHELVE, 'shelved/shelving_offloading', 'shelved_offloaded/null'),
    );
    expect(server.host).toBeNull();
    expect(cloud.scheduler.claimsOf(server.id)).toEqual([]);
  });

  it('DELETE with reclaim_instance_interval 0 is a hard delete (§3.1)', () => {
    const cloud = engine();
    const server = into(cloud, 'active');
    const steps = recordSteps(cloud, server);
    const at = cloud.clock.now();
    ops.deleteServer(cloud.compute, server, MEMBER);
    expect(server.machine.taskState).toBe('deleting');
    settle(cloud, server);
    expect(steps).toEqual(['active/deleting', 'deleted/null']);
    expect(server.deleted).toBe(true);
    // The deleting step lasts the default 1 s (config DEFAULT_STEP_MS).
    expect(server.terminatedAt).toBe(at + 1000);
    expect(server.machine.powerState).toBe(0);
  });

  it('a second DELETE while deleting is accepted and ignored (§3.1)', () => {
    const cloud = engine();
    const server = into(cloud, 'active');
    ops.deleteServer(cloud.compute, server, MEMBER);
    const actions = server.actions.length;
    const steps = recordSteps(cloud, server);
    ops.deleteServer(cloud.compute, server, MEMBER);
    expect(server.actions.length).toBe(actions);
    expect(steps).toEqual([]);
  });

  it('soft delete falls back to a hard delete for a server that never launched (§3.1)', () => {
    const cloud = engine({ config: MATRIX_CONFIG });
    const server = into(cloud, 'error-unlaunched');
    ops.deleteServer(cloud.compute, server, MEMBER);
    expect(server.deleted).toBe(true);
    expect(server.deletedAt).toBeNull();
  });
});
