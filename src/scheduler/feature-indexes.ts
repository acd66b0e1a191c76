import type { HostRecord } from './host.js';
import { createHostIndex, type HostIndex } from './host-index.js';
import type { ActiveWeigher, WeighedFeature } from './weighers.js';
import { featureValue } from './weighing.js';

/**
 * For each active weigher other than RAM (which has its own indexes), the indexed
 * hosts sorted best first by that weigher: the threshold selection walks these lists,
 * and a weigher that gives every host the same value is known in O(1) to weigh nobody
 * differently (its list's first and last keys are equal).
 */
export interface FeatureIndexes {
  /** Puts the host in (or moves it within) each list. */
  add(host: HostRecord): void;
  /**
   * Re-files an indexed host after its values changed, touching only the lists whose
   * value moved: a claim moves CPU and disk, not the build failures or the hypervisor
   * version.
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
  readonly index: HostIndex;
  /** The (clamped) value each host was last filed with, by slot. */
  values: Float64Array;
}

/**
 * Whether every host in the list has the same value: a sorted list's first and last keys
 * are equal. (A count of hosts per value told the same at four Map writes per moved value,
 * at every claim, release and change of I/O load.)
 */
function isUniform(index: HostIndex): boolean {
  return index.size <= 1 || index.keyAt(0) === index.keyAt(index.size - 1);
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
      index: createHostIndex(),
      values: new Float64Array(64),
    });
  }
  const all = [...watched.values()];
  return {
    add(host) {
      for (const w of all) {
        const { weigher, index } = w;
        const v = clampedValue(weigher, host);
        remember(w, host.slot, v);
        if (index.has(host.slot)) index.update(host.slot, featureKey(weigher, v));
        else index.insert(host.slot, featureKey(weigher, v), host.name);
      }
    },
    refresh(host) {
      const slot = host.slot;
      for (const w of all) {
        const v = clampedValue(w.weigher, host);
        const was = w.values[slot]!;
        if (v === was) continue;
        w.values[slot] = v;
        w.index.update(slot, featureKey(w.weigher, v));
      }
    },
    drop(host) {
      for (const { index } of all) index.remove(host.slot);
    },
    uniform(feature) {
      const w = watched.get(feature);
      return w === undefined || isUniform(w.index);
    },
    commonValue(feature) {
      const w = watched.get(feature);
      if (w === undefined || w.index.size === 0 || !isUniform(w.index)) return undefined;
      // The value as filed (not read back from its key): the same number a count kept.
      return w.values[w.index.slotAt(0)];
    },
    list(feature) {
      return watched.get(feature)?.index;
    },
  };
}
