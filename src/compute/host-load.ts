import type { Scheduler } from '../scheduler/index.js';
import type { Server } from './server.js';

/**
 * The task states Nova's compute Stats count as I/O workload (nova/compute/stats.py
 * `io_workload`), besides every instance whose vm_state is building.
 */
const IO_TASK_STATES: ReadonlySet<string> = new Set([
  'resize_migrating',
  'rebuilding',
  'resize_prep',
  'image_snapshot',
  'image_backup',
  'rescuing',
  'unshelving',
]);

/** Does Nova count this server in its host's `io_workload`? */
export function isIoBusy(server: Server): boolean {
  if (server.deleted) return false;
  const { vmState, taskState } = server.machine;
  return vmState === 'building' || (taskState !== null && IO_TASK_STATES.has(taskState));
}

/**
 * Tells the scheduler what a step changed of the host stats its weighers read: the
 * server's I/O workload, and the end of a build on `hostBefore` (Nova's
 * `_build_succeeded` / `_build_failed`: a failed or rescheduled build counts, and
 * a success resets the host's count).
 */
export function reportHostLoad(
  scheduler: Scheduler,
  server: Server,
  wasBuilding: boolean,
  hostBefore: string | null,
): void {
  scheduler.setBusy(server.id, isIoBusy(server));
  if (!wasBuilding || hostBefore === null || server.deleted) return;
  if (server.machine.vmState === 'active') scheduler.recordBuild(hostBefore, true);
  else if (server.host !== hostBefore) scheduler.recordBuild(hostBefore, false);
}
