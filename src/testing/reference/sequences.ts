import type { RefAction } from './actions.js';
import {
  ALLOW_REBOOT,
  REF_TASK_STATES,
  REF_VM_STATES,
  type RefTaskState,
  type RefVmState,
} from './states.js';

/** A state of a walk; `X` is the vm_state the walk started from. */
export type WalkStep = readonly [vm: RefVmState | 'X', task: RefTaskState | null];

/**
 * Who takes a walk's first step: an API action (the API sets the first task_state), or
 * `compute` for walks that start inside the cloud (builds, periodic tasks, failures).
 * Every later step is the compute's.
 */
export type Trigger = RefAction | 'compute';

/** One row of §2.3. */
export interface SequenceRow {
  readonly name: string;
  readonly trigger: Trigger;
  /** vm_states the walk may start from. */
  readonly from: readonly RefVmState[];
  /** task_states it may start from: None unless stated (§2.1's task check). */
  readonly fromTasks?: readonly (RefTaskState | null)[] | 'any';
  /** The states the walk passes through, its first step included. */
  readonly steps: readonly WalkStep[];
}

export type SequenceTable = readonly SequenceRow[];

const IMAGE_STATES: readonly RefVmState[] = ['active', 'stopped', 'paused', 'suspended'];
const ANY_VM: readonly RefVmState[] = REF_VM_STATES.filter((vm) => vm !== 'deleted');
const ANY_TASK: readonly (RefTaskState | null)[] = [null, ...REF_TASK_STATES];
const BUILD_TASKS: readonly (RefTaskState | null)[] = [
  'scheduling',
  null,
  'networking',
  'block_device_mapping',
  'spawning',
];
const REBUILD_WALK: readonly WalkStep[] = [
  ['X', 'rebuilding'],
  ['X', 'rebuild_block_device_mapping'],
  ['X', 'rebuild_spawning'],
];
const RESIZE_WALK: readonly WalkStep[] = [
  ['X', 'resize_prep'],
  ['X', 'resize_migrating'],
  ['X', 'resize_migrated'],
  ['X', 'resize_finish'],
  ['resized', null],
];
const SHELVE_WALK: readonly WalkStep[] = [
  ['X', 'shelving'],
  ['X', 'shelving_image_pending_upload'],
  ['X', 'shelving_image_uploading'],
];

/**
 * §2.3 (and §3.1, §3.3, §3.6 for the periodic tasks) as data. Branches of one operation
 * are separate rows. Where the reference is silent the row says which Nova code it
 * follows.
 *
 * @example
 * REFERENCE_SEQUENCES.find((r) => r.name === 'stop')?.steps; // [['X','powering-off'], ['stopped', null]]
 */
export const REFERENCE_SEQUENCES: SequenceTable = [
  {
    name: 'create',
    trigger: 'compute',
    from: ['building'],
    fromTasks: ['scheduling'],
    steps: [
      ['building', null],
      ['building', 'networking'],
      ['building', 'block_device_mapping'],
      ['building', 'spawning'],
      ['active', null],
    ],
  },
  // No valid host, retries exhausted, build abort, instance_build_timeout: error/None.
  {
    name: 'build fails',
    trigger: 'compute',
    from: ['building'],
    fromTasks: BUILD_TASKS,
    steps: [['error', null]],
  },
  // A reschedulable spawn failure goes back to the scheduler for the next alternate.
  {
    name: 'build rescheduled',
    trigger: 'compute',
    from: ['building'],
    fromTasks: ['spawning'],
    steps: [['building', 'scheduling']],
  },
  {
    name: 'soft reboot',
    trigger: 'rebootSoft',
    from: ['active'],
    steps: [
      ['active', 'rebooting'],
      ['active', 'reboot_pending'],
      ['active', 'reboot_started'],
      ['active', null],
    ],
  },
  {
    name: 'hard reboot',
    trigger: 'rebootHard',
    from: ['active', 'stopped', 'paused', 'suspended', 'error'],
    fromTasks: [null, ...ALLOW_REBOOT],
    steps: [
      ['X', 'rebooting_hard'],
      ['X', 'reboot_pending_hard'],
      ['X', 'reboot_started_hard'],
      ['active', null],
    ],
  },
  {
    name: 'stop',
    trigger: 'stop',
    from: ['active', 'error'],
    steps: [
      ['X', 'powering-off'],
      ['stopped', null],
    ],
  },
  {
    name: 'start',
    trigger: 'start',
    from: ['stopped'],
    steps: [
      ['stopped', 'powering-on'],
      ['active', null],
    ],
  },
  {
    name: 'pause',
    trigger: 'pause',
    from: ['active'],
    steps: [
      ['active', 'pausing'],
      ['paused', null],
    ],
  },
  {
    name: 'unpause',
    trigger: 'unpause',
    from: ['paused'],
    steps: [
      ['paused', 'unpausing'],
      ['active', null],
    ],
  },
  {
    name: 'suspend',
    trigger: 'suspend',
    from: ['active'],
    steps: [
      ['active', 'suspending'],
      ['suspended', null],
    ],
  },
  {
    name: 'resume',
    trigger: 'resume',
    from: ['suspended'],
    steps: [
      ['suspended', 'resuming'],
      ['active', null],
    ],
  },
  {
    name: 'rescue',
    trigger: 'rescue',
    from: ['active', 'stopped', 'error'],
    steps: [
      ['X', 'rescuing'],
      ['rescued', null],
    ],
  },
  {
    name: 'unrescue',
    trigger: 'unrescue',
    from: ['rescued'],
    steps: [
      ['rescued', 'unrescuing'],
      ['active', null],
    ],
  },
  // rescue_timeout (§3.5): the periodic task unrescues.
  {
    name: 'rescue timeout',
    trigger: 'compute',
    from: ['rescued'],
    steps: [
      ['rescued', 'unrescuing'],
      ['active', null],
    ],
  },
  {
    name: 'change password',
    trigger: 'changePassword',
    from: ['active'],
    steps: [
      ['active', 'updating_password'],
      ['active', null],
    ],
  },
  {
    name: 'rebuild',
    trigger: 'rebuild',
    from: ['active', 'stopped', 'error'],
    steps: [...REBUILD_WALK, ['active', null]],
  },
  {
    name: 'rebuild of a stopped server',
    trigger: 'rebuild',
    from: ['stopped'],
    steps: [...REBUILD_WALK, ['active', 'powering-off'], ['stopped', null]],
  },
  { name: 'resize', trigger: 'resize', from: ['active', 'stopped'], steps: RESIZE_WALK },
  { name: 'cold migrate', trigger: 'migrate', from: ['active', 'stopped'], steps: RESIZE_WALK },
  // §2.3 "Resize/migrate fails to schedule": task reset, vm_state restored.
  {
    name: 'move fails to schedule',
    trigger: 'compute',
    from: ['active', 'stopped'],
    fromTasks: ['resize_prep'],
    steps: [['X', null]],
  },
  // The API sets no task_state; the compute confirms (or the periodic auto-confirm does).
  {
    name: 'confirm resize',
    trigger: 'compute',
    from: ['resized'],
    steps: [['active', null]],
  },
  {
    name: 'confirm resize of a stopped server',
    trigger: 'compute',
    from: ['resized'],
    steps: [['stopped', null]],
  },
  {
    name: 'revert resize',
    trigger: 'revertResize',
    from: ['resized'],
    steps: [
      ['resized', 'resize_reverting'],
      ['active', null],
    ],
  },
  // "…or via powering-off → stopped": Nova's finish_revert_resize sets task powering-off
  // while vm_state is still resized, then stop_instance.
  {
    name: 'revert resize of a stopped server',
    trigger: 'revertResize',
    from: ['resized'],
    steps: [
      ['resized', 'resize_reverting'],
      ['resized', 'powering-off'],
      ['stopped', null],
    ],
  },
  {
    name: 'live migrate',
    trigger: 'migrateLive',
    from: ['active', 'paused'],
    steps: [
      ['X', 'migrating'],
      ['X', null],
    ],
  },
  {
    name: 'evacuate',
    trigger: 'evacuate',
    from: ['active', 'stopped', 'error'],
    fromTasks: 'any',
    steps: [...REBUILD_WALK, ['active', null]],
  },
  {
    name: 'evacuate to a stopped server',
    trigger: 'evacuate',
    from: ['active', 'stopped', 'error'],
    fromTasks: 'any',
    steps: [...REBUILD_WALK, ['active', 'powering-off'], ['stopped', null]],
  },
  // The reference is silent on an evacuation that finds no host; Nova's conductor
  // (rebuild_instance, NoValidHost) sets error/None.
  {
    name: 'evacuate fails to schedule',
    trigger: 'compute',
    from: ['active', 'stopped', 'error'],
    fromTasks: ['rebuilding'],
    steps: [['error', null]],
  },
  {
    name: 'shelve and offload',
    trigger: 'shelve',
    from: IMAGE_STATES,
    steps: [...SHELVE_WALK, ['shelved', 'shelving_offloading'], ['shelved_offloaded', null]],
  },
  {
    name: 'shelve',
    trigger: 'shelve',
    from: IMAGE_STATES,
    steps: [...SHELVE_WALK, ['shelved', null]],
  },
  {
    name: 'shelve offload',
    trigger: 'shelveOffload',
    from: ['shelved'],
    steps: [
      ['shelved', 'shelving_offloading'],
      ['shelved_offloaded', null],
    ],
  },
  // _poll_shelved_instances (§3.6).
  {
    name: 'periodic offload',
    trigger: 'compute',
    from: ['shelved'],
    steps: [
      ['shelved', 'shelving_offloading'],
      ['shelved_offloaded', null],
    ],
  },
  {
    name: 'unshelve',
    trigger: 'unshelve',
    from: ['shelved'],
    steps: [
      ['shelved', 'unshelving'],
      ['shelved', 'powering-on'],
      ['active', null],
    ],
  },
  {
    name: 'unshelve an offloaded server',
    trigger: 'unshelve',
    from: ['shelved_offloaded'],
    steps: [
      ['shelved_offloaded', 'unshelving'],
      ['shelved_offloaded', 'spawning'],
      ['active', null],
    ],
  },
  {
    name: 'unshelve finds no host',
    trigger: 'compute',
    from: ['shelved_offloaded'],
    fromTasks: ['unshelving'],
    steps: [['shelved_offloaded', null]],
  },
  {
    name: 'create image',
    trigger: 'createImage',
    from: IMAGE_STATES,
    steps: [
      ['X', 'image_snapshot_pending'],
      ['X', 'image_snapshot'],
      ['X', 'image_pending_upload'],
      ['X', 'image_uploading'],
      ['X', null],
    ],
  },
  {
    name: 'create backup',
    trigger: 'createBackup',
    from: IMAGE_STATES,
    steps: [
      ['X', 'image_backup'],
      ['X', 'image_pending_upload'],
      ['X', 'image_uploading'],
      ['X', null],
    ],
  },
  {
    name: 'soft delete',
    trigger: 'delete',
    from: ANY_VM,
    fromTasks: ANY_TASK.filter((task) => task !== 'deleting' && task !== 'soft-deleting'),
    steps: [
      ['X', 'soft-deleting'],
      ['soft-delete', null],
    ],
  },
  {
    name: 'restore',
    trigger: 'restore',
    from: ['soft-delete'],
    steps: [
      ['soft-delete', 'restoring'],
      ['active', null],
    ],
  },
  // _reclaim_queued_deletes (§3.1).
  { name: 'reclaim', trigger: 'compute', from: ['soft-delete'], steps: [['deleted', null]] },
  {
    name: 'delete',
    trigger: 'delete',
    from: ANY_VM,
    fromTasks: ANY_TASK.filter((task) => task !== 'deleting'),
    steps: [
      ['X', 'deleting'],
      ['deleted', null],
    ],
  },
  // §3.1 local delete: no host, a down compute, or still a build request.
  {
    name: 'local delete',
    trigger: 'delete',
    from: ANY_VM,
    fromTasks: 'any',
    steps: [['deleted', null]],
  },
  {
    name: 'force delete',
    trigger: 'forceDelete',
    from: ANY_VM,
    fromTasks: ANY_TASK.filter((task) => task !== 'deleting'),
    steps: [
      ['X', 'deleting'],
      ['deleted', null],
    ],
  },
  {
    name: 'local force delete',
    trigger: 'forceDelete',
    from: ANY_VM,
    fromTasks: 'any',
    steps: [['deleted', null]],
  },
  {
    name: 'reset to active',
    trigger: 'resetState',
    from: ANY_VM,
    fromTasks: 'any',
    steps: [['active', null]],
  },
  {
    name: 'reset to error',
    trigger: 'resetState',
    from: ANY_VM,
    fromTasks: 'any',
    steps: [['error', null]],
  },
];
