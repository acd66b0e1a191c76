/**
 * §3.1, §10: periodic tasks without their own spacing run on the oslo.service tick of
 * 60 s; a soft-deleted server is reclaimed at the first tick after
 * `deleted_at + reclaim_instance_interval`.
 */
export const PERIODIC_TICK_MS = 60_000;

/**
 * The tick at which a server soft-deleted at `deletedAt` is due for reclaim: the first
 * tick (counted from the cloud's start) strictly more than the interval after it.
 *
 * @example
 * reclaimTick(0, 10_000, 60); // 120_000: at 60 s only 50 s have passed
 */
export function reclaimTick(
  startedAt: number,
  deletedAt: number,
  intervalSeconds: number,
  tickMs = PERIODIC_TICK_MS,
): number {
  const due = deletedAt + intervalSeconds * 1000;
  const ticks = Math.floor((due - startedAt) / tickMs) + 1;
  return startedAt + Math.max(1, ticks) * tickMs;
}
