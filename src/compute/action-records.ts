import { conductorEventNames, openEvents } from './conductor-events.js';
import type { InstanceAction, Server } from './server.js';

/**
 * Whom an instance action is recorded for: a request's caller, or the admin context of a
 * periodic task, which has no user or project (nova.context.get_admin_context).
 */
export interface ActionActor {
  readonly projectId: string | null;
  readonly userId: string | null;
  readonly requestId: string;
}

/**
 * The admin context one run of a periodic task acts as: no user or project, and one
 * request id for the whole run, drawn the first time an action is recorded.
 *
 * @example
 * const admin = periodicAdmin(() => requestId(rng));
 * appendAction(server, admin(), 'stop', now);
 */
export function periodicAdmin(requestId: () => string): () => ActionActor {
  let actor: ActionActor | undefined;
  return () => {
    actor ??= { projectId: null, userId: null, requestId: requestId() };
    return actor;
  };
}

/** os-instance-actions names and the compute event each records (nova/compute/instance_actions.py). */
const RECORDS: Readonly<Record<string, string | null>> = {
  create: 'compute__do_build_and_run_instance',
  delete: null,
  restore: 'compute_restore_instance',
  reboot: 'compute_reboot_instance',
  rebuild: 'compute_rebuild_instance',
  evacuate: 'compute_rebuild_instance',
  resize: 'compute_prep_resize',
  migrate: 'compute_prep_resize',
  confirmResize: 'compute_confirm_resize',
  revertResize: 'compute_revert_resize',
  stop: 'compute_stop_instance',
  start: 'compute_start_instance',
  pause: 'compute_pause_instance',
  unpause: 'compute_unpause_instance',
  suspend: 'compute_suspend_instance',
  resume: 'compute_resume_instance',
  rescue: 'compute_rescue_instance',
  unrescue: 'compute_unrescue_instance',
  changePassword: 'compute_set_admin_password',
  shelve: 'compute_shelve_instance',
  shelveOffload: 'compute_shelve_offload_instance',
  unshelve: 'compute_unshelve_instance',
  'live-migration': 'compute_live_migration',
  live_migration_force_complete: 'compute_live_migration_force_complete',
  live_migration_cancel: 'compute_live_migration_abort',
  createImage: 'compute_snapshot_instance',
  createBackup: 'compute_backup_instance',
  trigger_crash_dump: 'compute_trigger_crash_dump',
  lock: null,
  unlock: null,
  resetState: null,
};

/**
 * The compute an action's event runs on: the server's host, but a resize's confirm is cast
 * to the migration's source (compute API confirm_resize), which the server has left.
 */
function computeHost(server: Server, action: string): string | null {
  if (action === 'confirmResize') return server.migration?.sourceHost ?? server.host;
  return server.host;
}

/**
 * Appends an os-instance-actions record with its open events: the conductor's when it runs
 * first (the compute's then opens once the conductor hands over, see conductor-events.ts),
 * else the compute's when the action has one.
 *
 * @example
 * appendAction(server, { projectId: null, userId: null, requestId }, 'confirmResize', now);
 */
export function appendAction(
  server: Server,
  caller: ActionActor,
  action: string,
  now: number,
  options: { asyncLive?: boolean } = {},
): InstanceAction {
  const conductor = conductorEventNames(action, server, options);
  // Unshelving a server still on its host is the conductor's start_instance cast.
  const eventName =
    action === 'unshelve' && server.machine.vmState === 'shelved'
      ? 'compute_start_instance'
      : (RECORDS[action] ?? null);
  const record: InstanceAction = {
    action,
    requestId: caller.requestId,
    userId: caller.userId,
    projectId: caller.projectId,
    startTime: now,
    updatedAt: now,
    message: null,
    events:
      conductor.length > 0
        ? openEvents(conductor, now)
        : eventName === null
          ? []
          : [
              {
                event: eventName,
                startTime: now,
                finishTime: null,
                result: null,
                host: computeHost(server, action),
              },
            ],
  };
  // A push would give a short array room for 17 more (~150 bytes a server, kept with a
  // deleted row until it is archived): grow short lists to their exact size.
  const actions = server.actions;
  if (actions.length === 0) server.actions = [record];
  else if (actions.length < 8) server.actions = actions.concat(record);
  else actions.push(record);
  return record;
}

/**
 * Opens a compute event on an action already recorded, once the API knows which compute
 * method it casts (a delete: terminate_instance, or soft_delete_instance, or none when it
 * deletes locally).
 *
 * @example
 * openComputeEvent(action, 'compute_terminate_instance', server.host, now);
 */
export function openComputeEvent(
  action: InstanceAction,
  event: string,
  host: string | null,
  now: number,
): void {
  action.events.push({ event, startTime: now, finishTime: null, result: null, host });
}
