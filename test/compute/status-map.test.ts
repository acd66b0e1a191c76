import { describe, expect, it } from 'vitest';
import { TASK_STATES, type TaskState, VM_STATES, type VmState } from '../../src/compute/states.js';
import {
  filterForStatuses,
  SERVER_STATUSES,
  type ServerStatus,
  statusFromState,
} from '../../src/compute/status-map.js';

// Nova's _STATE_MAP (reference §1.4), written out again by hand so that the table in
// src/compute/status-map.ts is checked against an independent copy.
const SOFT_REBOOT = ['rebooting', 'reboot_pending', 'reboot_started'] as const;
const HARD_REBOOT = ['rebooting_hard', 'reboot_pending_hard', 'reboot_started_hard'] as const;
const REBUILD = ['rebuilding', 'rebuild_block_device_mapping', 'rebuild_spawning'] as const;
const RESIZING = ['resize_prep', 'resize_migrating', 'resize_migrated', 'resize_finish'] as const;

const rows = (tasks: readonly TaskState[], status: ServerStatus) =>
  Object.fromEntries(tasks.map((t) => [t, status]));

const EXPECTED: Record<VmState, [ServerStatus, Partial<Record<TaskState, ServerStatus>>]> = {
  active: [
    'ACTIVE',
    {
      ...rows(SOFT_REBOOT, 'REBOOT'),
      ...rows(HARD_REBOOT, 'HARD_REBOOT'),
      updating_password: 'PASSWORD',
      ...rows(REBUILD, 'REBUILD'),
      migrating: 'MIGRATING',
      ...rows(RESIZING, 'RESIZE'),
    },
  ],
  building: ['BUILD', {}],
  stopped: ['SHUTOFF', { ...rows(RESIZING, 'RESIZE'), ...rows(REBUILD, 'REBUILD') }],
  resized: ['VERIFY_RESIZE', { resize_reverting: 'REVERT_RESIZE' }],
  paused: ['PAUSED', { migrating: 'MIGRATING' }],
  suspended: ['SUSPENDED', {}],
  rescued: ['RESCUE', {}],
  error: ['ERROR', rows(REBUILD, 'REBUILD')],
  deleted: ['DELETED', {}],
  'soft-delete': ['SOFT_DELETED', {}],
  shelved: ['SHELVED', {}],
  shelved_offloaded: ['SHELVED_OFFLOADED', {}],
};

const PAIRS = VM_STATES.flatMap((vm) =>
  [null, ...TASK_STATES].map((task) => {
    const [fallback, overrides] = EXPECTED[vm];
    const status = (task !== null && overrides[task]) || fallback;
    return { vm, task, status };
  }),
);

describe('statusFromState (§1.4)', () => {
  it('covers all 12 vm_states × 43 task_states (None included)', () => {
    expect(PAIRS).toHaveLength(12 * 43);
  });

  it.each(PAIRS)('$vm + $task → $status', ({ vm, task, status }) => {
    expect(statusFromState(vm, task)).toBe(status);
  });

  it.each(PAIRS)('a deleted row with $vm + $task is DELETED', ({ vm, task }) => {
    expect(statusFromState(vm, task, true)).toBe('DELETED');
  });

  it('falls back to the row default for unmapped task states (§1.4 consequences)', () => {
    expect(statusFromState('active', 'powering-off')).toBe('ACTIVE');
    expect(statusFromState('active', 'deleting')).toBe('ACTIVE');
    expect(statusFromState('active', 'image_snapshot')).toBe('ACTIVE');
    expect(statusFromState('stopped', 'powering-on')).toBe('SHUTOFF');
    expect(statusFromState('stopped', 'migrating')).toBe('SHUTOFF');
    expect(statusFromState('stopped', 'rebooting_hard')).toBe('SHUTOFF');
    expect(statusFromState('resized', 'resize_confirming')).toBe('VERIFY_RESIZE');
    expect(statusFromState('soft-delete', 'restoring')).toBe('SOFT_DELETED');
    expect(statusFromState('shelved_offloaded', 'spawning')).toBe('SHELVED_OFFLOADED');
  });

  it('gives UNKNOWN for a vm_state outside the map, also with a task, unless deleted', () => {
    expect(statusFromState('bogus', null)).toBe('UNKNOWN');
    expect(statusFromState('bogus', 'rebooting')).toBe('UNKNOWN');
    expect(statusFromState(null, null)).toBe('UNKNOWN');
    expect(statusFromState('ACTIVE', null)).toBe('UNKNOWN');
    expect(statusFromState('soft_deleted', null)).toBe('UNKNOWN');
    expect(statusFromState(null, null, true)).toBe('DELETED');
  });

  it('reads only own table keys, never Object.prototype members (regression)', () => {
    expect(statusFromState('active', 'toString')).toBe('ACTIVE');
    expect(statusFromState('active', 'constructor')).toBe('ACTIVE');
    expect(statusFromState('toString', null)).toBe('UNKNOWN');
    expect(statusFromState('__proto__', 'rebooting')).toBe('UNKNOWN');
  });

  it('emits exactly the 20 documented statuses, UNKNOWN only for corrupt rows', () => {
    const emitted = new Set(PAIRS.map((p) => p.status));
    expect([...emitted, 'UNKNOWN'].sort()).toEqual([...SERVER_STATUSES].sort());
  });
});

// Reverse of the map (reference §1.6): for each status, the vm_states and (unless a row
// default matched) the task_states a list filter selects.
const FILTERS: Record<string, [VmState[], TaskState[] | undefined]> = {
  ACTIVE: [['active'], undefined],
  BUILD: [['building'], undefined],
  DELETED: [['deleted'], undefined],
  ERROR: [['error'], undefined],
  HARD_REBOOT: [['active'], [...HARD_REBOOT]],
  MIGRATING: [['active', 'paused'], ['migrating']],
  PASSWORD: [['active'], ['updating_password']],
  PAUSED: [['paused'], undefined],
  REBOOT: [['active'], [...SOFT_REBOOT]],
  REBUILD: [['active', 'stopped', 'error'], [...REBUILD]],
  RESCUE: [['rescued'], undefined],
  RESIZE: [['active', 'stopped'], [...RESIZING]],
  REVERT_RESIZE: [['resized'], ['resize_reverting']],
  SHELVED: [['shelved'], undefined],
  SHELVED_OFFLOADED: [['shelved_offloaded'], undefined],
  SHUTOFF: [['stopped'], undefined],
  SOFT_DELETED: [['soft-delete'], undefined],
  SUSPENDED: [['suspended'], undefined],
  VERIFY_RESIZE: [['resized'], undefined],
  // The old api-ref spellings (DESIGN.md): accepted on input only.
  BUILDING: [['building'], undefined],
  RESCUED: [['rescued'], undefined],
  STOPPED: [['stopped'], undefined],
};

function plain(statuses: string[]) {
  const filter = filterForStatuses(statuses);
  if (!filter) return undefined;
  return {
    vmStates: [...filter.vmStates].sort(),
    taskStates: filter.taskStates && [...filter.taskStates].sort(),
  };
}

describe('filterForStatuses (§1.6)', () => {
  it.each(Object.entries(FILTERS))('status=%s', (status, [vmStates, taskStates]) => {
    expect(plain([status])).toEqual({
      vmStates: [...vmStates].sort(),
      taskStates: taskStates && [...taskStates].sort(),
    });
  });

  it('has a filter for every emitted status but UNKNOWN', () => {
    for (const status of SERVER_STATUSES) {
      if (status === 'UNKNOWN') expect(filterForStatuses([status])).toBeUndefined();
      else expect(FILTERS[status], status).toBeDefined();
    }
  });

  it('matches case-insensitively, aliases included', () => {
    expect(plain(['verify_resize'])).toEqual(plain(['VERIFY_RESIZE']));
    expect(plain(['Hard_Reboot'])).toEqual(plain(['HARD_REBOOT']));
    expect(plain(['stopped'])).toEqual(plain(['SHUTOFF']));
    expect(plain(['building'])).toEqual(plain(['BUILD']));
  });

  it('returns undefined for statuses it does not know (empty list < 2.38, 400 from 2.38)', () => {
    expect(filterForStatuses(['NOPE'])).toBeUndefined();
    expect(filterForStatuses(['RESIZED'])).toBeUndefined();
    expect(filterForStatuses(['CONFIRMING_RESIZE'])).toBeUndefined();
    expect(filterForStatuses([])).toBeUndefined();
  });

  it('applies only the vm_state filter once a row default is among the statuses', () => {
    // status=ACTIVE also returns servers showing REBOOT, RESIZE… with vm_state active.
    expect(plain(['REBOOT', 'ACTIVE'])).toEqual({ vmStates: ['active'], taskStates: undefined });
    expect(plain(['RESIZE', 'SHUTOFF'])).toEqual({
      vmStates: ['active', 'stopped'],
      taskStates: undefined,
    });
  });

  it('unions task filters of several task-row statuses', () => {
    expect(plain(['REBOOT', 'HARD_REBOOT'])).toEqual({
      vmStates: ['active'],
      taskStates: [...SOFT_REBOOT, ...HARD_REBOOT].sort(),
    });
    expect(plain(['NOPE', 'PASSWORD'])).toEqual(plain(['PASSWORD']));
  });

  it('selects exactly the pairs that show the status (task-row statuses)', () => {
    for (const status of SERVER_STATUSES) {
      const filter = filterForStatuses([status]);
      if (!filter?.taskStates) continue;
      for (const { vm, task, status: shown } of PAIRS) {
        const selected =
          filter.vmStates.has(vm) && task !== null && filter.taskStates.has(task as TaskState);
        // A selected pair either shows the status or belongs to another row whose same
        // task maps elsewhere; Nova's IN/IN filter is a cross product (§1.6).
        if (shown === status) expect(selected, `${status} ${vm}/${task}`).toBe(true);
      }
    }
  });
});
