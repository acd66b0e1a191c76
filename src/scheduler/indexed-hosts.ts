import type { FeatureIndexes } from './feature-indexes.js';
import type { HostRecord } from './host.js';
import type { HostIndex } from './host-index.js';
import type { HostColumns } from './weighing.js';

/** The hosts as the indexed selection sees them. */
export interface IndexedHosts {
  /** Enabled, not forced-down hosts, best first for the weigher. */
  readonly all: HostIndex;
  /** The same, one index per availability zone. */
  readonly byZone: ReadonlyMap<string, HostIndex>;
  /** Host records by index slot. */
  readonly bySlot: readonly (HostRecord | undefined)[];
  readonly byName: ReadonlyMap<string, HostRecord>;
  /**
   * The most RAM any host's allocation ratio adds over its free RAM:
   * max of `(total − reserved) × (ratio − 1)`; 0 when every ratio is 1.0.
   */
  readonly memorySlackMb: number;
  /** The other weighers' lists and value counts over the same hosts. */
  readonly features: FeatureIndexes;
  /** Every host's weighed values by slot. */
  readonly columns: HostColumns;
}
