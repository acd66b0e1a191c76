import type { ActionRow } from './actions.js';
import type { RefTaskState, RefVmState } from './states.js';

/** What the reference needs to know of the target server before a request. */
export interface ActionSubject {
  /** The id as it appears in the URL. */
  readonly id: string;
  readonly vmState: RefVmState;
  readonly taskState: RefTaskState | null;
  readonly launched: boolean;
  readonly locked: boolean;
  readonly host: string | null;
  /** The host's nova-compute service reads as up (§8.4 `service_is_up`). */
  readonly hostUp: boolean;
}

export interface ActionCaller {
  readonly isAdmin: boolean;
  readonly roles: readonly string[];
}

/** The refusal the reference predicts: status and, for 409s, Nova's exact message. */
export interface Refusal {
  readonly status: 403 | 409;
  readonly message: string;
  /** Which check refused: `policy`, `lock`, `host`, `vm_state`, `task_state`, `launched_at`. */
  readonly check: string;
}

function policyAllows(row: ActionRow, caller: ActionCaller): boolean {
  if (caller.isAdmin || row.policy === 'member') return true;
  return row.policy === 'manager' && caller.roles.includes('manager');
}

function lockRefusal(row: ActionRow, s: ActionSubject, caller: ActionCaller): Refusal | undefined {
  if (!row.lockChecked || !s.locked || caller.isAdmin) return undefined;
  return {
    status: 409,
    check: 'lock',
    message:
      row.lockMessage === 'locked'
        ? `Instance ${s.id} is locked`
        : `Instance ${s.id} is in an invalid state for '${row.messageName}'`,
  };
}

function hostRefusal(row: ActionRow, s: ActionSubject): Refusal | undefined {
  if (row.host === 'none') return undefined;
  if (s.host === null) {
    return { status: 409, check: 'host', message: `Instance ${s.id} is not ready` };
  }
  if (row.host === 'up' && !s.hostUp) {
    return { status: 409, check: 'host', message: 'Service is unavailable at this time.' };
  }
  return undefined;
}

/** §2.1 `check_instance_state`: vm_state, then task_state, then launched_at. */
function stateRefusal(row: ActionRow, s: ActionSubject): Refusal | undefined {
  const refuse = (attr: string, value: string): Refusal => ({
    status: 409,
    check: attr,
    message: `Cannot '${row.messageName}' instance ${s.id} while it is in ${attr} ${value}`,
  });
  if (row.vmStates !== 'any' && !row.vmStates.includes(s.vmState)) {
    return refuse('vm_state', s.vmState);
  }
  if (row.taskStates !== 'any' && !row.taskStates.includes(s.taskState)) {
    return refuse('task_state', s.taskState ?? 'None');
  }
  if (row.launched && !s.launched) return refuse('launched_at', 'None');
  return undefined;
}

/**
 * The refusal Nova gives an action on a server the caller can see, in Nova's order:
 * policy (403), then lock → state → host, or lock → host → state for the host-first
 * actions (§2.1, §2.2). Undefined when the preconditions pass.
 *
 * @example
 * refusalFor(REFERENCE_ACTIONS.pause, { vmState: 'stopped', … }, member)?.message;
 * // "Cannot 'pause' instance <id> while it is in vm_state stopped"
 */
export function refusalFor(
  row: ActionRow,
  subject: ActionSubject,
  caller: ActionCaller,
): Refusal | undefined {
  if (!policyAllows(row, caller)) {
    return { status: 403, check: 'policy', message: "Policy doesn't allow" };
  }
  const lock = lockRefusal(row, subject, caller);
  if (lock) return lock;
  if (row.hostFirst) return hostRefusal(row, subject) ?? stateRefusal(row, subject);
  return stateRefusal(row, subject) ?? hostRefusal(row, subject);
}
