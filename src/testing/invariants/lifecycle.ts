import type { Cloud } from '../../cloud.js';
import { iso, type Observer } from '../model/observer.js';
import { violated } from '../model/violation.js';
import { PERIODIC_TICK_MS, reclaimTick } from '../reference/periodic.js';

export interface LifecycleContext {
  readonly cloud: Cloud;
  readonly observer: Observer;
  /** Every server id the run has seen created. */
  readonly known: readonly string[];
  readonly startedAt: number;
  readonly reclaimSeconds: number;
}

/**
 * No server is lost: every created id is still a record (showable, or deleted and so
 * listed as DELETED under changes-since, or reclaimed), and no record appears that was
 * never created. A soft-deleted server is reclaimed on the first periodic tick after
 * `deleted_at + reclaim_instance_interval` (§3.1) unless its compute is down.
 *
 * @example
 * checkLifecycle({ cloud, observer, known, startedAt, reclaimSeconds: 300 });
 */
export function checkLifecycle(ctx: LifecycleContext): void {
  const { cloud, observer } = ctx;
  for (const id of ctx.known) {
    if (!cloud.compute.servers.has(id)) {
      violated('lifecycle', `server ${id} was created but the cloud has no record of it any more`);
    }
  }
  if (cloud.compute.servers.size !== ctx.known.length) {
    const known = new Set(ctx.known);
    const stray = [...cloud.compute.servers.keys()].filter((id) => !known.has(id));
    violated('lifecycle', `servers ${stray.join(', ')} exist but were never created`);
  }
  if (ctx.reclaimSeconds <= 0) return;
  const now = cloud.clock.now();
  for (const server of cloud.compute.servers.values()) {
    const { vmState, taskState } = server.machine;
    if (server.deleted || vmState !== 'soft-delete' || taskState !== null) continue;
    const deletedAt = observer.softDeletedAt.get(server.id);
    const arrived = observer.changedAt.get(server.id);
    if (deletedAt === undefined || arrived === undefined) continue;
    const host = server.host;
    if (host !== null) {
      if (!cloud.scheduler.isAlive(host)) continue;
      const down = observer.hostDownAt.get(host);
      if (down !== undefined && down >= arrived) continue;
    }
    const afterArrival =
      ctx.startedAt +
      (Math.floor((arrived - ctx.startedAt) / PERIODIC_TICK_MS) + 1) * PERIODIC_TICK_MS;
    const due = Math.max(reclaimTick(ctx.startedAt, deletedAt, ctx.reclaimSeconds), afterArrival);
    if (now >= due) {
      violated(
        'lifecycle',
        `server ${server.id} soft-deleted at ${iso(deletedAt)} is still SOFT_DELETED at ${iso(now)}; Nova reclaims it on the tick of ${iso(due)}`,
      );
    }
  }
}
