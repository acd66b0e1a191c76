import type { SelectionContext } from './filters.js';
import type { HostRecord } from './host.js';

/**
 * `spread`: most free RAM first (Nova's RAMWeigher, `ram_weight_multiplier` 1.0);
 * `pack`: least free RAM first (multiplier −1.0).
 */
export type WeigherKind = 'spread' | 'pack';

/**
 * The integer draw the scheduler needs for `host_subset_size` > 1. A seeded
 * `Random` from src/random fits.
 */
export interface SubsetRandom {
  int(minInclusive: number, maxExclusive: number): number;
}

/** Selection settings shared by the indexed and the scanning selection. */
export interface SelectionEnv {
  readonly weigher: WeigherKind;
  readonly maxAttempts: number;
  readonly hostSubsetSize: number;
  readonly random: SubsetRandom | null;
  readonly serviceDownTimeMs: number;
}

/**
 * Nova's `free_ram_mb` of a host: total − reserved − used (the allocation ratio
 * is not applied), less what earlier instances of this request took.
 */
export function freeRamMb(host: HostRecord, ctx?: SelectionContext): number {
  const free = host.total.memoryMb - host.spec.reserved.memoryMb - host.used.memoryMb;
  const extra = ctx?.consumed.get(host);
  return extra === undefined ? free : free - extra.memoryMb;
}

/** The index key: ascending key order is best-first for the weigher. */
export function weigherKey(freeRam: number, weigher: WeigherKind): number {
  return weigher === 'spread' ? -freeRam : freeRam;
}

function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `nova.weights.normalize`: to 0–1 over the hosts; all equal → all 0. */
function normalize(values: readonly number[]): number[] {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (min === max) return values.map(() => 0);
  const range = max - min;
  return values.map((v) => (v - min) / range);
}

/**
 * Sorts hosts best first. Without a soft group policy that is simply by free RAM
 * (normalising one weigher does not change its order). With one, as Nova: the
 * normalised RAM weight times ±1 plus the normalised soft (anti-)affinity
 * weight, members of the group on the host (negated for anti-affinity).
 * Ties go to the host name, ascending.
 */
export function weighHosts(
  hosts: readonly HostRecord[],
  ctx: SelectionContext,
  weigher: WeigherKind,
): HostRecord[] {
  const policy = ctx.request.group?.policy;
  if (policy !== 'soft-affinity' && policy !== 'soft-anti-affinity') {
    return hosts
      .map((host) => ({ host, key: weigherKey(freeRamMb(host, ctx), weigher) }))
      .sort((a, b) => a.key - b.key || compareNames(a.host.name, b.host.name))
      .map((w) => w.host);
  }
  const ram = normalize(hosts.map((h) => freeRamMb(h, ctx)));
  const sign = policy === 'soft-affinity' ? 1 : -1;
  const soft = normalize(hosts.map((h) => sign * (ctx.members.get(h.name) ?? 0)));
  const ramMultiplier = weigher === 'spread' ? 1 : -1;
  return hosts
    .map((host, i) => ({ host, weight: ramMultiplier * ram[i]! + soft[i]! }))
    .sort((a, b) => b.weight - a.weight || compareNames(a.host.name, b.host.name))
    .map((w) => w.host);
}

/**
 * `host_subset_size`: Nova picks at random among the best `host_subset_size`
 * hosts and moves the pick to the front. Draws only when there is a choice.
 */
export function chooseFromSubset(sorted: HostRecord[], env: SelectionEnv): HostRecord[] {
  const n = Math.min(env.hostSubsetSize, sorted.length);
  if (n <= 1 || env.random === null) return sorted;
  const i = env.random.int(0, n);
  if (i === 0) return sorted;
  const chosen = sorted[i]!;
  return [chosen, ...sorted.slice(0, i), ...sorted.slice(i + 1)];
}
