/**
 * Nova's stored state strings, transcribed from the reference (§1.1, §1.2) for the test
 * harness. Deliberately a copy, not an import of src/compute: the harness checks the
 * engine against its own reading of Nova.
 */

/** §1.1: every vm_state string, exactly as `OS-EXT-STS:vm_state` shows it. */
export const REF_VM_STATES = [
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
export type RefVmState = (typeof REF_VM_STATES)[number];

/** §1.2: every task_state string (null, "no task", is not in the list). */
export const REF_TASK_STATES = [
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
export type RefTaskState = (typeof REF_TASK_STATES)[number];

/** A (vm_state, task_state) pair; task null is Nova's None. */
export interface StatePair {
  readonly vm: RefVmState;
  readonly task: RefTaskState | null;
}

/** §1.2 `ALLOW_REBOOT`: task states in which a hard reboot is still accepted (None aside). */
export const ALLOW_REBOOT: readonly RefTaskState[] = [
  'rebooting',
  'reboot_pending',
  'reboot_started',
  'resuming',
  'rebooting_hard',
  'unpausing',
  'pausing',
  'suspending',
];

export const SOFT_REBOOT_STATES: readonly RefTaskState[] = [
  'rebooting',
  'reboot_pending',
  'reboot_started',
];
export const HARD_REBOOT_STATES: readonly RefTaskState[] = [
  'rebooting_hard',
  'reboot_pending_hard',
  'reboot_started_hard',
];
export const RESIZING_STATES: readonly RefTaskState[] = [
  'resize_prep',
  'resize_migrating',
  'resize_migrated',
  'resize_finish',
];
export const REBUILD_STATES: readonly RefTaskState[] = [
  'rebuilding',
  'rebuild_block_device_mapping',
  'rebuild_spawning',
];

/** `active/None`, `building/scheduling`: the text form used in messages and edge keys. */
export function pairKey(pair: StatePair): string {
  return `${pair.vm}/${pair.task ?? 'None'}`;
}

export function pair(vm: RefVmState, task: RefTaskState | null = null): StatePair {
  return { vm, task };
}
