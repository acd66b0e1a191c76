import { describe, expect, it } from 'vitest';
import {
  createReferenceModel,
  REFERENCE_ACTIONS,
  REFERENCE_STATUS_MAP,
  refusalFor,
  statusOf,
} from '../../src/testing/index.js';
import { reclaimTick } from '../../src/testing/reference/periodic.js';
import { arrivalPower } from '../../src/testing/reference/power.js';
import { createdCount } from '../../src/testing/reference/quotas.js';
import { pair } from '../../src/testing/reference/states.js';
import { statusFilter } from '../../src/testing/reference/status-map.js';

// The reference tables are the yardstick of every property: these pin them to the
// examples the reference document spells out.

describe('the status map (§1.4)', () => {
  it.each([
    ['active', 'powering-off', 'ACTIVE'],
    ['active', 'deleting', 'ACTIVE'],
    ['stopped', 'powering-on', 'SHUTOFF'],
    ['stopped', 'rebooting_hard', 'SHUTOFF'],
    ['stopped', 'migrating', 'SHUTOFF'],
    ['active', 'rebooting_hard', 'HARD_REBOOT'],
    ['resized', 'resize_confirming', 'VERIFY_RESIZE'],
    ['resized', 'resize_reverting', 'REVERT_RESIZE'],
    ['soft-delete', 'restoring', 'SOFT_DELETED'],
    ['shelved_offloaded', 'spawning', 'SHELVED_OFFLOADED'],
    ['paused', 'migrating', 'MIGRATING'],
    ['error', 'rebuild_spawning', 'REBUILD'],
  ] as const)('%s/%s reads %s', (vm, task, status) => {
    expect(statusOf(REFERENCE_STATUS_MAP, vm, task)).toBe(status);
  });

  it('reads DELETED for deleted rows and UNKNOWN for unmapped vm_states', () => {
    expect(statusOf(REFERENCE_STATUS_MAP, 'active', null, true)).toBe('DELETED');
    expect(statusOf(REFERENCE_STATUS_MAP, 'bogus', null)).toBe('UNKNOWN');
  });

  it('reverses for ?status= (§1.6)', () => {
    expect(statusFilter(REFERENCE_STATUS_MAP, ['ACTIVE'])).toEqual({
      vmStates: ['active'],
      taskStates: undefined,
      unknown: false,
    });
    const resize = statusFilter(REFERENCE_STATUS_MAP, ['RESIZE']);
    expect(resize.vmStates.sort()).toEqual(['active', 'stopped']);
    expect(resize.taskStates?.sort()).toEqual(
      ['resize_finish', 'resize_migrated', 'resize_migrating', 'resize_prep'].sort(),
    );
  });
});

describe('the allowed-state table (§2.1, §2.2)', () => {
  const subject = {
    id: 'S',
    vmState: 'active' as const,
    taskState: null,
    launched: true,
    locked: false,
    host: 'compute-1',
    hostUp: true,
  };
  const member = { isAdmin: false, roles: ['member'] };

  it("words refusals as Nova's check_instance_state does", () => {
    expect(
      refusalFor(REFERENCE_ACTIONS.pause, { ...subject, vmState: 'stopped' }, member)?.message,
    ).toBe("Cannot 'pause' instance S while it is in vm_state stopped");
    expect(
      refusalFor(REFERENCE_ACTIONS.rebootSoft, { ...subject, taskState: 'powering-off' }, member)
        ?.message,
    ).toBe("Cannot 'reboot' instance S while it is in task_state powering-off");
    expect(
      refusalFor(REFERENCE_ACTIONS.rebuild, { ...subject, launched: false }, member)?.message,
    ).toBe("Cannot 'rebuild' instance S while it is in launched_at None");
  });

  it('checks the host before the state for stop and start, and the lock first', () => {
    const offloaded = { ...subject, vmState: 'shelved_offloaded' as const, host: null };
    expect(refusalFor(REFERENCE_ACTIONS.start, offloaded, member)?.message).toBe(
      'Instance S is not ready',
    );
    expect(refusalFor(REFERENCE_ACTIONS.pause, { ...subject, locked: true }, member)?.message).toBe(
      'Instance S is locked',
    );
    expect(
      refusalFor(REFERENCE_ACTIONS.restore, { ...subject, locked: true }, member)?.message,
    ).toBe("Instance S is in an invalid state for 'restore'");
    expect(
      refusalFor(
        REFERENCE_ACTIONS.pause,
        { ...subject, locked: true },
        { isAdmin: true, roles: ['admin'] },
      ),
    ).toBe(undefined);
  });

  it('lets a hard reboot interrupt the ALLOW_REBOOT tasks only', () => {
    expect(
      refusalFor(REFERENCE_ACTIONS.rebootHard, { ...subject, taskState: 'pausing' }, member),
    ).toBe(undefined);
    expect(
      refusalFor(
        REFERENCE_ACTIONS.rebootHard,
        { ...subject, taskState: 'reboot_started_hard' },
        member,
      )?.check,
    ).toBe('task_state');
  });

  it('keeps admin-only actions from members (403)', () => {
    expect(refusalFor(REFERENCE_ACTIONS.evacuate, subject, member)?.status).toBe(403);
    expect(
      refusalFor(REFERENCE_ACTIONS.migrate, subject, { isAdmin: false, roles: ['manager'] }),
    ).toBe(undefined);
  });
});

describe('the sequences (§2.3)', () => {
  const { transitions } = createReferenceModel();

  it('start an action with its first step and let the compute take the rest', () => {
    expect(transitions.afterAccepted('stop', pair('error'))).toEqual([
      pair('error', 'powering-off'),
    ]);
    expect(
      transitions.allowedInRequest('stop', pair('active'), pair('active', 'powering-off')),
    ).toBe(true);
    expect(transitions.allowedInRequest('stop', pair('active'), pair('stopped'))).toBe(false);
    expect(transitions.allowedInCompute(pair('active', 'powering-off'), pair('stopped'))).toBe(
      true,
    );
    expect(transitions.allowedInCompute(pair('active'), pair('stopped'))).toBe(false);
  });

  it('walks a synchronous changePassword inside its request', () => {
    expect(transitions.afterAccepted('changePassword', pair('active'))).toEqual([pair('active')]);
    expect(
      transitions.allowedInRequest(
        'changePassword',
        pair('active', 'updating_password'),
        pair('active'),
      ),
    ).toBe(true);
  });

  it('ends a hard reboot of a stopped server ACTIVE', () => {
    expect(
      transitions.allowedInCompute(pair('stopped', 'reboot_started_hard'), pair('active')),
    ).toBe(true);
  });
});

describe('quotas and periodic tasks (§5.4, §3.1)', () => {
  const limits = { instances: 10, cores: 20, ram: 51200 };
  const tiny = { instances: 1, cores: 1, ram: 512 };

  it('creates all, as many as fit, or none', () => {
    expect(createdCount({ instances: 0, cores: 0, ram: 0 }, limits, tiny, 1, 3)).toBe(3);
    expect(createdCount({ instances: 8, cores: 8, ram: 0 }, limits, tiny, 1, 3)).toBe(2);
    expect(createdCount({ instances: 9, cores: 9, ram: 0 }, limits, tiny, 2, 3)).toBe(undefined);
  });

  it('reclaims at the first 60 s tick strictly after deleted_at + interval', () => {
    expect(reclaimTick(0, 10_000, 60)).toBe(120_000);
    expect(reclaimTick(0, 0, 60)).toBe(120_000);
    expect(reclaimTick(0, 1, 60)).toBe(120_000);
  });
});

describe('power states on arrival (§1.3, §2.3, §9)', () => {
  it('knows the unambiguous ones and allows the fake driver where libvirt differs', () => {
    expect(arrivalPower(pair('building', 'spawning'), pair('active'))).toEqual([1]);
    expect(arrivalPower(pair('active', 'powering-off'), pair('stopped'))).toEqual([4]);
    expect(arrivalPower(pair('active', 'deleting'), pair('deleted'))).toEqual([0]);
    expect(arrivalPower(pair('building', 'scheduling'), pair('error'))).toEqual([0]);
    expect(arrivalPower(pair('active', 'pausing'), pair('paused'))).toEqual([3, 1]);
    expect(arrivalPower(pair('active', 'migrating'), pair('active'))).toBe(undefined);
  });
});
