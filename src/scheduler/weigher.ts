import type { HostRecord } from './host.js';
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
export interface SelectionEnv {
  /** The weighers that count, in Nova's summing order. */
  readonly weighing: Weighing;
  /** `ram_weight_multiplier` as applied (0 when RAMWeigher is off). */
  readonly ramMultiplier: number;
  readonly maxAttempts: number;
  readonly hostSubsetSize: number;
  readonly random: SubsetRandom | null;
  readonly serviceDownTimeMs: number;
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
