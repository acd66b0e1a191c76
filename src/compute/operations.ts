import { NovaError } from '../errors/nova-error.js';
import { appendAction, openComputeEvent } from './action-records.js';
import { ACTION_RULES, type ActionName, checkAction, checkSubject } from './action-rules.js';
import type { Compute } from './compute.js';
import { conductorFailed } from './conductor-events.js';
import { type LiveMigrationRefusal, liveMigrationPrecheck } from './live-migrate-checks.js';
import { checkQuota } from './quota.js';
import {
  type Flavor,
  type InstanceAction,
  isVolumeBacked,
  type Migration,
  type RebuildCheck,
  type Server,
} from './server.js';
import type { ServerEventType } from './server-machine.js';

/** Who asks: the project and user of the request, admin or not. */
export interface Caller {
  readonly projectId: string;
  readonly userId: string;
  readonly isAdmin: boolean;
  readonly requestId: string;
}

/** Appends an os-instance-actions record for a request, stamped now (see appendAction). */
export function recordAction(
  compute: Compute,
  server: Server,
  caller: Caller,
  action: string,
  options: { asyncLive?: boolean } = {},
): InstanceAction {
  return appendAction(server, caller, action, compute.now(), options);
}

/**
 * Runs Nova's precondition checks for an action; throws the refusal Nova gives. With the
 * machine event the action will send, also refuses (task_state 409) what the machine
 * would, so that nothing is recorded or changed before a refusal.
 */
export function check(
  compute: Compute,
  server: Server,
  caller: Caller,
  action: ActionName,
  event?: ServerEventType,
): void {
  const refusal = checkAction(ACTION_RULES[action], checkSubject(server), {
    isAdmin: caller.isAdmin,
    hostUp: compute.isHostUp(server.host),
  });
  if (refusal) throw refusal;
  if (event !== undefined) compute.assertAccepts(server, event, ACTION_RULES[action].name);
}

/** Checks, records and sends one operation whose only work is the machine's walk. */
function run(
  compute: Compute,
  server: Server,
  caller: Caller,
  rule: ActionName,
  event: ServerEventType,
  record: string,
): void {
  check(compute, server, caller, rule, event);
  recordAction(compute, server, caller, record);
  compute.send(server, event, ACTION_RULES[rule].name);
}

export const reboot = (c: Compute, s: Server, who: Caller, hard: boolean) =>
  hard
    ? run(c, s, who, 'rebootHard', 'REBOOT_HARD', 'reboot')
    : run(c, s, who, 'rebootSoft', 'REBOOT_SOFT', 'reboot');
export const stop = (c: Compute, s: Server, who: Caller) => run(c, s, who, 'stop', 'STOP', 'stop');
export const start = (c: Compute, s: Server, who: Caller) =>
  run(c, s, who, 'start', 'START', 'start');
export const pause = (c: Compute, s: Server, who: Caller) =>
  run(c, s, who, 'pause', 'PAUSE', 'pause');
export const unpause = (c: Compute, s: Server, who: Caller) =>
  run(c, s, who, 'unpause', 'UNPAUSE', 'unpause');
export const suspend = (c: Compute, s: Server, who: Caller) =>
  run(c, s, who, 'suspend', 'SUSPEND', 'suspend');
export const resume = (c: Compute, s: Server, who: Caller) =>
  run(c, s, who, 'resume', 'RESUME', 'resume');
export const unrescue = (c: Compute, s: Server, who: Caller) =>
  run(c, s, who, 'unrescue', 'UNRESCUE', 'unrescue');
export const shelveOffload = (c: Compute, s: Server, who: Caller) =>
  run(c, s, who, 'shelveOffload', 'SHELVE_OFFLOAD', 'shelveOffload');

export function shelve(compute: Compute, server: Server, caller: Caller): void {
  // compute.API.shelve: a volume-backed server has no disk for Glance and is offloaded.
  const event = isVolumeBacked(server) ? 'SHELVE_VOLUME' : 'SHELVE';
  run(compute, server, caller, 'shelve', event, 'shelve');
  server.shelvedAt = compute.now();
}

export function rescue(compute: Compute, server: Server, caller: Caller): void {
  run(compute, server, caller, 'rescue', 'RESCUE', 'rescue');
}

/** Nova's changePassword is a synchronous RPC: the 202 comes after the compute is done. */
export function changePassword(compute: Compute, server: Server, caller: Caller): void {
  check(compute, server, caller, 'changePassword', 'CHANGE_PASSWORD');
  recordAction(compute, server, caller, 'changePassword');
  compute.send(server, 'CHANGE_PASSWORD', 'changePassword');
  // The RPC call needs a running nova-compute, whether or not its service reads as down yet.
  if (!compute.isHostAlive(server.host)) {
    // The RPC call times out: Nova answers 500 and leaves the task_state set.
    throw new NovaError(
      500,
      "Unexpected API Error. Please contact the administrator\n<class 'oslo_messaging.exceptions.MessagingTimeout'>",
    );
  }
  compute.completeNow(server);
}

/**
 * Starts a rebuild. `imageCheck` is given when the image changes: the conductor then asks
 * the scheduler whether the server's host takes the new image before the compute starts.
 */
export function rebuild(
  compute: Compute,
  server: Server,
  caller: Caller,
  imageRef: string,
  imageCheck?: RebuildCheck,
): void {
  check(compute, server, caller, 'rebuild', 'REBUILD');
  recordAction(compute, server, caller, 'rebuild');
  // Master keeps a volume-backed server's image_ref over a rebuild (empty stays empty).
  if (!isVolumeBacked(server)) server.imageRef = imageRef;
  if (imageCheck !== undefined) server.rebuildCheck = imageCheck;
  else delete server.rebuildCheck;
  compute.send(server, 'REBUILD', 'rebuild');
}

export function resize(compute: Compute, server: Server, caller: Caller, flavor: Flavor): void {
  check(compute, server, caller, 'resize', 'RESIZE');
  checkResize(compute, server, flavor);
  startMove(compute, server, caller, { record: 'resize', event: 'RESIZE', action: 'resize' }, () =>
    compute.newMigration(server, 'resize', flavor),
  );
}

/** compute.API.resize's checks of the new flavor that come before the image's: a change, and quota. */
export function checkResize(compute: Compute, server: Server, flavor: Flavor): void {
  if (flavor.id === server.flavor.id)
    throw NovaError.badRequest('When resizing, instances must change flavor!');
  // Only the growth of an upsize is checked (Nova's _check_quota_for_upsize).
  checkQuota(compute, server.projectId, {
    instances: 0,
    cores: Math.max(0, flavor.vcpus - server.flavor.vcpus),
    ram: Math.max(0, flavor.ram - server.flavor.ram),
  });
}

export function migrate(
  compute: Compute,
  server: Server,
  caller: Caller,
  host: string | null,
): void {
  check(compute, server, caller, 'migrate', 'RESIZE');
  if (host !== null && host === server.host) {
    throw NovaError.badRequest('Cannot migrate to the host where the server exists.');
  }
  startMove(
    compute,
    server,
    caller,
    { record: 'migrate', event: 'RESIZE', action: 'migrate' },
    () => compute.newMigration(server, 'migration', server.flavor, host),
  );
}

export function liveMigrate(
  compute: Compute,
  server: Server,
  caller: Caller,
  host: string | null,
  /** Before 2.34 the API waits for the conductor's pre-checks and answers their error. */
  awaitChecks = true,
  /** The named host skips the scheduler (before 2.30, or `force`). */
  forced = false,
): void {
  check(compute, server, caller, 'migrateLive', 'LIVE_MIGRATE');
  let raised = false;
  const precheck =
    liveMigrationPrecheck(server) ??
    (forced && host !== null
      ? compute.forcedLiveMigrationRefusal(server, host)
      : noDestination(compute, server, host, awaitChecks, () => {
          raised = true;
        }));
  if (precheck) {
    // The API records the action before it calls the conductor, whose task fails (its
    // event, not the compute's, closes with Error) and puts the task state back: the
    // server ends as it was, with an `error` migration and the fault. Before 2.34 the API
    // waited for the conductor and answers its error too, a 4xx that leaves those records
    // behind, as master's does (docs/decisions/0013-refused-live-migration-records.md).
    const action = recordAction(compute, server, caller, 'live-migration', {
      asyncLive: !awaitChecks,
    });
    conductorFailed(action, compute.now(), precheck.fault.message);
    compute.refusedLiveMigration(server, host, precheck.fault);
    if (awaitChecks) throw precheck.api;
    return;
  }
  startMove(
    compute,
    server,
    caller,
    {
      record: 'live-migration',
      event: 'LIVE_MIGRATE',
      action: 'os-migrateLive',
      asyncLive: !awaitChecks,
    },
    () => {
      const migration = compute.newMigration(server, 'live-migration', server.flavor, host);
      if (forced && host !== null) migration.forced = true;
      return migration;
    },
  );
  // The compute runs the migration for the whole step: it reads as in progress.
  if (server.migration) compute.setMigrationStatus(server.migration, 'running');
  if (raised) {
    // Before 2.34 the API waits for the conductor, whose _live_migrate turns a filter's
    // exception into error/None, the fault and a MigrationError: an unexpected API error.
    compute.runPendingNow(server);
    throw new NovaError(
      500,
      "Unexpected API Error. Please contact the administrator\n<class 'nova.exception.MigrationError'>",
    );
  }
}

/**
 * Before 2.34, the conductor's scheduler call (to the named host, through the filters,
 * from 2.30) finds no destination: the API answers NoValidHost as a 400, its fault a
 * NovaException's 500. From 2.34 the move's own step meets the same refusal after the 202.
 */
function noDestination(
  compute: Compute,
  server: Server,
  host: string | null,
  awaitChecks: boolean,
  onRaised: () => void,
): LiveMigrationRefusal | undefined {
  if (!awaitChecks) return undefined;
  const found = compute.liveMigrationNoHost(server, host ?? undefined);
  if (found === undefined) return undefined;
  // A filter that raised is no pre-check refusal: the move's own step meets it (see liveMigrate).
  if (found.raised) {
    onRaised();
    return undefined;
  }
  const { message } = found;
  return { api: NovaError.badRequest(message), fault: { code: 500, message } };
}

/**
 * Starts a resize, migration, live migration or evacuation. The migration record is built first: a
 * server with no host refuses there (409 not ready), before anything is recorded.
 */
function startMove(
  compute: Compute,
  server: Server,
  caller: Caller,
  step: { record: string; event: ServerEventType; action: string; asyncLive?: boolean },
  newMigration: () => Migration,
): void {
  const migration = newMigration();
  recordAction(compute, server, caller, step.record, { asyncLive: step.asyncLive !== false });
  server.migration = migration;
  compute.send(server, step.event, step.action);
}

export function confirmResize(compute: Compute, server: Server, caller: Caller): void {
  check(compute, server, caller, 'confirmResize');
  if (server.migration?.status !== 'finished')
    throw NovaError.badRequest('Instance has not been resized.');
  compute.assertAccepts(server, 'CONFIRM_RESIZE', 'confirmResize');
  if (!compute.isHostUp(server.migration.sourceHost)) {
    throw NovaError.conflict('Service is unavailable at this time.');
  }
  recordAction(compute, server, caller, 'confirmResize');
  compute.setMigrationStatus(server.migration, 'confirming');
  compute.send(server, 'CONFIRM_RESIZE', 'confirmResize');
}

export function revertResize(compute: Compute, server: Server, caller: Caller): void {
  check(compute, server, caller, 'revertResize');
  if (server.migration?.status !== 'finished')
    throw NovaError.badRequest('Instance has not been resized.');
  compute.assertAccepts(server, 'REVERT_RESIZE', 'revertResize');
  recordAction(compute, server, caller, 'revertResize');
  compute.setMigrationStatus(server.migration, 'reverting');
  compute.send(server, 'REVERT_RESIZE', 'revertResize');
}

/**
 * Evacuation needs the source compute down. From microversion 2.95 the server ends
 * stopped wherever it came from, except from error.
 */
export function evacuate(
  compute: Compute,
  server: Server,
  caller: Caller,
  options: { host: string | null; toStopped: boolean; forced?: boolean },
): void {
  // The API compares the target with the server's host before any state check, so a
  // shelved-offloaded server (no host) evacuated with no target is this 400 too.
  if (options.host === server.host) {
    throw NovaError.badRequest("The target host can't be the same one.");
  }
  check(compute, server, caller, 'evacuate', 'EVACUATE');
  const source = server.host;
  if (source === null) throw NovaError.conflict(`Instance ${server.id} is not ready`);
  if (compute.isHostUp(source))
    throw NovaError.badRequest(`Compute service of ${source} is still in use.`);
  const event = options.toStopped ? 'EVACUATE_TO_STOPPED' : 'EVACUATE';
  startMove(compute, server, caller, { record: 'evacuate', event, action: 'evacuate' }, () => {
    const migration = compute.newMigration(server, 'evacuation', server.flavor, options.host);
    if (options.forced === true && options.host !== null) migration.forced = true;
    return migration;
  });
}

export function unshelve(
  compute: Compute,
  server: Server,
  caller: Caller,
  options: { availabilityZone?: string | null; host?: string | null } = {},
): void {
  check(compute, server, caller, 'unshelve', 'UNSHELVE');
  if (options.availabilityZone !== undefined || options.host !== undefined) checkOffloaded(server);
  recordAction(compute, server, caller, 'unshelve');
  if (options.availabilityZone !== undefined) server.requestedAz = options.availabilityZone;
  if (typeof options.host === 'string') server.unshelveHost = options.host;
  server.shelvedAt = null;
  compute.send(server, 'UNSHELVE', 'unshelve');
}

/** compute.API `_check_offloaded`: a zone or host for unshelve needs SHELVED_OFFLOADED. */
export function checkOffloaded(server: Server): void {
  if (server.machine.vmState !== 'shelved_offloaded') {
    throw NovaError.conflict(
      `Specifying an availability zone or a host when unshelving server "${server.id}" with status "${server.machine.vmState}" is not supported. The server status must be SHELVED_OFFLOADED.`,
    );
  }
}

export function restore(compute: Compute, server: Server, caller: Caller): void {
  check(compute, server, caller, 'restore', 'RESTORE');
  checkQuota(compute, server.projectId, {
    instances: 1,
    cores: server.flavor.vcpus,
    ram: server.flavor.ram,
  });
  recordAction(compute, server, caller, 'restore');
  server.deletedAt = null;
  compute.send(server, 'RESTORE', 'restore');
}

export function createImage(
  compute: Compute,
  server: Server,
  caller: Caller,
  backup: boolean,
): void {
  check(
    compute,
    server,
    caller,
    backup ? 'createBackup' : 'createImage',
    backup ? 'CREATE_BACKUP' : 'CREATE_IMAGE',
  );
  recordAction(compute, server, caller, backup ? 'createBackup' : 'createImage');
  // A volume-backed snapshot is a Cinder snapshot: the server's task_state never moves.
  if (isVolumeBacked(server)) return;
  compute.send(
    server,
    backup ? 'CREATE_BACKUP' : 'CREATE_IMAGE',
    backup ? 'createBackup' : 'createImage',
  );
}

export function triggerCrashDump(compute: Compute, server: Server, caller: Caller): void {
  check(compute, server, caller, 'triggerCrashDump');
  recordAction(compute, server, caller, 'trigger_crash_dump');
}

/**
 * Locks as `owner` (the server's project, admins of it included) or `admin`. The owner
 * locking a locked server changes and records nothing; anyone else takes the lock over
 * (nova/compute/api.py `lock`), keeping the old reason unless a new one is given.
 */
export function lock(
  compute: Compute,
  server: Server,
  caller: Caller,
  reason: string | null,
): void {
  check(compute, server, caller, 'lock');
  const isOwner = caller.projectId === server.projectId;
  if (server.lockedBy !== null && isOwner) return;
  recordAction(compute, server, caller, 'lock');
  server.lockedBy = isOwner ? 'owner' : 'admin';
  if (reason !== null) server.lockedReason = reason;
  server.updatedAt = compute.now();
  compute.touched(server);
}

/**
 * Throws Nova's 403 when unlocking needs the unlock_override policy the caller lacks;
 * `mayOverride` is that policy's answer (the API asks it; admin by default).
 */
export function unlock(
  compute: Compute,
  server: Server,
  caller: Caller,
  mayOverride: boolean = caller.isAdmin,
): void {
  check(compute, server, caller, 'unlock');
  if (!isExpectedLockedBy(server, caller) && !mayOverride) {
    throw NovaError.forbidden(
      "Policy doesn't allow os_compute_api:os-lock-server:unlock:unlock_override to be performed.",
    );
  }
  recordAction(compute, server, caller, 'unlock');
  server.lockedBy = null;
  server.lockedReason = null;
  server.updatedAt = compute.now();
  compute.touched(server);
}

/** Nova's `is_expected_locked_by`: unlocked, or locked by the caller's side (owner or admin). */
export function isExpectedLockedBy(server: Server, caller: Caller): boolean {
  const by = caller.projectId === server.projectId ? 'owner' : 'admin';
  return server.lockedBy === null || server.lockedBy === by;
}

export function resetState(
  compute: Compute,
  server: Server,
  caller: Caller,
  state: 'active' | 'error',
): void {
  check(compute, server, caller, 'resetState', state === 'active' ? 'RESET_ACTIVE' : 'RESET_ERROR');
  recordAction(compute, server, caller, 'resetState');
  compute.send(server, state === 'active' ? 'RESET_ACTIVE' : 'RESET_ERROR', 'os-resetState');
  compute.powerSync.note(server);
}

/**
 * DELETE /servers/{id}: a soft delete when reclaim_instance_interval > 0 and the server
 * launched, else a hard delete; local and immediate when there is no live compute to ask.
 */
export function deleteServer(
  compute: Compute,
  server: Server,
  caller: Caller,
  force = false,
): void {
  check(compute, server, caller, force ? 'forceDelete' : 'delete');
  const { taskState } = server.machine;
  const hostUp = compute.isHostUp(server.host);
  if ((taskState === 'deleting' || taskState === 'soft-deleting') && hostUp) return;
  // Nova's _delete records instance_actions.DELETE for delete, soft delete and forceDelete.
  const action = recordAction(compute, server, caller, 'delete');
  const soft = !force && compute.config.reclaimInstanceInterval > 0 && server.launchedAt !== null;
  const buildRequest = server.machine.vmState === 'building' && server.host === null;
  if (buildRequest || !hostUp) {
    compute.send(server, 'DELETE_LOCAL', 'delete');
  } else if (soft) {
    server.deletedAt = compute.now();
    openComputeEvent(action, 'compute_soft_delete_instance', server.host, compute.now());
    compute.send(server, 'SOFT_DELETE', 'delete');
  } else {
    // The cast's wrap_instance_event; a local delete asks no compute and records none.
    openComputeEvent(action, 'compute_terminate_instance', server.host, compute.now());
    compute.send(server, 'DELETE', 'delete');
  }
}
