import type { HostRecord } from './host.js';
import type { WeighedFeature } from './weighers.js';
import { featureValue } from './weighing.js';

/**
 * Counts, per weighed feature, how many indexed hosts have each value, so the
 * indexed selection knows in O(1) whether a weigher gives every host the same
 * weight: then that weigher cannot reorder hosts, and the RAM index order is the
 * weighed order.
 */
export interface Uniformity {
  add(host: HostRecord): void;
  remove(host: HostRecord): void;
  /** True when every indexed host has the same value of `feature` (or it is not watched). */
  uniform(feature: WeighedFeature): boolean;
}

export function createUniformity(features: readonly WeighedFeature[]): Uniformity {
  const counts = new Map<WeighedFeature, Map<number, number>>();
  for (const f of features) counts.set(f, new Map());
  const watched = [...counts];
  return {
    add(host) {
      for (const [feature, values] of watched) {
        const v = featureValue(feature, host);
        values.set(v, (values.get(v) ?? 0) + 1);
      }
    },
    remove(host) {
      for (const [feature, values] of watched) {
        const v = featureValue(feature, host);
        const n = values.get(v) ?? 0;
        if (n <= 1) values.delete(v);
        else values.set(v, n - 1);
      }
    },
    uniform(feature) {
      const values = counts.get(feature);
      return values === undefined || values.size <= 1;
    },
  };
}
