import type { EventEmitter } from 'eventemitter3';
import type { TimerTask, VirtualClock } from '../clock/virtual-clock.js';
import type { CloudEvents } from '../events.js';
import type { FaultInjector } from '../faults/fault-rules.js';
import { uuid4 } from '../random/ids.js';
import type { Random } from '../random/prng.js';
import {
  isSnapshotStep,
  isVolumeStep,
  SNAPSHOT_STEPS,
  type SnapshotStep,
  VOLUME_STEPS,
  type VolumeStep,
  type VolumeTask,
} from './machine.js';
import type { SnapshotRecord, VolumeRecord, VolumeStatus, VolumeStore } from './records.js';

/** An image as Cinder reads it from Glance for a volume made from it. */
export interface VolumeImage {
  readonly id: string;
  readonly name: string;
  readonly status: string;
  /** Bytes. */
  readonly size: number;
  readonly minDisk: number;
  readonly properties: Readonly<Record<string, string>>;
}

/** What the cloud hands Cinder. */
export interface VolumeDeps {
  readonly clock: VirtualClock;
  readonly random: () => Random;
  readonly events: EventEmitter<CloudEvents>;
  readonly faults: FaultInjector;
  /** Glance as the project sees it: an image it may read, or undefined. */
  readonly image: (id: string, projectId: string) => VolumeImage | undefined;
  /** Cinder's unversioned endpoint, e.g. `http://host/volume`. */
  readonly endpoint: () => string;
}

/** The host every volume lands on: DevStack's LVM backend. */
export const VOLUME_HOST = 'devstack@lvmdriver-1#lvmdriver-1';

/** Cinder's state and the machinery its operations share: ids, status moves, timers. */
export class VolumeCore {
  readonly store: VolumeStore;
  readonly deps: VolumeDeps;

  constructor(store: VolumeStore, deps: VolumeDeps) {
    this.store = store;
    this.deps = deps;
  }

  now(): number {
    return this.deps.clock.now();
  }

  newId(): string {
    return uuid4(this.deps.random());
  }

  /** Moves a volume to `to`, stamping updated_at and telling the cloud. */
  setStatus(volume: VolumeRecord, to: VolumeStatus): void {
    const from = volume.status;
    volume.status = to;
    volume.updatedAt = this.now();
    if (from !== to) {
      this.deps.events.emit('volume.status', { volumeId: volume.id, from, to, at: this.now() });
    }
  }

  /** Puts a volume or snapshot step on the clock. */
  startStep(step: VolumeStep | SnapshotStep, id: string): void {
    const ms = isVolumeStep(step) ? VOLUME_STEPS[step].ms : SNAPSHOT_STEPS[step].ms;
    const task: VolumeTask = { kind: 'volume', step, id, label: `volume ${step} ${id}` };
    this.deps.clock.schedule(ms, task);
  }

  /** A volume timer fired: the step lands if the row is still where it left it. */
  runTask(task: TimerTask): void {
    const step = String(task.step);
    const id = String(task.id);
    if (isVolumeStep(step)) this.runVolumeStep(step, id);
    else if (isSnapshotStep(step)) this.runSnapshotStep(step, id);
  }

  private runVolumeStep(step: VolumeStep, id: string): void {
    const volume = this.store.volumes.get(id);
    const spec = VOLUME_STEPS[step];
    if (!volume || volume.status !== spec.from) return;
    if ((step === 'create' || step === 'create-from-image') && this.createFails(volume)) {
      this.setStatus(volume, 'error');
      return;
    }
    if (spec.to === 'gone') {
      this.store.volumes.delete(id);
      this.deps.events.emit('volume.status', {
        volumeId: id,
        from: volume.status,
        to: 'deleted',
        at: this.now(),
      });
      return;
    }
    if (spec.to === 'previous') {
      this.setStatus(volume, volume.previousStatus ?? 'available');
      volume.previousStatus = null;
      return;
    }
    this.setStatus(volume, spec.to);
    if (step === 'create-from-image') this.startStep('download', id);
  }

  private createFails(volume: VolumeRecord): boolean {
    return this.deps.faults.volumeCreateFails({
      name: volume.name ?? '',
      metadata: volume.metadata,
      host: null,
    });
  }

  private runSnapshotStep(step: SnapshotStep, id: string): void {
    const snapshot = this.store.snapshots.get(id);
    const spec = SNAPSHOT_STEPS[step];
    if (!snapshot || snapshot.status !== spec.from) return;
    if (spec.to === 'gone') {
      this.store.snapshots.delete(id);
      return;
    }
    this.setSnapshotStatus(snapshot, spec.to);
  }

  setSnapshotStatus(snapshot: SnapshotRecord, to: SnapshotRecord['status']): void {
    snapshot.status = to;
    snapshot.updatedAt = this.now();
  }
}
