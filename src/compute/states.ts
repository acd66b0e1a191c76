/**
 * Nova's stored state values, exactly as `OS-EXT-STS:*` shows them
 * (nova/compute/vm_states.py, task_states.py, power_state.py).
 */

export const VM_STATES = [
  'active',
  'building',
  'paused',
  'suspended',
  'stopped',
  'rescued',
  'resized',
  'soft-delete',
  'deleted',
  'error',
  'shelved',
  'shelved_offloaded',
] as const;
export type VmState = (typeof VM_STATES)[number];

export const TASK_STATES = [
  'scheduling',
  'block_device_mapping',
  'networking',
  'spawning',
  'image_snapshot',
  'image_snapshot_pending',
  'image_pending_upload',
  'image_uploading',
  'image_backup',
  'updating_password',
  'resize_prep',
  'resize_migrating',
  'resize_migrated',
  'resize_finish',
  'resize_reverting',
  'resize_confirming',
  'rebooting',
  'reboot_pending',
  'reboot_started',
  'rebooting_hard',
  'reboot_pending_hard',
  'reboot_started_hard',
  'pausing',
  'unpausing',
  'suspending',
  'resuming',
  'powering-off',
  'powering-on',
  'rescuing',
  'unrescuing',
  'rebuilding',
  'rebuild_block_device_mapping',
  'rebuild_spawning',
  'migrating',
  'deleting',
  'soft-deleting',
  'restoring',
  'shelving',
  'shelving_image_pending_upload',
  'shelving_image_uploading',
  'shelving_offloading',
  'unshelving',
] as const;
export type TaskState = (typeof TASK_STATES)[number];

/** The integer Nova returns in `OS-EXT-STS:power_state`; 2 and 5 are unused slots. */
export const POWER_STATE = {
  NOSTATE: 0,
  RUNNING: 1,
  PAUSED: 3,
  SHUTDOWN: 4,
  CRASHED: 6,
  SUSPENDED: 7,
} as const;
export type PowerState = (typeof POWER_STATE)[keyof typeof POWER_STATE];

/** Task states in which a hard reboot is still accepted (task_states.ALLOW_REBOOT, None aside). */
export const ALLOW_HARD_REBOOT_TASKS: readonly TaskState[] = [
  'rebooting',
  'reboot_pending',
  'reboot_started',
  'resuming',
  'rebooting_hard',
  'unpausing',
  'pausing',
  'suspending',
];

export const SOFT_REBOOT_TASKS: readonly TaskState[] = [
  'rebooting',
  'reboot_pending',
  'reboot_started',
];
export const HARD_REBOOT_TASKS: readonly TaskState[] = [
  'rebooting_hard',
  'reboot_pending_hard',
  'reboot_started_hard',
];
export const RESIZING_TASKS: readonly TaskState[] = [
  'resize_prep',
  'resize_migrating',
  'resize_migrated',
  'resize_finish',
];
export const REBUILD_TASKS: readonly TaskState[] = [
  'rebuilding',
  'rebuild_block_device_mapping',
  'rebuild_spawning',
];
