import { NovaError } from '../errors/nova-error.js';
import { createFeatureIndexes } from './feature-indexes.js';
import { createHostRecord, type HostRecord, type ResolvedHostSpec } from './host.js';
import { createHostColumns } from './host-columns.js';
import { createHostIndex, type HostIndex } from './host-index.js';
import type { IndexedHosts } from './indexed-hosts.js';
import type { Resources } from './resources.js';
import { weigherKey } from './weigher.js';
import type { WeighedFeature, Weighing } from './weighers.js';
import { freeRamMb } from './weighing.js';

/**
 * The host records, by name and by slot, and the weigher indexes over them
 * (all hosts, and one per availability zone). Every change to a host's usage
 * or service state goes through here so the indexes stay in step.
 */
export interface HostRegistry extends IndexedHosts {
  add(spec: ResolvedHostSpec, now: number): HostRecord;
  /** Forgets the host; the caller has checked it holds no claims. */
  remove(host: HostRecord): void;
  get(name: string): HostRecord | undefined;
  /** The host, or a 404 `Compute host <name> could not be found.` */
  require(name: string): HostRecord;
  /** All hosts by name (cached until a host is added or removed). */
  sorted(): readonly HostRecord[];
  setUsed(host: HostRecord, used: Resources): void;
  /** Runs `change` on the host's weighed counters (instances, I/O ops, failed builds). */
  updateLoad(host: HostRecord, change: (host: HostRecord) => void): void;
  /**
   * Brings the indexes in step after the caller changed the host's usage or weighed
   * counters in place: {@link updateLoad} without a closure, for the claim hot path.
   */
  loadChanged(host: HostRecord): void;
  setEnabled(host: HostRecord, enabled: boolean, reason: string | null): void;
  setForcedDown(host: HostRecord, forced: boolean): void;
  /** Moves the host into another zone (and zone index). */
  setZone(host: HostRecord, zone: string): void;
}

/** What the RAM allocation ratio adds to a host's free RAM (see IndexedHosts.memorySlackMb). */
function memorySlack(h: HostRecord): number {
  return h.capacity.memoryMb - (h.total.memoryMb - h.spec.reserved.memoryMb);
}

/** RAM has its own indexes; the soft weighers depend on the request, not the host. */
function isListed(feature: WeighedFeature): boolean {
  return feature !== 'freeRamMb' && feature !== 'softAffinity' && feature !== 'softAntiAffinity';
}

function byNameAscending(a: HostRecord, b: HostRecord): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/**
 * @param ramMultiplier the RAM index's direction (most free RAM first unless negative)
 * @param weighing the features to watch for uniformity across the indexed hosts
 */
export function createHostRegistry(ramMultiplier: number, weighing: Weighing): HostRegistry {
  const features = createFeatureIndexes(weighing.filter((w) => isListed(w.def.feature)));
  const columns = createHostColumns(
    weighing
      .map((w) => w.def.feature)
      .filter((f) => f !== 'softAffinity' && f !== 'softAntiAffinity'),
  );
  const byName = new Map<string, HostRecord>();
  const bySlot: (HostRecord | undefined)[] = [];
  const freeSlots: number[] = [];
  const all = createHostIndex();
  const byZone = new Map<string, HostIndex>();
  let memorySlackMb = 0;
  let sortedCache: HostRecord[] | null = null;

  function zoneIndex(h: HostRecord): HostIndex {
    const zone = h.zone;
    let index = byZone.get(zone);
    if (index === undefined) {
      index = createHostIndex();
      byZone.set(zone, index);
    }
    return index;
  }

  /** Only enabled, not forced-down hosts can pass the indexed selection's filters. */
  function syncIndex(h: HostRecord): void {
    const wanted = h.enabled && !h.forcedDown;
    if (wanted === all.has(h.slot)) return;
    if (wanted) {
      const key = weigherKey(freeRamMb(h), ramMultiplier);
      all.insert(h.slot, key, h.name);
      zoneIndex(h).insert(h.slot, key, h.name);
      features.add(h);
    } else {
      all.remove(h.slot);
      zoneIndex(h).remove(h.slot);
      features.drop(h);
    }
  }

  /** Applies a change to an indexed host's weighed values, keeping the indexes in step. */
  function change(h: HostRecord, apply: () => void): void {
    apply();
    changed(h);
  }

  /** Re-files a host whose weighed values just changed. */
  function changed(h: HostRecord): void {
    columns.write(h);
    if (!all.has(h.slot)) return;
    features.refresh(h);
    const key = weigherKey(freeRamMb(h), ramMultiplier);
    all.update(h.slot, key);
    zoneIndex(h).update(h.slot, key);
  }

  return {
    all,
    byZone,
    bySlot,
    byName,
    get memorySlackMb() {
      return memorySlackMb;
    },
    features,
    columns,

    add(spec, now) {
      if (byName.has(spec.name)) {
        throw NovaError.conflict(`Compute host ${spec.name} already exists.`);
      }
      const slot = freeSlots.pop() ?? bySlot.length;
      const h = createHostRecord(slot, spec, now);
      bySlot[slot] = h;
      byName.set(h.name, h);
      memorySlackMb = Math.max(memorySlackMb, memorySlack(h));
      sortedCache = null;
      columns.write(h);
      syncIndex(h);
      return h;
    },

    remove(h) {
      h.enabled = false;
      syncIndex(h);
      byName.delete(h.name);
      bySlot[h.slot] = undefined;
      freeSlots.push(h.slot);
      sortedCache = null;
      memorySlackMb = 0;
      for (const other of byName.values()) {
        memorySlackMb = Math.max(memorySlackMb, memorySlack(other));
      }
    },

    get(name) {
      return byName.get(name);
    },

    require(name) {
      const h = byName.get(name);
      if (h === undefined) throw NovaError.notFound(`Compute host ${name} could not be found.`);
      return h;
    },

    sorted() {
      sortedCache ??= [...byName.values()].sort(byNameAscending);
      return sortedCache;
    },

    setUsed(h, used) {
      change(h, () => {
        h.used = used;
      });
    },

    updateLoad(h, apply) {
      change(h, () => apply(h));
    },

    loadChanged: changed,

    setEnabled(h, enabled, reason) {
      h.enabled = enabled;
      h.disabledReason = enabled ? null : reason;
      syncIndex(h);
    },

    setForcedDown(h, forced) {
      h.forcedDown = forced;
      syncIndex(h);
    },

    setZone(h, zone) {
      if (h.zone === zone) return;
      const indexed = all.has(h.slot);
      if (indexed) zoneIndex(h).remove(h.slot);
      h.zone = zone;
      if (indexed) zoneIndex(h).insert(h.slot, weigherKey(freeRamMb(h), ramMultiplier), h.name);
    },
  };
}
