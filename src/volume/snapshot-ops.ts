import type { Microversion } from '../api/microversion.js';
import type { VolumeCore } from './core.js';
import { invalidSnapshot, invalidVolume } from './errors.js';
import { reserve } from './quota.js';
import type { SnapshotRecord, VolumeRecord } from './records.js';
import type { Caller } from './volume-ops.js';

/** Cinder's snapshot create: `creating` → `available` on the clock. */
export function createSnapshot(
  core: VolumeCore,
  caller: Caller,
  volume: VolumeRecord,
  spec: {
    readonly name: string | null;
    readonly description: string | null;
    readonly metadata: Readonly<Record<string, string>>;
    readonly force: boolean;
  },
  version: Microversion,
): SnapshotRecord {
  if (volume.status === 'maintenance') {
    throw invalidVolume('The snapshot cannot be created when the volume is in maintenance mode.');
  }
  if (volume.status === 'error') {
    throw invalidVolume('The snapshot cannot be created when the volume is in error status.');
  }
  const allowInUse = spec.force || version.atLeast('3.66');
  const valid = allowInUse ? ['available', 'in-use'] : ['available'];
  if (!valid.includes(volume.status)) {
    throw invalidVolume(
      `Volume ${volume.id} status must be ${valid.join(', ')}, but current status is: ${volume.status}.`,
    );
  }
  reserve(core.store, caller.projectId, 'snapshots', { count: 1, gigabytes: volume.size });
  const now = core.now();
  const snapshot: SnapshotRecord = {
    id: core.newId(),
    volumeId: volume.id,
    projectId: caller.projectId,
    userId: caller.userId,
    name: spec.name,
    description: spec.description,
    status: 'creating',
    size: volume.size,
    metadata: { ...spec.metadata },
    createdAt: now,
    updatedAt: null,
  };
  core.store.snapshots.set(snapshot.id, snapshot);
  core.startStep('snapshot-create', snapshot.id);
  return snapshot;
}

export function deleteSnapshot(core: VolumeCore, snapshot: SnapshotRecord): void {
  if (snapshot.status !== 'available' && snapshot.status !== 'error') {
    throw invalidSnapshot(
      'Snapshot status must be available or error and must not be part of a group.',
    );
  }
  core.setSnapshotStatus(snapshot, 'deleting');
  core.startStep('snapshot-delete', snapshot.id);
}
