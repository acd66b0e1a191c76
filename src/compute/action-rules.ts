import { NovaError } from '../errors/nova-error.js';
import type { Server } from './server.js';
import { ALLOW_HARD_REBOOT_TASKS, TASK_STATES, type TaskState, type VmState } from './states.js';

/**
 * Nova's `check_instance_lock` / `check_instance_host` / `check_instance_state` decorators as
 * data (nova/compute/api.py). One row per operation the API can ask of a server.
 */
export interface ActionRule {
  /** The action name Nova puts in its 409 messages. */
  readonly name: string;
  readonly lockChecked: boolean;
  /** 'any' skips the vm_state check. */
  readonly vmStates: readonly VmState[] | 'any';
  /** 'any' skips the task_state check; null stands for "no task running". */
  readonly taskStates: readonly (TaskState | null)[] | 'any';
  readonly mustHaveLaunched: boolean;
  /** 'set': `check_instance_host` (409 not ready); 'up': the host's service must also be up. */
  readonly host: 'none' | 'set' | 'up';
  /** Order of the checks when several fail (stop/start/crash dump look at the host first). */
  readonly hostCheckFirst: boolean;
  /** Whether a locked-server refusal reads `is locked` or the generic invalid-state text. */
  readonly lockMessage: 'locked' | 'invalid-state';
}

const IDLE: readonly (TaskState | null)[] = [null];

function rule(
  name: string,
  vmStates: readonly VmState[] | 'any',
  extra: Partial<Omit<ActionRule, 'name' | 'vmStates'>> = {},
): ActionRule {
  return {
    name,
    vmStates,
    lockChecked: true,
    taskStates: IDLE,
    mustHaveLaunched: true,
    host: 'none',
    hostCheckFirst: false,
    lockMessage: 'locked',
    ...extra,
  };
}

const IMAGE_STATES: readonly VmState[] = ['active', 'stopped', 'paused', 'suspended'];
const VOLUME_STATES: readonly VmState[] = [
  'active',
  'paused',
  'stopped',
  'resized',
  'soft-delete',
  'shelved',
  'shelved_offloaded',
];

/** §2.2 of the reference: allowed states per action. */
export const ACTION_RULES = {
  rebootSoft: rule('reboot', ['active']),
  rebootHard: rule('reboot', ['active', 'stopped', 'paused', 'suspended', 'error'], {
    taskStates: [null, ...ALLOW_HARD_REBOOT_TASKS],
  }),
  rebuild: rule('rebuild', ['active', 'stopped', 'error']),
  resize: rule('resize', ['active', 'stopped'], { host: 'up' }),
  migrate: rule('migrate', ['active', 'stopped'], { host: 'up' }),
  confirmResize: rule('confirmResize', ['resized']),
  revertResize: rule('revertResize', ['resized']),
  start: rule('start', ['stopped'], { host: 'set', hostCheckFirst: true }),
  stop: rule('stop', ['active', 'error'], { host: 'set', hostCheckFirst: true }),
  pause: rule('pause', ['active']),
  unpause: rule('unpause', ['paused']),
  suspend: rule('suspend', ['active']),
  resume: rule('resume', ['suspended']),
  rescue: rule('rescue', ['active', 'stopped', 'error']),
  unrescue: rule('unrescue', ['rescued']),
  changePassword: rule('changePassword', ['active'], { lockMessage: 'invalid-state' }),
  shelve: rule('shelve', IMAGE_STATES),
  shelveOffload: rule('shelveOffload', ['shelved']),
  unshelve: rule('unshelve', ['shelved', 'shelved_offloaded']),
  migrateLive: rule('os-migrateLive', ['active', 'paused']),
  // No task check: check_instance_state(task_state=None) turns it off, and the save that
  // follows expects no task either (nova/compute/api.py `evacuate`). A delete already
  // under way is the one task the simulator lets finish.
  evacuate: rule('evacuate', ['active', 'stopped', 'error'], {
    lockChecked: false,
    taskStates: [null, ...TASK_STATES.filter((t) => t !== 'deleting' && t !== 'soft-deleting')],
  }),
  restore: rule('restore', ['soft-delete'], { lockMessage: 'invalid-state' }),
  softDelete: rule('delete', 'any', { taskStates: 'any' }),
  delete: rule('delete', 'any', { taskStates: 'any', mustHaveLaunched: false }),
  forceDelete: rule('forceDelete', 'any', { taskStates: 'any', mustHaveLaunched: false }),
  createImage: rule('createImage', IMAGE_STATES, { lockChecked: false }),
  createBackup: rule('createBackup', IMAGE_STATES, { lockChecked: false }),
  triggerCrashDump: rule(
    'trigger_crash_dump',
    ['active', 'paused', 'rescued', 'resized', 'error'],
    {
      host: 'set',
      hostCheckFirst: true,
    },
  ),
  injectNetworkInfo: rule('injectNetworkInfo', 'any', {
    taskStates: 'any',
    mustHaveLaunched: false,
  }),
  lock: rule('lock', 'any', { lockChecked: false, taskStates: 'any', mustHaveLaunched: false }),
  unlock: rule('unlock', 'any', { lockChecked: false, taskStates: 'any', mustHaveLaunched: false }),
  // nova/compute/api.py attach_volume / detach_volume / swap_volume.
  attachVolume: rule('attach_volume', VOLUME_STATES),
  detachVolume: rule('detach_volume', VOLUME_STATES),
  swapVolume: rule('swap_volume', ['active', 'paused', 'resized']),
  resetState: rule('os-resetState', 'any', {
    lockChecked: false,
    taskStates: 'any',
    mustHaveLaunched: false,
  }),
} as const satisfies Record<string, ActionRule>;

export type ActionName = keyof typeof ACTION_RULES;

/** What the checks need to know about a server and the caller. */
export interface CheckSubject {
  readonly id: string;
  readonly vmState: VmState;
  readonly taskState: TaskState | null;
  readonly launchedAt: number | null;
  readonly locked: boolean;
  readonly host: string | null;
}

/** What the checks read of a server record. */
export function checkSubject(server: Server): CheckSubject {
  return {
    id: server.id,
    vmState: server.machine.vmState,
    taskState: server.machine.taskState,
    launchedAt: server.launchedAt,
    locked: server.lockedBy !== null,
    host: server.host,
  };
}

export interface CheckContext {
  readonly isAdmin: boolean;
  /** Whether the server's host runs an up nova-compute service. */
  readonly hostUp: boolean;
}

/** The state refusal Nova would give, or undefined when the state allows the action. */
export function stateRefusal(rule: ActionRule, server: CheckSubject): NovaError | undefined {
  const invalid = (attr: string, value: string) =>
    NovaError.conflict(
      `Cannot '${rule.name}' instance ${server.id} while it is in ${attr} ${value}`,
    );
  if (rule.vmStates !== 'any' && !rule.vmStates.includes(server.vmState)) {
    return invalid('vm_state', server.vmState);
  }
  if (rule.taskStates !== 'any' && !rule.taskStates.includes(server.taskState)) {
    return invalid('task_state', server.taskState ?? 'None');
  }
  if (rule.mustHaveLaunched && server.launchedAt === null) return invalid('launched_at', 'None');
  return undefined;
}

function hostRefusal(
  rule: ActionRule,
  server: CheckSubject,
  ctx: CheckContext,
): NovaError | undefined {
  if (rule.host === 'none') return undefined;
  if (server.host === null) return NovaError.conflict(`Instance ${server.id} is not ready`);
  if (rule.host === 'up' && !ctx.hostUp)
    return NovaError.conflict('Service is unavailable at this time.');
  return undefined;
}

function lockRefusal(
  rule: ActionRule,
  server: CheckSubject,
  ctx: CheckContext,
): NovaError | undefined {
  if (!rule.lockChecked || !server.locked || ctx.isAdmin) return undefined;
  return rule.lockMessage === 'locked'
    ? NovaError.conflict(`Instance ${server.id} is locked`)
    : NovaError.conflict(`Instance ${server.id} is in an invalid state for '${rule.name}'`);
}

/**
 * Runs Nova's precondition decorators in their order and returns the first refusal.
 *
 * @example
 * const refusal = checkAction(ACTION_RULES.pause, server, { isAdmin: false, hostUp: true });
 * if (refusal) throw refusal;
 */
export function checkAction(
  rule: ActionRule,
  server: CheckSubject,
  ctx: CheckContext,
): NovaError | undefined {
  const lock = lockRefusal(rule, server, ctx);
  if (lock) return lock;
  if (rule.hostCheckFirst) return hostRefusal(rule, server, ctx) ?? stateRefusal(rule, server);
  return stateRefusal(rule, server) ?? hostRefusal(rule, server, ctx);
}
