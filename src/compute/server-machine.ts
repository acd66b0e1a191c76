import { assign, setup } from 'xstate';
import {
  ALLOW_HARD_REBOOT_TASKS,
  POWER_STATE,
  type PowerState,
  type TaskState,
  type VmState,
} from './states.js';

/**
 * The server lifecycle as one xstate machine, generated from Nova's task sequences
 * (reference §2.3). State value `{ <vm_state>: <task_state> }`: the parent node is the
 * vm_state, the child the task_state, with `idle` (and `confirming`) standing for None.
 * The API status is never a state: it is computed from this pair by the status map.
 */

export const SERVER_EVENT_TYPES = [
  // build outcomes, sent by the compute layer at decision points
  'NO_VALID_HOST',
  'SPAWN_FAILED',
  'BUILD_FAILED',
  'MOVE_FAILED',
  'MOVE_ERRORED',
  'EVACUATE_FAILED',
  'UNSHELVE_FAILED',
  'REBUILD_FAILED',
  // operations
  'REBOOT_SOFT',
  'REBOOT_HARD',
  'REBUILD',
  'EVACUATE',
  'EVACUATE_TO_STOPPED',
  'RESIZE',
  'CONFIRM_RESIZE',
  'REVERT_RESIZE',
  'START',
  'STOP',
  'PAUSE',
  'UNPAUSE',
  'SUSPEND',
  'RESUME',
  'RESCUE',
  'UNRESCUE',
  'CHANGE_PASSWORD',
  'SHELVE',
  'SHELVE_VOLUME',
  'SHELVE_OFFLOAD',
  'UNSHELVE',
  'LIVE_MIGRATE',
  'CREATE_IMAGE',
  'CREATE_BACKUP',
  'DELETE',
  'DELETE_LOCAL',
  'SOFT_DELETE',
  'RESTORE',
  'RECLAIM',
  'RESET_ACTIVE',
  'RESET_ERROR',
] as const;
export type ServerEventType = (typeof SERVER_EVENT_TYPES)[number];

/** Side effects the machine asks of the compute layer, by name. */
export type EffectName =
  | 'launched'
  | 'buildFailed'
  | 'rescheduled'
  | 'finishMove'
  | 'confirmMove'
  | 'revertMove'
  | 'moveFailed'
  | 'finishLiveMigration'
  | 'finishEvacuate'
  | 'offloaded'
  | 'deleted';

/** Points where the compute layer decides the outcome (scheduler, fault rules). */
export type Decision =
  | 'schedule-build'
  | 'spawn'
  | 'schedule-move'
  | 'schedule-live'
  | 'schedule-evacuate'
  | 'schedule-unshelve'
  | 'schedule-rebuild';

export interface ServerContext {
  powerState: PowerState;
  /** Whether a rebuild, resize or revert ends stopped rather than active. */
  stopOnFinish: boolean;
}

/** The child key that stands for a task_state of None. */
export const IDLE = 'idle';
/** confirmResize sets no task_state, yet the compute needs a moment: a child with task None. */
export const CONFIRMING = 'confirming';

type Child = TaskState | typeof IDLE | typeof CONFIRMING;
/** A child node: its key is its task_state, unless two walks share a task_state. */
type StepNode = Child | { readonly key: string; readonly task: TaskState };
interface Target {
  readonly vm: VmState | 'deleted';
  readonly child?: string;
}

interface Sequence {
  readonly event: ServerEventType;
  readonly from: readonly VmState[];
  readonly steps: readonly StepNode[];
  /** Where the last step leads; the first entry whose guard passes wins. */
  readonly end: readonly {
    readonly target: Target;
    readonly guard?: 'stopOnFinish' | 'offloadAtOnce';
  }[];
  readonly effects?: readonly EffectName[];
  /**
   * How `stopOnFinish` is set when the sequence starts; 'keep' leaves it as the walk that
   * led here set it (confirm/revert of a resize must remember whether the server was stopped).
   */
  readonly stopOnFinish?: 'origin-stopped' | 'unless-error' | 'keep';
  readonly decisions?: Readonly<Record<string, Decision>>;
}

/** Evacuation walks the rebuild task states on its own nodes: it ends on another host. */
const EVACUATE_STEPS = (
  ['rebuilding', 'rebuild_block_device_mapping', 'rebuild_spawning'] as const
).map((task) => ({ key: `evacuate_${task}`, task }));

const to = (vm: VmState | 'deleted', child: string = IDLE): Target => ({ vm, child });
const ACTIVE = [{ target: to('active') }] as const;
const STOPPED_OR_ACTIVE = [
  { target: to('stopped'), guard: 'stopOnFinish' as const },
  { target: to('active') },
] as const;
const IMAGE_STATES: readonly VmState[] = ['active', 'stopped', 'paused', 'suspended'];

/** Nova's task-state walks (reference §2.3), one row per operation. */
export const SEQUENCES: readonly Sequence[] = [
  {
    event: 'REBOOT_SOFT',
    from: ['active'],
    steps: ['rebooting', 'reboot_pending', 'reboot_started'],
    end: ACTIVE,
  },
  {
    event: 'REBOOT_HARD',
    from: ['active', 'stopped', 'paused', 'suspended', 'error'],
    steps: ['rebooting_hard', 'reboot_pending_hard', 'reboot_started_hard'],
    end: ACTIVE,
  },
  {
    event: 'REBUILD',
    from: ['active', 'stopped', 'error'],
    steps: ['rebuilding', 'rebuild_block_device_mapping', 'rebuild_spawning'],
    end: [
      { target: to('active', 'powering-off'), guard: 'stopOnFinish' },
      { target: to('active') },
    ],
    effects: ['launched'],
    stopOnFinish: 'origin-stopped',
    // A new image: the conductor asks the scheduler whether the host still takes it.
    decisions: { rebuilding: 'schedule-rebuild' },
  },
  {
    event: 'EVACUATE',
    from: ['active', 'stopped', 'error'],
    steps: EVACUATE_STEPS,
    end: [
      { target: to('active', 'powering-off'), guard: 'stopOnFinish' },
      { target: to('active') },
    ],
    effects: ['finishEvacuate', 'launched'],
    stopOnFinish: 'origin-stopped',
    decisions: { evacuate_rebuilding: 'schedule-evacuate' },
  },
  {
    event: 'EVACUATE_TO_STOPPED',
    from: ['active', 'stopped', 'error'],
    steps: EVACUATE_STEPS,
    end: [
      { target: to('active', 'powering-off'), guard: 'stopOnFinish' },
      { target: to('active') },
    ],
    effects: ['finishEvacuate', 'launched'],
    stopOnFinish: 'unless-error',
    decisions: { evacuate_rebuilding: 'schedule-evacuate' },
  },
  {
    event: 'RESIZE',
    from: ['active', 'stopped'],
    steps: ['resize_prep', 'resize_migrating', 'resize_migrated', 'resize_finish'],
    end: [{ target: to('resized') }],
    effects: ['finishMove'],
    stopOnFinish: 'origin-stopped',
    decisions: { resize_prep: 'schedule-move' },
  },
  {
    // Nova's _confirm_resize: stopped if power_state is SHUTDOWN, else active (§2.3).
    event: 'CONFIRM_RESIZE',
    from: ['resized'],
    steps: [CONFIRMING],
    end: STOPPED_OR_ACTIVE,
    effects: ['confirmMove'],
    stopOnFinish: 'keep',
  },
  {
    // finish_revert_resize: back to active, or, if the server was stopped, resized/powering-off
    // then stop_instance → stopped/None (§2.3).
    event: 'REVERT_RESIZE',
    from: ['resized'],
    steps: ['resize_reverting'],
    end: [
      { target: to('resized', 'powering-off'), guard: 'stopOnFinish' },
      { target: to('active') },
    ],
    effects: ['revertMove'],
    stopOnFinish: 'keep',
  },
  {
    event: 'STOP',
    from: ['active', 'error'],
    steps: ['powering-off'],
    end: [{ target: to('stopped') }],
  },
  { event: 'START', from: ['stopped'], steps: ['powering-on'], end: ACTIVE },
  { event: 'PAUSE', from: ['active'], steps: ['pausing'], end: [{ target: to('paused') }] },
  { event: 'UNPAUSE', from: ['paused'], steps: ['unpausing'], end: ACTIVE },
  { event: 'SUSPEND', from: ['active'], steps: ['suspending'], end: [{ target: to('suspended') }] },
  { event: 'RESUME', from: ['suspended'], steps: ['resuming'], end: ACTIVE },
  {
    event: 'RESCUE',
    from: ['active', 'stopped', 'error'],
    steps: ['rescuing'],
    end: [{ target: to('rescued') }],
    effects: ['launched'],
  },
  { event: 'UNRESCUE', from: ['rescued'], steps: ['unrescuing'], end: ACTIVE },
  { event: 'CHANGE_PASSWORD', from: ['active'], steps: ['updating_password'], end: ACTIVE },
  {
    event: 'SHELVE',
    from: IMAGE_STATES,
    steps: ['shelving', 'shelving_image_pending_upload', 'shelving_image_uploading'],
    end: [
      { target: to('shelved', 'shelving_offloading'), guard: 'offloadAtOnce' },
      { target: to('shelved') },
    ],
  },
  {
    // A volume-backed server has no image to upload: Nova offloads it straight away.
    event: 'SHELVE_VOLUME',
    from: IMAGE_STATES,
    steps: [{ key: 'volume_shelving', task: 'shelving' }],
    end: [{ target: to('shelved_offloaded') }],
    effects: ['offloaded'],
  },
  {
    event: 'SHELVE_OFFLOAD',
    from: ['shelved'],
    steps: ['shelving_offloading'],
    end: [{ target: to('shelved_offloaded') }],
    effects: ['offloaded'],
  },
  {
    event: 'UNSHELVE',
    from: ['shelved'],
    steps: ['unshelving', 'powering-on'],
    end: ACTIVE,
    effects: ['launched'],
  },
  {
    event: 'UNSHELVE',
    from: ['shelved_offloaded'],
    steps: ['unshelving', 'spawning'],
    end: ACTIVE,
    effects: ['launched'],
    decisions: { unshelving: 'schedule-unshelve' },
  },
  // A live migration keeps the vm_state: active|paused/migrating → same vm_state/None (§2.3).
  {
    event: 'LIVE_MIGRATE',
    from: ['active'],
    steps: ['migrating'],
    end: [{ target: to('active') }],
    effects: ['finishLiveMigration'],
    decisions: { migrating: 'schedule-live' },
  },
  {
    event: 'LIVE_MIGRATE',
    from: ['paused'],
    steps: ['migrating'],
    end: [{ target: to('paused') }],
    effects: ['finishLiveMigration'],
    decisions: { migrating: 'schedule-live' },
  },
  {
    event: 'CREATE_IMAGE',
    from: IMAGE_STATES,
    steps: ['image_snapshot_pending', 'image_snapshot', 'image_pending_upload', 'image_uploading'],
    end: [],
  },
  {
    event: 'CREATE_BACKUP',
    from: IMAGE_STATES,
    steps: ['image_backup', 'image_pending_upload', 'image_uploading'],
    end: [],
  },
  { event: 'RESTORE', from: ['soft-delete'], steps: ['restoring'], end: ACTIVE },
];

/** power_state on arrival at a vm_state at the end of a task walk (libvirt-like values). */
const POWER_ON_ARRIVAL: Partial<Record<VmState, PowerState>> = {
  active: POWER_STATE.RUNNING,
  stopped: POWER_STATE.SHUTDOWN,
  paused: POWER_STATE.PAUSED,
  // libvirt suspends by a managed save: the domain is shut off.
  suspended: POWER_STATE.SHUTDOWN,
  rescued: POWER_STATE.RUNNING,
  'soft-delete': POWER_STATE.SHUTDOWN,
  shelved: POWER_STATE.SHUTDOWN,
  shelved_offloaded: POWER_STATE.SHUTDOWN,
};

const VM_NODES: readonly VmState[] = [
  'building',
  'active',
  'stopped',
  'paused',
  'suspended',
  'rescued',
  'resized',
  'error',
  'soft-delete',
  'shelved',
  'shelved_offloaded',
];

export interface MachineTimings {
  /** Virtual milliseconds each task step takes, by task_state (null: a step with no task). */
  readonly stepMs: (task: TaskState | null) => number;
  /** Shelving with `shelved_offload_time` 0 offloads at once. */
  readonly offloadAtOnce: boolean;
}

type StateNodeConfig = {
  meta?: { taskState: TaskState | null; decision?: Decision };
  on?: Record<string, unknown>;
  after?: Record<string, unknown>;
};

function targetPath(target: Target): string {
  return target.vm === 'deleted'
    ? '#server.deleted'
    : `#server.${target.vm}.${target.child ?? IDLE}`;
}

function arrival(target: Target, effects: readonly EffectName[] = []) {
  return {
    target: targetPath(target),
    actions: [...effects, { type: 'arrive', params: { vm: target.vm } }],
  };
}

/** Builds the xstate config of every vm_state node from SEQUENCES. */
function buildStates() {
  const nodes = new Map<VmState, Record<string, StateNodeConfig>>();
  const child = (vm: VmState, step: StepNode): StateNodeConfig => {
    const [key, taskState] =
      typeof step === 'object'
        ? [step.key, step.task]
        : [step, step === IDLE || step === CONFIRMING ? null : step];
    let children = nodes.get(vm);
    if (!children) nodes.set(vm, (children = {}));
    let node = children[key];
    if (!node) children[key] = node = { meta: { taskState }, on: {} };
    return node;
  };
  const keyOf = (step: StepNode) => (typeof step === 'object' ? step.key : step);
  const setAfter = (node: StateNodeConfig, step: string, transition: unknown) => {
    const existing = node.after?.[step];
    if (existing && JSON.stringify(existing) !== JSON.stringify(transition)) {
      throw new Error(`conflicting next step for task ${step}`);
    }
    node.after = { [step]: transition };
  };

  for (const vm of VM_NODES) child(vm, IDLE);

  for (const seq of SEQUENCES) {
    for (const vm of seq.from) {
      const stopOnFinish =
        seq.stopOnFinish === 'origin-stopped'
          ? vm === 'stopped'
          : seq.stopOnFinish === 'unless-error'
            ? vm !== 'error'
            : false;
      const first = seq.steps[0] as StepNode;
      child(vm, IDLE).on![seq.event] = {
        target: `#server.${vm}.${keyOf(first)}`,
        actions: seq.stopOnFinish === 'keep' ? [] : [{ type: 'begin', params: { stopOnFinish } }],
      };
      seq.steps.forEach((step, i) => {
        const node = child(vm, step);
        const key = keyOf(step);
        const decision = seq.decisions?.[key];
        if (decision) node.meta = { taskState: node.meta!.taskState, decision };
        const next = seq.steps[i + 1];
        if (next !== undefined) {
          setAfter(node, key, { target: `#server.${vm}.${keyOf(next)}` });
        } else if (seq.end.length === 0) {
          setAfter(node, key, { target: `#server.${vm}.${IDLE}` });
        } else {
          setAfter(
            node,
            key,
            seq.end.map((end) => ({
              ...arrival(end.target, seq.effects),
              ...(end.guard ? { guard: end.guard } : {}),
            })),
          );
        }
      });
    }
  }

  // The build: scheduling → None → networking → block_device_mapping → spawning → active.
  const build = ['scheduling', IDLE, 'networking', 'block_device_mapping', 'spawning'] as const;
  build.forEach((step, i) => {
    const node = child('building', step);
    const next = build[i + 1];
    setAfter(
      node,
      step === IDLE ? 'building_idle' : step,
      next ? { target: `#server.building.${next}` } : arrival(to('active'), ['launched']),
    );
  });
  child('building', 'scheduling').meta = { taskState: 'scheduling', decision: 'schedule-build' };
  child('building', 'spawning').meta = { taskState: 'spawning', decision: 'spawn' };
  child('building', 'scheduling').on!.NO_VALID_HOST = arrival(to('error'), ['buildFailed']);
  child('building', 'spawning').on!.SPAWN_FAILED = {
    target: '#server.building.scheduling',
    actions: ['rescheduled'],
  };
  for (const step of build) {
    child('building', step).on!.BUILD_FAILED = arrival(to('error'), ['buildFailed']);
  }

  // Failed scheduling of a move leaves the server where it was, task None.
  for (const vm of ['active', 'stopped'] as const) {
    child(vm, 'resize_prep').on!.MOVE_FAILED = {
      target: `#server.${vm}.${IDLE}`,
      actions: ['moveFailed'],
    };
  }
  // An exception _live_migrate does not expect (a filter that raises): error/None.
  for (const vm of ['active', 'paused'] as const) {
    child(vm, 'migrating').on!.MOVE_FAILED = {
      target: `#server.${vm}.${IDLE}`,
      actions: ['moveFailed'],
    };
    child(vm, 'migrating').on!.MOVE_ERRORED = arrival(to('error'), ['moveFailed']);
  }
  // Evacuation that finds no host: the conductor sets error/None and records the fault
  // (nova/conductor/manager.py rebuild_instance, NoValidHost → vm_state ERROR).
  // A forced host whose Placement claim fails (MOVE_FAILED) keeps the vm_state, task None
  // (conductor/manager.py _allocate_for_evacuate_dest_host).
  for (const vm of ['active', 'stopped', 'error'] as const) {
    child(vm, EVACUATE_STEPS[0]!).on!.EVACUATE_FAILED = arrival(to('error'), ['moveFailed']);
    child(vm, EVACUATE_STEPS[0]!).on!.MOVE_FAILED = {
      target: `#server.${vm}.${IDLE}`,
      actions: ['moveFailed'],
    };
  }
  // A rebuild whose new image the host's filters refuse: the conductor sets error/None
  // (nova/conductor/manager.py rebuild_instance, NoValidHost); nothing was claimed.
  for (const vm of ['active', 'stopped', 'error'] as const) {
    child(vm, 'rebuilding').on!.REBUILD_FAILED = arrival(to('error'));
  }
  // The revert of a stopped server powers it off at the end: resized/powering-off → stopped.
  setAfter(child('resized', 'powering-off'), 'powering-off', arrival(to('stopped')));
  child('shelved_offloaded', 'unshelving').on!.UNSHELVE_FAILED = {
    target: `#server.shelved_offloaded.${IDLE}`,
  };

  // A hard reboot also interrupts the task states of task_states.ALLOW_REBOOT.
  for (const children of nodes.values()) {
    const fromIdle = children[IDLE]!.on!.REBOOT_HARD;
    if (!fromIdle) continue;
    for (const task of ALLOW_HARD_REBOOT_TASKS) {
      if (children[task]) children[task].on!.REBOOT_HARD = fromIdle;
    }
  }

  // Delete, soft delete, local delete, reset-state and reclaim work from every state.
  for (const vm of VM_NODES) {
    child(vm, 'deleting');
    child(vm, 'soft-deleting');
    setAfter(child(vm, 'deleting'), 'deleting', arrival(to('deleted'), ['deleted']));
    setAfter(child(vm, 'soft-deleting'), 'soft-deleting', arrival(to('soft-delete')));
  }
  for (const [vm, children] of nodes) {
    for (const [key, node] of Object.entries(children)) {
      if (key !== 'deleting') node.on!.DELETE = { target: `#server.${vm}.deleting` };
      if (key !== 'deleting' && key !== 'soft-deleting') {
        node.on!.SOFT_DELETE = { target: `#server.${vm}.soft-deleting` };
      }
      node.on!.DELETE_LOCAL = arrival(to('deleted'), ['deleted']);
      node.on!.RESET_ACTIVE = { target: '#server.active.idle' };
      node.on!.RESET_ERROR = { target: '#server.error.idle' };
    }
  }
  child('soft-delete', IDLE).on!.RECLAIM = arrival(to('deleted'), ['deleted']);

  // An evacuation takes over whatever task was running: nova/compute/api.py checks no
  // task_state for it and saves with no expected task.
  for (const children of nodes.values()) {
    for (const event of ['EVACUATE', 'EVACUATE_TO_STOPPED'] as const) {
      const fromIdle = children[IDLE]!.on![event];
      if (!fromIdle) continue;
      for (const [task, node] of Object.entries(children)) {
        if (task !== IDLE && task !== 'deleting' && task !== 'soft-deleting')
          node.on![event] = fromIdle;
      }
    }
  }

  const states: Record<string, unknown> = {};
  for (const [vm, children] of nodes) states[vm] = { initial: IDLE, states: children };
  states.building = { initial: 'scheduling', states: nodes.get('building') };
  states.deleted = { type: 'final', meta: { taskState: null } };
  return states;
}

/**
 * Creates the server machine for one cloud: step durations and the shelve policy come from
 * the cloud's config through named delays and guards.
 *
 * @example
 * const machine = createServerMachine({ stepMs: () => 1000, offloadAtOnce: true });
 */
export function createServerMachine(timings: MachineTimings) {
  const states = buildStates();
  const delays: Record<string, () => number> = {};
  const collect = (node: unknown) => {
    const n = node as StateNodeConfig & { states?: Record<string, unknown> };
    for (const step of Object.keys(n.after ?? {})) {
      const task = n.meta?.taskState ?? null;
      delays[step] = () => timings.stepMs(task);
    }
    for (const childNode of Object.values(n.states ?? {})) collect(childNode);
  };
  collect({ states });

  const effect = () => {};
  return setup({
    types: {
      context: {} as ServerContext,
      events: {} as { type: ServerEventType },
    },
    actions: {
      begin: assign((_, params: { stopOnFinish: boolean }) => ({
        stopOnFinish: params.stopOnFinish,
      })),
      arrive: assign(({ context }, params: { vm: VmState | 'deleted' }) => {
        if (params.vm === 'deleted')
          return { powerState: POWER_STATE.NOSTATE, stopOnFinish: false };
        if (params.vm === 'resized') {
          return { powerState: context.stopOnFinish ? POWER_STATE.SHUTDOWN : POWER_STATE.RUNNING };
        }
        return { powerState: POWER_ON_ARRIVAL[params.vm] ?? context.powerState };
      }),
      launched: effect,
      buildFailed: effect,
      rescheduled: effect,
      finishMove: effect,
      confirmMove: effect,
      revertMove: effect,
      moveFailed: effect,
      finishLiveMigration: effect,
      finishEvacuate: effect,
      offloaded: effect,
      deleted: effect,
    },
    guards: {
      stopOnFinish: ({ context }) => context.stopOnFinish,
      offloadAtOnce: () => timings.offloadAtOnce,
    },
    delays,
  }).createMachine({
    id: 'server',
    context: { powerState: POWER_STATE.NOSTATE, stopOnFinish: false },
    initial: 'building',
    // The generated config is checked by the tests that walk every state; its shape is
    // too dynamic for xstate's static typing.
    states: states as never,
  });
}

export type ServerMachine = ReturnType<typeof createServerMachine>;
