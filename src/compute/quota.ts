import { NovaError } from '../errors/nova-error.js';
import type { Compute, Usage } from './compute.js';

const ORDER = ['cores', 'instances', 'ram'] as const;

/** Nova's TooManyInstances text: each list in sorted resource order. */
export function quotaMessage(
  overs: readonly (keyof Usage)[],
  requested: Usage,
  used: Usage,
  allowed: Usage,
  instancesRequested?: string,
): string {
  const sorted = ORDER.filter((name) => overs.includes(name));
  const req = sorted.map((name) =>
    name === 'instances' && instancesRequested ? instancesRequested : String(requested[name]),
  );
  const names = sorted.join(', ');
  return `Quota exceeded for ${names}: Requested ${req.join(', ')}, but already used ${sorted
    .map((name) => used[name])
    .join(', ')} of ${sorted.map((name) => allowed[name]).join(', ')} ${names}`;
}

export function limitsOf(compute: Compute, projectId: string): Usage {
  const quotas = compute.quotasOf(projectId);
  return { instances: quotas.instances, cores: quotas.cores, ram: quotas.ram };
}

/** The resources of `delta` that would go over the project's limits. */
export function overQuota(compute: Compute, projectId: string, delta: Usage): (keyof Usage)[] {
  const used = compute.usageOf(projectId);
  const allowed = limitsOf(compute, projectId);
  return ORDER.filter(
    (name) => allowed[name] >= 0 && delta[name] > 0 && used[name] + delta[name] > allowed[name],
  );
}

/** Throws Nova's 403 when adding `delta` would exceed the project's instance quotas. */
export function checkQuota(compute: Compute, projectId: string, delta: Usage): void {
  const overs = overQuota(compute, projectId, delta);
  if (overs.length === 0) return;
  throw NovaError.forbidden(
    quotaMessage(overs, delta, compute.usageOf(projectId), limitsOf(compute, projectId)),
  );
}

/**
 * How many of a multi-create fit: Nova creates as many as the headroom allows when that
 * is at least min_count, else refuses with 403 (nova/compute/utils.py `check_num_instances_quota`).
 */
export function allowedCount(
  compute: Compute,
  projectId: string,
  perInstance: Usage,
  min: number,
  max: number,
): number {
  const used = compute.usageOf(projectId);
  const allowed = limitsOf(compute, projectId);
  const want: Usage = {
    instances: max,
    cores: max * perInstance.cores,
    ram: max * perInstance.ram,
  };
  const overs = overQuota(compute, projectId, want);
  if (overs.length === 0) return max;
  let fit = max;
  for (const name of ORDER) {
    if (allowed[name] < 0 || perInstance[name] === 0) continue;
    fit = Math.min(fit, Math.floor((allowed[name] - used[name]) / perInstance[name]));
  }
  if (fit >= min) return fit;
  const requested = min === max ? String(min) : `${min}-${max}`;
  throw NovaError.forbidden(quotaMessage(overs, want, used, allowed, requested));
}
