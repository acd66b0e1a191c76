import type { HostRecord } from './host.js';
import { createHostIndex, type HostIndex } from './host-index.js';
import type { ActiveWeigher, WeighedFeature } from './weighers.js';
import { featureValue } from './weighing.js';

/**
 * For each active weigher other than RAM (which has its own indexes), the indexed
 * hosts sorted best first by that weigher, and how many hosts have each value:
 * the threshold selection walks these lists, and a weigher that gives every host
 * the same value is known in O(1) to weigh nobody differently.
 */
export interface FeatureIndexes {
  /** Counts the host's values and puts it in (or moves it within) each list. */
  add(host: HostRecord): void;
  /** Uncounts the host's current values, before they change; `add` re-counts them. */
  uncount(host: HostRecord): void;
  /** Takes the host out entirely (it left the indexed hosts). */
  drop(host: HostRecord): void;
  /** True when every indexed host has the same value of `feature` (or it is not watched). */
  uniform(feature: WeighedFeature): boolean;
  /** The one value every indexed host has, when {@link uniform}; else undefined. */
  commonValue(feature: WeighedFeature): number | undefined;
  /** Hosts by `feature`, best first for its weigher: key = goodness, negated. */
  list(feature: WeighedFeature): HostIndex | undefined;
}

/** A weigher's raw weight, clamped to its minval as Nova does before normalising. */
export function clampedValue(w: ActiveWeigher, host: HostRecord): number {
  const v = featureValue(w.def.feature, host);
  return w.def.minval !== null && v < w.def.minval ? w.def.minval : v;
}

/** The list key of a raw (clamped) value: ascending key is best first. */
export function featureKey(w: ActiveWeigher, value: number): number {
  return w.multiplier >= 0 ? -value : value;
}

/** The value a list key stands for. */
export function keyValue(w: ActiveWeigher, key: number): number {
  return w.multiplier >= 0 ? -key : key;
}

interface Watched {
  readonly weigher: ActiveWeigher;
  readonly counts: Map<number, number>;
  readonly index: HostIndex;
}

export function createFeatureIndexes(weighers: readonly ActiveWeigher[]): FeatureIndexes {
  const watched = new Map<WeighedFeature, Watched>();
  for (const w of weighers) {
    watched.set(w.def.feature, { weigher: w, counts: new Map(), index: createHostIndex() });
  }
  const all = [...watched.values()];
  return {
    add(host) {
      for (const { weigher, counts, index } of all) {
        const v = clampedValue(weigher, host);
        counts.set(v, (counts.get(v) ?? 0) + 1);
        if (index.has(host.slot)) index.update(host.slot, featureKey(weigher, v));
        else index.insert(host.slot, featureKey(weigher, v), host.name);
      }
    },
    uncount(host) {
      for (const { weigher, counts } of all) {
        const v = clampedValue(weigher, host);
        const n = counts.get(v) ?? 0;
        if (n <= 1) counts.delete(v);
        else counts.set(v, n - 1);
      }
    },
    drop(host) {
      this.uncount(host);
      for (const { index } of all) index.remove(host.slot);
    },
    uniform(feature) {
      const w = watched.get(feature);
      return w === undefined || w.counts.size <= 1;
    },
    commonValue(feature) {
      const w = watched.get(feature);
      if (w === undefined || w.counts.size !== 1) return undefined;
      return w.counts.keys().next().value;
    },
    list(feature) {
      return watched.get(feature)?.index;
    },
  };
}
