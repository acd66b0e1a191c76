/** §5.4: the instance quotas and what counts against them. */
export interface QuotaUsage {
  instances: number;
  cores: number;
  ram: number;
}

export const QUOTA_RESOURCES = ['cores', 'instances', 'ram'] as const;

/**
 * §5.4 "Usage counts non-deleted, non-soft-deleted servers of the project" (§3.1: soft-deleted
 * servers do not count).
 *
 * @example
 * countsAgainstQuota({ deleted: false, vmState: 'soft-delete' }); // false
 */
export function countsAgainstQuota(server: { deleted: boolean; vmState: string }): boolean {
  return !server.deleted && server.vmState !== 'soft-delete' && server.vmState !== 'deleted';
}

/**
 * §5.4's create algorithm: `max` if all fit, else as many as fit if at least `min`, else
 * undefined (Nova's 403). A limit of -1 is unlimited.
 *
 * @example
 * createdCount({ instances: 9, cores: 9, ram: 0 }, { instances: 10, cores: 20, ram: 51200 }, { instances: 1, cores: 1, ram: 512 }, 1, 3); // 1
 */
export function createdCount(
  used: QuotaUsage,
  limits: QuotaUsage,
  per: QuotaUsage,
  min: number,
  max: number,
): number | undefined {
  let fit = max;
  for (const name of QUOTA_RESOURCES) {
    if (limits[name] < 0 || per[name] === 0) continue;
    fit = Math.min(fit, Math.floor((limits[name] - used[name]) / per[name]));
  }
  if (fit >= max) return max;
  return fit >= min ? fit : undefined;
}

/** Would adding `delta` exceed a limit (§3.3 upsize, §3.1 restore)? */
export function exceeds(used: QuotaUsage, limits: QuotaUsage, delta: QuotaUsage): boolean {
  return QUOTA_RESOURCES.some(
    (name) => limits[name] >= 0 && delta[name] > 0 && used[name] + delta[name] > limits[name],
  );
}
