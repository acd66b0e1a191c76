import {
  HARD_REBOOT_TASKS,
  REBUILD_TASKS,
  RESIZING_TASKS,
  SOFT_REBOOT_TASKS,
  type TaskState,
  type VmState,
} from './states.js';

/** The 20 strings the API emits as `status` (schemas/servers.py `_server_status`). */
export const SERVER_STATUSES = [
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
export type ServerStatus = (typeof SERVER_STATUSES)[number];

/** Spellings from an old api-ref, accepted on input (list filter, scenarios), never emitted. */
export const STATUS_ALIASES: Readonly<Record<string, ServerStatus>> = {
  BUILDING: 'BUILD',
  RESCUED: 'RESCUE',
  STOPPED: 'SHUTOFF',
};

interface StatusRow {
  readonly default: ServerStatus;
  readonly tasks?: Partial<Record<TaskState, ServerStatus>>;
}

function each(
  tasks: readonly TaskState[],
  status: ServerStatus,
): Partial<Record<TaskState, ServerStatus>> {
  return Object.fromEntries(tasks.map((task) => [task, status]));
}

/** Nova's `_STATE_MAP` (nova/api/openstack/common.py): vm_state row, task_state overrides. */
export const STATUS_MAP: Readonly<Record<VmState, StatusRow>> = {
  active: {
    default: 'ACTIVE',
    tasks: {
      ...each(SOFT_REBOOT_TASKS, 'REBOOT'),
      ...each(HARD_REBOOT_TASKS, 'HARD_REBOOT'),
      updating_password: 'PASSWORD',
      ...each(REBUILD_TASKS, 'REBUILD'),
      migrating: 'MIGRATING',
      ...each(RESIZING_TASKS, 'RESIZE'),
    },
  },
  building: { default: 'BUILD' },
  stopped: {
    default: 'SHUTOFF',
    tasks: { ...each(RESIZING_TASKS, 'RESIZE'), ...each(REBUILD_TASKS, 'REBUILD') },
  },
  // resize_confirming is deliberately unmapped: a confirm in progress still shows VERIFY_RESIZE.
  resized: { default: 'VERIFY_RESIZE', tasks: { resize_reverting: 'REVERT_RESIZE' } },
  paused: { default: 'PAUSED', tasks: { migrating: 'MIGRATING' } },
  suspended: { default: 'SUSPENDED' },
  rescued: { default: 'RESCUE' },
  error: { default: 'ERROR', tasks: each(REBUILD_TASKS, 'REBUILD') },
  deleted: { default: 'DELETED' },
  'soft-delete': { default: 'SOFT_DELETED' },
  shelved: { default: 'SHELVED' },
  shelved_offloaded: { default: 'SHELVED_OFFLOADED' },
};

/** Nova's `status_from_state`: a deleted row is DELETED, an unmapped vm_state UNKNOWN. */
export function statusFromState(
  vmState: string | null,
  taskState: string | null,
  deleted = false,
): ServerStatus {
  if (deleted) return 'DELETED';
  // Own keys only: a corrupt value such as 'toString' must not find Object.prototype members.
  const row =
    vmState !== null && Object.hasOwn(STATUS_MAP, vmState)
      ? STATUS_MAP[vmState as VmState]
      : undefined;
  if (row === undefined) return 'UNKNOWN';
  const tasks = row.tasks;
  const override =
    taskState !== null && tasks !== undefined && Object.hasOwn(tasks, taskState)
      ? tasks[taskState as TaskState]
      : undefined;
  return override ?? row.default;
}

/** The vm_state/task_state filter a `status` list filter stands for (`task_and_vm_state_from_status`). */
export interface StatusFilter {
  readonly vmStates: ReadonlySet<VmState>;
  /** undefined: any task_state (some matched cell was a row default). */
  readonly taskStates: ReadonlySet<TaskState> | undefined;
}

/** Returns undefined when no status is known (Nova: empty list < 2.38, 400 from 2.38). */
export function filterForStatuses(statuses: readonly string[]): StatusFilter | undefined {
  const vmStates = new Set<VmState>();
  const taskStates = new Set<TaskState>();
  let anyTask = false;
  for (const raw of statuses) {
    const upper = raw.toUpperCase();
    const status = STATUS_ALIASES[upper] ?? upper;
    for (const [vmState, row] of Object.entries(STATUS_MAP) as [VmState, StatusRow][]) {
      if (row.default === status) {
        vmStates.add(vmState);
        anyTask = true;
      }
      for (const [task, taskStatus] of Object.entries(row.tasks ?? {}) as [
        TaskState,
        ServerStatus,
      ][]) {
        if (taskStatus === status) {
          vmStates.add(vmState);
          taskStates.add(task);
        }
      }
    }
  }
  if (vmStates.size === 0) return undefined;
  return { vmStates, taskStates: anyTask ? undefined : taskStates };
}
