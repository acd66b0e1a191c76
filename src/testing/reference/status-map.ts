import {
  HARD_REBOOT_STATES,
  REBUILD_STATES,
  RESIZING_STATES,
  type RefTaskState,
  type RefVmState,
  SOFT_REBOOT_STATES,
} from './states.js';

/** §1.5: the 20 status strings the API emits. */
export const REF_STATUSES = [
  'ACTIVE',
  'BUILD',
  'DELETED',
  'ERROR',
  'HARD_REBOOT',
  'MIGRATING',
  'PASSWORD',
  'PAUSED',
  'REBOOT',
  'REBUILD',
  'RESCUE',
  'RESIZE',
  'REVERT_RESIZE',
  'SHELVED',
  'SHELVED_OFFLOADED',
  'SHUTOFF',
  'SOFT_DELETED',
  'SUSPENDED',
  'UNKNOWN',
  'VERIFY_RESIZE',
] as const;
export type RefStatus = (typeof REF_STATUSES)[number];

/** One vm_state row of Nova's `_STATE_MAP`: its default and its task_state overrides. */
export interface StatusRow {
  readonly default: RefStatus;
  readonly tasks: Readonly<Partial<Record<RefTaskState, RefStatus>>>;
}

/** A whole status map, vm_state → row; a vm_state missing from it reads UNKNOWN. */
export type StatusMapTable = Readonly<Partial<Record<RefVmState, StatusRow>>>;

function overrides(
  ...groups: readonly (readonly [readonly RefTaskState[], RefStatus])[]
): Partial<Record<RefTaskState, RefStatus>> {
  const row: Partial<Record<RefTaskState, RefStatus>> = {};
  for (const [tasks, status] of groups) for (const task of tasks) row[task] = status;
  return row;
}

/**
 * §1.4, row by row. `resized` + `resize_confirming` is deliberately absent (a confirm in
 * progress still reads VERIFY_RESIZE), and `stopped` + `migrating` falls back to SHUTOFF.
 *
 * @example
 * REFERENCE_STATUS_MAP.active?.tasks.rebooting_hard; // 'HARD_REBOOT'
 */
export const REFERENCE_STATUS_MAP: StatusMapTable = {
  active: {
    default: 'ACTIVE',
    tasks: overrides(
      [SOFT_REBOOT_STATES, 'REBOOT'],
      [HARD_REBOOT_STATES, 'HARD_REBOOT'],
      [['updating_password'], 'PASSWORD'],
      [REBUILD_STATES, 'REBUILD'],
      [['migrating'], 'MIGRATING'],
      [RESIZING_STATES, 'RESIZE'],
    ),
  },
  building: { default: 'BUILD', tasks: {} },
  stopped: {
    default: 'SHUTOFF',
    tasks: overrides([RESIZING_STATES, 'RESIZE'], [REBUILD_STATES, 'REBUILD']),
  },
  resized: { default: 'VERIFY_RESIZE', tasks: { resize_reverting: 'REVERT_RESIZE' } },
  paused: { default: 'PAUSED', tasks: { migrating: 'MIGRATING' } },
  suspended: { default: 'SUSPENDED', tasks: {} },
  rescued: { default: 'RESCUE', tasks: {} },
  error: { default: 'ERROR', tasks: overrides([REBUILD_STATES, 'REBUILD']) },
  deleted: { default: 'DELETED', tasks: {} },
  'soft-delete': { default: 'SOFT_DELETED', tasks: {} },
  shelved: { default: 'SHELVED', tasks: {} },
  shelved_offloaded: { default: 'SHELVED_OFFLOADED', tasks: {} },
};

/**
 * Nova's `status_from_state` over a table: deleted rows are DELETED, an unmapped vm_state
 * UNKNOWN, an unmapped task_state the row's default.
 *
 * @example
 * statusOf(REFERENCE_STATUS_MAP, 'stopped', 'rebooting_hard', false); // 'SHUTOFF'
 */
export function statusOf(
  table: StatusMapTable,
  vm: string,
  task: string | null,
  deleted = false,
): RefStatus {
  if (deleted) return 'DELETED';
  const row = table[vm as RefVmState];
  if (!row) return 'UNKNOWN';
  if (task === null) return row.default;
  return row.tasks[task as RefTaskState] ?? row.default;
}

/**
 * §1.6: what `?status=` asks the database for. `vmStates` always applies; `taskStates`
 * only when no matched cell was a row default (then it is undefined). Unknown statuses
 * match no cell (`unknown: true`).
 *
 * @example
 * statusFilter(REFERENCE_STATUS_MAP, ['REBOOT']); // { vmStates: ['active'], taskStates: ['rebooting', …] }
 */
export function statusFilter(
  table: StatusMapTable,
  statuses: readonly string[],
): { vmStates: RefVmState[]; taskStates: (RefTaskState | null)[] | undefined; unknown: boolean } {
  const vmStates = new Set<RefVmState>();
  const taskStates = new Set<RefTaskState | null>();
  let anyDefault = false;
  let unknown = false;
  for (const wanted of statuses) {
    const status = wanted.toUpperCase();
    let matched = false;
    for (const [vm, row] of Object.entries(table) as [RefVmState, StatusRow][]) {
      if (row.default === status) {
        vmStates.add(vm);
        anyDefault = true;
        matched = true;
      }
      for (const [task, mapped] of Object.entries(row.tasks) as [RefTaskState, RefStatus][]) {
        if (mapped !== status) continue;
        vmStates.add(vm);
        taskStates.add(task);
        matched = true;
      }
    }
    if (!matched) unknown = true;
  }
  return { vmStates: [...vmStates], taskStates: anyDefault ? undefined : [...taskStates], unknown };
}
