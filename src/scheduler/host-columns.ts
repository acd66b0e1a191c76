import type { HostRecord } from './host.js';
import type { WeighedFeature } from './weighers.js';
import { featureValue, type HostColumns } from './weighing.js';

/** {@link HostColumns} the registry writes to whenever a host's weighed values change. */
export interface WritableHostColumns extends HostColumns {
  write(host: HostRecord): void;
}

export function createHostColumns(features: readonly WeighedFeature[]): WritableHostColumns {
  const columns = new Map<WeighedFeature, Float64Array>();
  for (const f of features) columns.set(f, new Float64Array(64));
  let lastHosts: readonly HostRecord[] | null = null;
  let lastSlots = new Int32Array(0);

  function ensure(slot: number): void {
    for (const [f, column] of columns) {
      if (slot < column.length) continue;
      let length = column.length;
      while (length <= slot) length *= 2;
      const grown = new Float64Array(length);
      grown.set(column);
      columns.set(f, grown);
    }
  }

  return {
    write(host) {
      ensure(host.slot);
      for (const [f, column] of columns) column[host.slot] = featureValue(f, host);
    },
    column(feature) {
      return columns.get(feature);
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
