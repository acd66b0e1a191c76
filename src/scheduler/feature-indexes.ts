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
  /** Uncounts the host's values as last counted; `add` re-counts them. */
  uncount(host: HostRecord): void;
  /**
   * Re-counts and re-files an indexed host after its values changed, touching only the
   * lists whose value moved: a claim moves CPU and disk, not the build failures or the
   * hypervisor version.
   */
  refresh(host: HostRecord): void;
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
  /** The (clamped) value each host was last counted with, by slot. */
  values: Float64Array;
}

function count(counts: Map<number, number>, value: number, delta: 1 | -1): void {
  const n = (counts.get(value) ?? 0) + delta;
  if (n <= 0) counts.delete(value);
  else counts.set(value, n);
}

function remember(w: Watched, slot: number, value: number): void {
  if (slot >= w.values.length) {
    let length = w.values.length;
    while (length <= slot) length *= 2;
    const grown = new Float64Array(length);
    grown.set(w.values);
    w.values = grown;
  }
  w.values[slot] = value;
}

export function createFeatureIndexes(weighers: readonly ActiveWeigher[]): FeatureIndexes {
  const watched = new Map<WeighedFeature, Watched>();
  for (const w of weighers) {
    watched.set(w.def.feature, {
      weigher: w,
      counts: new Map(),
      index: createHostIndex(),
      values: new Float64Array(64),
    });
  }
  const all = [...watched.values()];
  return {
    add(host) {
      for (const w of all) {
        const { weigher, counts, index } = w;
        const v = clampedValue(weigher, host);
        count(counts, v, 1);
        remember(w, host.slot, v);
        if (index.has(host.slot)) index.update(host.slot, featureKey(weigher, v));
        else index.insert(host.slot, featureKey(weigher, v), host.name);
      }
    },
    uncount(host) {
      for (const { counts, values } of all) count(counts, values[host.slot]!, -1);
    },
    refresh(host) {
      const slot = host.slot;
      for (const w of all) {
        const v = clampedValue(w.weigher, host);
        const was = w.values[slot]!;
        if (v === was) continue;
        count(w.counts, was, -1);
        count(w.counts, v, 1);
        w.values[slot] = v;
        w.index.update(slot, featureKey(w.weigher, v));
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
