import type { MachineState } from './machine-runner.js';
import type { InstanceAction, InstanceActionEvent, Server } from './server.js';

/**
 * Where a move's compute work passes from one `wrap_instance_event(prefix='compute')`
 * method to the next (master nova/compute/manager.py), by the task state the walk leaves
 * and the one it enters: the open event closes with Success and the next opens on the
 * compute that runs it. prep_resize (destination) casts resize_instance to the source,
 * which sets resize_migrating; resize_instance casts finish_resize to the destination,
 * which sets resize_finish; revert_resize (destination) casts finish_revert_resize to the
 * source, which ends the walk.
 */
interface Handover {
  /** The task states it leads into; `null` for the end of the walk. */
  readonly into: readonly (string | null)[];
  readonly from: string;
  readonly to: string;
  readonly host: (server: Server) => string | null;
}

/** By the task state the walk leaves: a lookup with no string built per step. */
const HANDOVERS: ReadonlyMap<string, Handover> = new Map([
  [
    'resize_prep',
    {
      into: ['resize_migrating'],
      from: 'compute_prep_resize',
      to: 'compute_resize_instance',
      host: (server) => server.migration?.sourceHost ?? null,
    },
  ],
  [
    'resize_migrated',
    {
      into: ['resize_finish'],
      from: 'compute_resize_instance',
      to: 'compute_finish_resize',
      host: (server) => server.migration?.destHost ?? null,
    },
  ],
  [
    'resize_reverting',
    {
      // A stopped server's revert powers it off before the walk ends.
      into: [null, 'powering-off'],
      from: 'compute_revert_resize',
      to: 'compute_finish_revert_resize',
      // revertMove has put the server back on its source by now.
      host: (server) => server.host,
    },
  ],
]);

/**
 * Hands a move's open compute event over to the next compute method when the walk crosses
 * one of {@link HANDOVERS}; anything else (a failure into ERROR included) is left to the
 * end of the walk, which closes the last event.
 *
 * @example
 * advanceMoveEvents(server, before, now); // compute_prep_resize → compute_resize_instance
 */
export function advanceMoveEvents(server: Server, before: MachineState, now: number): void {
  const leaving = before.taskState;
  const after = server.machine;
  if (leaving === null || leaving === after.taskState || after.vmState === 'error') return;
  if (leaving === 'migrating' && after.taskState === null) finishLiveMigration(server, now);
  const handover = HANDOVERS.get(leaving);
  if (handover === undefined || !handover.into.includes(after.taskState)) return;
  const action = server.actions.at(-1);
  const open = action?.events.at(-1);
  if (!action || !open || open.event !== handover.from || open.finishTime !== null) return;
  open.finishTime = now;
  open.result = 'Success';
  action.events.push({
    event: handover.to,
    startTime: now,
    finishTime: null,
    result: null,
    host: handover.host(server),
  });
  action.updatedAt = now;
}

/**
 * A live migration's walk ended: its post_live_migration_at_destination closes, in the
 * live-migration action even when a later one (a force-complete) is the last; the end of
 * the walk closes the last action's own event as usual.
 */
function finishLiveMigration(server: Server, now: number): void {
  const { actions } = server;
  for (let i = actions.length - 1; i >= 0; i--) {
    const action = actions[i]!;
    if (action.action !== 'live-migration') continue;
    const post = action.events.at(-1);
    if (post?.event !== 'compute_post_live_migration_at_destination' || post.finishTime !== null)
      return;
    post.finishTime = now;
    post.result = 'Success';
    action.updatedAt = now;
    return;
  }
}

/**
 * The compute events of a live migration once the conductor has placed it (master
 * nova/conductor/tasks/live_migrate.py and nova/compute/manager.py): the conductor's call to
 * the destination's check_can_live_migrate_destination, which calls the source's
 * check_can_live_migrate_source; its cast of live_migration to the source, whose event
 * closes as soon as the job is queued; then the job's call to the destination's
 * pre_live_migration, and post_live_migration_at_destination, left open until the walk
 * ends. The simulator places a live migration as its step ends, so all start now.
 *
 * @example
 * openLiveMigrationEvents(action, now, 'c1', 'c2');
 */
export function openLiveMigrationEvents(
  action: InstanceAction,
  now: number,
  source: string | null,
  dest: string | null,
): void {
  const done = (event: string, host: string | null): InstanceActionEvent => ({
    event,
    startTime: now,
    finishTime: now,
    result: 'Success',
    host,
  });
  // Start order: the destination's check opens before the source's it calls.
  action.events.push(
    done('compute_check_can_live_migrate_destination', dest),
    done('compute_check_can_live_migrate_source', source),
    done('compute_live_migration', source),
    done('compute_pre_live_migration', dest),
    {
      event: 'compute_post_live_migration_at_destination',
      startTime: now,
      finishTime: null,
      result: null,
      host: dest,
    },
  );
  action.updatedAt = now;
}
