import { ALLOW_REBOOT, REF_TASK_STATES, type RefTaskState, type RefVmState } from './states.js';

/**
 * The operations a caller can ask of one server, by the harness's own names (a reboot's
 * two types are two operations; `delete` is `DELETE /servers/{id}`, `update` is PUT).
 */
export const REF_ACTIONS = [
  'rebootSoft',
  'rebootHard',
  'rebuild',
  'resize',
  'confirmResize',
  'revertResize',
  'start',
  'stop',
  'pause',
  'unpause',
  'suspend',
  'resume',
  'rescue',
  'unrescue',
  'lock',
  'unlock',
  'changePassword',
  'shelve',
  'shelveOffload',
  'unshelve',
  'migrate',
  'migrateLive',
  'evacuate',
  'restore',
  'forceDelete',
  'resetState',
  'createImage',
  'createBackup',
  'triggerCrashDump',
  'injectNetworkInfo',
  'delete',
  'update',
] as const;
export type RefAction = (typeof REF_ACTIONS)[number];

/** Who may call an operation by default (§2.2 "Default policy"). */
export type RefPolicy = 'member' | 'manager' | 'admin';

/**
 * One row of §2.2, with the lock facts of §2.4 and the check order of §2.2's footnote.
 * `taskStates: 'any'` is a task check passed as None (disabled); `host: 'up'` also needs
 * the host's nova-compute service up.
 */
export interface ActionRow {
  /** The key of the action body (`reboot`, `os-start`…); '' for DELETE and PUT. */
  readonly bodyKey: string;
  /** The name Nova's 409 messages use (`start`, not `os-start`). */
  readonly messageName: string;
  readonly lockChecked: boolean;
  /** §2.4: restore and changePassword report a lock as an invalid state. */
  readonly lockMessage: 'locked' | 'invalid-state';
  readonly vmStates: readonly RefVmState[] | 'any';
  readonly taskStates: readonly (RefTaskState | null)[] | 'any';
  readonly launched: boolean;
  readonly host: 'none' | 'set' | 'up';
  /** §2.2: stop/start/trigger_crash_dump check the host before the state. */
  readonly hostFirst: boolean;
  readonly policy: RefPolicy;
  readonly success: 200 | 202 | 204;
  /** The action does not exist below this microversion (Nova answers 404). */
  readonly minVersion?: string;
  /** Whether the API-side call waits for the compute (RPC call, §2.3 changePassword). */
  readonly synchronous?: boolean;
}

type RowInput = Partial<ActionRow> & Pick<ActionRow, 'bodyKey' | 'vmStates'>;

function row(input: RowInput): ActionRow {
  return {
    messageName: input.bodyKey,
    lockChecked: true,
    lockMessage: 'locked',
    taskStates: [null],
    launched: true,
    host: 'none',
    hostFirst: false,
    policy: 'member',
    success: 202,
    ...input,
  };
}

const IMAGE_STATES: readonly RefVmState[] = ['active', 'stopped', 'paused', 'suspended'];

/** The allowed-state table: §2.2, with §2.1's action names and §2.4's lock facts. */
export type ActionTable = Readonly<Record<RefAction, ActionRow>>;

/**
 * §2.2 as data.
 *
 * @example
 * REFERENCE_ACTIONS.stop.vmStates; // ['active', 'error']
 */
export const REFERENCE_ACTIONS: ActionTable = {
  rebootSoft: row({ bodyKey: 'reboot', vmStates: ['active'] }),
  rebootHard: row({
    bodyKey: 'reboot',
    vmStates: ['active', 'stopped', 'paused', 'suspended', 'error'],
    taskStates: [null, ...ALLOW_REBOOT],
  }),
  rebuild: row({ bodyKey: 'rebuild', vmStates: ['active', 'stopped', 'error'] }),
  resize: row({ bodyKey: 'resize', vmStates: ['active', 'stopped'], host: 'up' }),
  confirmResize: row({ bodyKey: 'confirmResize', vmStates: ['resized'], success: 204 }),
  revertResize: row({ bodyKey: 'revertResize', vmStates: ['resized'] }),
  start: row({
    bodyKey: 'os-start',
    messageName: 'start',
    vmStates: ['stopped'],
    host: 'set',
    hostFirst: true,
  }),
  stop: row({
    bodyKey: 'os-stop',
    messageName: 'stop',
    vmStates: ['active', 'error'],
    host: 'set',
    hostFirst: true,
  }),
  pause: row({ bodyKey: 'pause', vmStates: ['active'] }),
  unpause: row({ bodyKey: 'unpause', vmStates: ['paused'] }),
  suspend: row({ bodyKey: 'suspend', vmStates: ['active'] }),
  resume: row({ bodyKey: 'resume', vmStates: ['suspended'] }),
  rescue: row({ bodyKey: 'rescue', vmStates: ['active', 'stopped', 'error'], success: 200 }),
  unrescue: row({ bodyKey: 'unrescue', vmStates: ['rescued'] }),
  lock: row({
    bodyKey: 'lock',
    vmStates: 'any',
    taskStates: 'any',
    launched: false,
    lockChecked: false,
  }),
  unlock: row({
    bodyKey: 'unlock',
    vmStates: 'any',
    taskStates: 'any',
    launched: false,
    lockChecked: false,
  }),
  changePassword: row({
    bodyKey: 'changePassword',
    vmStates: ['active'],
    lockMessage: 'invalid-state',
    synchronous: true,
  }),
  shelve: row({ bodyKey: 'shelve', vmStates: IMAGE_STATES }),
  shelveOffload: row({ bodyKey: 'shelveOffload', vmStates: ['shelved'], policy: 'admin' }),
  unshelve: row({ bodyKey: 'unshelve', vmStates: ['shelved', 'shelved_offloaded'] }),
  migrate: row({
    bodyKey: 'migrate',
    vmStates: ['active', 'stopped'],
    host: 'up',
    policy: 'manager',
  }),
  migrateLive: row({
    bodyKey: 'os-migrateLive',
    messageName: 'os-migrateLive',
    vmStates: ['active', 'paused'],
    policy: 'manager',
  }),
  // No task check (nova/compute/api.py `evacuate`, task_state=None); the simulator lets a
  // delete under way finish first.
  evacuate: row({
    bodyKey: 'evacuate',
    vmStates: ['active', 'stopped', 'error'],
    taskStates: [null, ...REF_TASK_STATES.filter((t) => t !== 'deleting' && t !== 'soft-deleting')],
    lockChecked: false,
    policy: 'admin',
    success: 200,
  }),
  restore: row({ bodyKey: 'restore', vmStates: ['soft-delete'], lockMessage: 'invalid-state' }),
  forceDelete: row({
    bodyKey: 'forceDelete',
    vmStates: 'any',
    taskStates: 'any',
    launched: false,
  }),
  resetState: row({
    bodyKey: 'os-resetState',
    messageName: 'os-resetState',
    vmStates: 'any',
    taskStates: 'any',
    launched: false,
    lockChecked: false,
    policy: 'admin',
  }),
  createImage: row({ bodyKey: 'createImage', vmStates: IMAGE_STATES, lockChecked: false }),
  createBackup: row({ bodyKey: 'createBackup', vmStates: IMAGE_STATES, lockChecked: false }),
  triggerCrashDump: row({
    bodyKey: 'trigger_crash_dump',
    vmStates: ['active', 'paused', 'rescued', 'resized', 'error'],
    host: 'set',
    hostFirst: true,
    minVersion: '2.17',
  }),
  injectNetworkInfo: row({
    bodyKey: 'injectNetworkInfo',
    vmStates: 'any',
    taskStates: 'any',
    launched: false,
    policy: 'admin',
  }),
  delete: row({
    bodyKey: '',
    messageName: 'delete',
    vmStates: 'any',
    taskStates: 'any',
    launched: false,
    success: 204,
  }),
  update: row({
    bodyKey: '',
    messageName: 'update',
    vmStates: 'any',
    taskStates: 'any',
    launched: false,
    lockChecked: false,
    success: 200,
  }),
};

/** Actions that change no vm_state/task_state when accepted (§2.3 last rows). */
export const STATELESS_ACTIONS: ReadonlySet<RefAction> = new Set<RefAction>([
  'lock',
  'unlock',
  'triggerCrashDump',
  'injectNetworkInfo',
  'update',
]);
