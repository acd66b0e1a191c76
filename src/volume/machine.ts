import type { SnapshotStatus, VolumeStatus } from './records.js';

/**
 * The timed steps of Cinder's volume and snapshot statuses: each leaves `from` when its
 * timer fires and lands in `to` (`gone` deletes the row; `previous` returns to the status
 * the step started from, as an extend does). The API's own moves (reserve, attach, detach,
 * reset) are synchronous in Cinder, so they are not here: they are checked where Cinder
 * checks them, with its messages.
 */
export const VOLUME_STEPS = {
  create: { from: 'creating', to: 'available', ms: 3_000 },
  /** A volume from an image first fetches it (`downloading`), then is ready. */
  'create-from-image': { from: 'creating', to: 'downloading', ms: 2_000 },
  download: { from: 'downloading', to: 'available', ms: 5_000 },
  delete: { from: 'deleting', to: 'gone', ms: 2_000 },
  extend: { from: 'extending', to: 'previous', ms: 2_000 },
} as const satisfies Record<
  string,
  { from: VolumeStatus; to: VolumeStatus | 'gone' | 'previous'; ms: number }
>;

export const SNAPSHOT_STEPS = {
  'snapshot-create': { from: 'creating', to: 'available', ms: 2_000 },
  'snapshot-delete': { from: 'deleting', to: 'gone', ms: 2_000 },
} as const satisfies Record<
  string,
  { from: SnapshotStatus; to: SnapshotStatus | 'gone'; ms: number }
>;

export type VolumeStep = keyof typeof VOLUME_STEPS;
export type SnapshotStep = keyof typeof SNAPSHOT_STEPS;

/** What a volume timer carries (plain data, so snapshots keep it). */
export interface VolumeTask {
  readonly kind: 'volume';
  readonly step: VolumeStep | SnapshotStep;
  readonly id: string;
  readonly label: string;
  readonly [key: string]: unknown;
}

export function isVolumeStep(step: string): step is VolumeStep {
  return Object.hasOwn(VOLUME_STEPS, step);
}

export function isSnapshotStep(step: string): step is SnapshotStep {
  return Object.hasOwn(SNAPSHOT_STEPS, step);
}
