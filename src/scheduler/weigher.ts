import type { HostRecord } from './host.js';
import type { SelectionSettings } from './selection-context.js';
import type { Weighing } from './weighers.js';

/**
 * The old one-knob weigher setting: `spread` is Nova's default weighing; `pack`
 * turns the RAM, CPU and disk weighers around (multipliers −1.0), Nova's recipe for
 * stacking.
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
export interface SelectionEnv extends SelectionSettings {
  /** The weighers that count, in Nova's summing order. */
  readonly weighing: Weighing;
  /**
   * Every enabled weigher that can tell hosts apart, zero multipliers included: an
   * aggregate's `*_weight_multiplier` may make a zero one count on its hosts.
   */
  readonly allWeighing: Weighing;
  /** The names in `enabled_filters` (the hint filters read their hints only when listed). */
  readonly enabledFilters: ReadonlySet<string>;
  /** `shuffle_best_same_weighed_hosts`: shuffle the hosts tied for the best weight. */
  readonly shuffleBestSameWeighedHosts: boolean;
  /** `ram_weight_multiplier` as applied (0 when RAMWeigher is off). */
  readonly ramMultiplier: number;
  readonly maxAttempts: number;
  readonly hostSubsetSize: number;
  readonly random: SubsetRandom | null;
}

/**
 * The RAM index key: ascending key order is best-first for RAMWeigher. Its raw
 * weight is clamped at 0 (`minval`), so every host out of RAM weighs the same.
 */
export function weigherKey(freeRam: number, ramMultiplier: number): number {
  const weight = freeRam > 0 ? freeRam : 0;
  return ramMultiplier >= 0 ? -weight : weight;
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

/**
 * `shuffle_best_same_weighed_hosts`: the hosts sharing the best weight, in random
 * order (Python's `random.shuffle`, drawing from the seeded generator), ahead of the rest.
 */
export function shuffleBestTied(
  sorted: HostRecord[],
  weights: readonly number[],
  env: SelectionEnv,
): void {
  if (env.random === null) return;
  let tied = 0;
  while (tied < sorted.length && weights[tied] === weights[0]) tied++;
  for (let i = tied - 1; i > 0; i--) {
    const j = env.random.int(0, i + 1);
    const t = sorted[i]!;
    sorted[i] = sorted[j]!;
    sorted[j] = t;
  }
}
