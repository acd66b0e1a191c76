import type { Server } from '../../compute/server.js';
import type { ServerStatus } from '../../compute/status-map.js';
import type { NovaCloud } from '../nova-cloud.js';

/** Statuses whose views carry `progress` (views/servers.py `_progress_statuses`). */
const PROGRESS_STATUSES: ReadonlySet<ServerStatus> = new Set([
  'ACTIVE',
  'BUILD',
  'REBUILD',
  'RESIZE',
  'VERIFY_RESIZE',
  'MIGRATING',
]);

/** What a settled server reports once its build (or move) is over. */
const DONE = 100;

/**
 * The `progress` of a server view, or undefined when its status carries none. ACTIVE and
 * VERIFY_RESIZE report 0 and a finished resize; BUILD counts only its spawning step (0 while it is
 * still scheduling, networking or mapping devices); REBUILD, RESIZE and MIGRATING report how
 * far the running step is between its start and its due time on the virtual clock.
 *
 * @example
 * serverProgress(cloud, server, cloud.compute.status(server)); // 0 for an ACTIVE server
 */
export function serverProgress(
  cloud: NovaCloud,
  server: Server,
  status: ServerStatus,
): number | undefined {
  if (!PROGRESS_STATUSES.has(status)) return undefined;
  switch (status) {
    // Nova never sets progress after a build: ACTIVE servers show 0, as every sample does.
    case 'ACTIVE':
      return 0;
    case 'VERIFY_RESIZE':
      return DONE;
    case 'BUILD':
      return server.machine.taskState === 'spawning' ? stepPercent(cloud, server) : 0;
    default:
      return stepPercent(cloud, server);
  }
}

/** How far the running step is, 0–100; 0 when no step is running (e.g. a stalled host). */
function stepPercent(cloud: NovaCloud, server: Server): number {
  const timing = cloud.compute.stepTiming(server.id);
  if (!timing) return 0;
  const span = timing.dueAt - timing.startedAt;
  if (span <= 0) return 0;
  const percent = Math.floor(((cloud.clock.now() - timing.startedAt) / span) * 100);
  return Math.min(DONE, Math.max(0, percent));
}
