import type { SchedulerOptions } from './options.js';
import { createScheduler, type Scheduler } from './scheduler.js';
import type { SchedulerSnapshot } from './snapshot-types.js';

export type { HostSnapshot, SchedulerSnapshot } from './snapshot-types.js';

/**
 * Rebuilds a scheduler identical to the one that gave `snapshot`: the same
 * hosts, service state, heartbeats and claims, hence the same selections.
 *
 * @example
 * const copy = restoreScheduler(JSON.parse(JSON.stringify(scheduler.snapshot())), options);
 */
export function restoreScheduler(
  snapshot: SchedulerSnapshot,
  options: SchedulerOptions = {},
): Scheduler {
  if (snapshot.version !== 1) {
    throw new RangeError(`Unsupported scheduler snapshot version ${String(snapshot.version)}`);
  }
  const scheduler = createScheduler(options);
  for (const h of snapshot.hosts) {
    const name = h.spec.name;
    scheduler.addHost(h.spec, h.lastHeartbeat);
    scheduler.setAlive(name, h.alive, h.lastHeartbeat);
    scheduler.setForcedDown(name, h.forcedDown);
    scheduler.setEnabled(name, h.enabled, h.disabledReason ?? undefined);
    for (let i = 0; i < (h.failedBuilds ?? 0); i++) scheduler.recordBuild(name, false);
  }
  // Before the claims, so each claim of a busy consumer counts as an I/O op.
  for (const id of snapshot.busy ?? []) scheduler.setBusy(id, true);
  scheduler.restoreClaims(snapshot.claims);
  return scheduler;
}
