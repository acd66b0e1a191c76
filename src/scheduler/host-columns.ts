import type { HostRecord } from './host.js';
import type { WeighedFeature } from './weighers.js';
import { featureValue, type HostColumns } from './weighing.js';

/** {@link HostColumns} the registry writes to whenever a host's weighed values change. */
export interface WritableHostColumns extends HostColumns {
  write(host: HostRecord): void;
}

export function createHostColumns(features: readonly WeighedFeature[]): WritableHostColumns {
  // Parallel arrays walked by index: every claim and release writes each column, and a
  // `for…of` over a Map made an entry array per column per write.
  const names: WeighedFeature[] = [...new Set(features)];
  const arrays: Float64Array[] = names.map(() => new Float64Array(64));
  let lastHosts: readonly HostRecord[] | null = null;
  let lastSlots = new Int32Array(0);

  function ensure(slot: number): void {
    for (let i = 0; i < arrays.length; i++) {
      const column = arrays[i]!;
      if (slot < column.length) continue;
      let length = column.length;
      while (length <= slot) length *= 2;
      const grown = new Float64Array(length);
      grown.set(column);
      arrays[i] = grown;
    }
  }

  return {
    write(host) {
      const slot = host.slot;
      if (arrays.length > 0 && slot >= arrays[0]!.length) ensure(slot);
      for (let i = 0; i < arrays.length; i++) arrays[i]![slot] = featureValue(names[i]!, host);
    },
    column(feature) {
      const i = names.indexOf(feature);
      return i < 0 ? undefined : arrays[i];
    },
    slotsOf(hosts) {
      if (hosts !== lastHosts || lastSlots.length !== hosts.length) {
        lastSlots = new Int32Array(hosts.length);
        for (let i = 0; i < hosts.length; i++) lastSlots[i] = hosts[i]!.slot;
        lastHosts = hosts;
      }
      return lastSlots;
    },
  };
}
