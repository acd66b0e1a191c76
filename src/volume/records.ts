/** Cinder's volume statuses (cinder/objects/fields.py VolumeStatus, those simulated). */
export type VolumeStatus =
  | 'creating'
  | 'downloading'
  | 'available'
  | 'reserved'
  | 'attaching'
  | 'in-use'
  | 'detaching'
  | 'extending'
  | 'deleting'
  | 'error'
  | 'error_deleting'
  | 'error_extending'
  // Reachable only through os-reset_status here:
  | 'error_managing'
  | 'managing'
  | 'maintenance'
  | 'restoring-backup'
  | 'error_restoring'
  | 'awaiting-transfer'
  | 'backing-up'
  | 'error_backing-up'
  | 'uploading'
  | 'retyping';

/** Cinder's VolumeStatus.ALL, in its order (the reset-status message lists it). */
export const VOLUME_STATUSES: readonly VolumeStatus[] = [
  'creating',
  'available',
  'deleting',
  'error',
  'error_deleting',
  'error_managing',
  'managing',
  'attaching',
  'in-use',
  'detaching',
  'maintenance',
  'restoring-backup',
  'error_restoring',
  'reserved',
  'awaiting-transfer',
  'backing-up',
  'error_backing-up',
  'error_extending',
  'downloading',
  'uploading',
  'retyping',
  'extending',
];

export type SnapshotStatus = 'creating' | 'available' | 'deleting' | 'error' | 'error_deleting';

/** An attachment's `attach_status` (VolumeAttachStatus). */
export type AttachStatus = 'reserved' | 'attaching' | 'attached' | 'detached';

/** One row of Cinder's `volumes` table, as much as the API shows. */
export interface VolumeRecord {
  readonly id: string;
  readonly projectId: string;
  readonly userId: string;
  name: string | null;
  description: string | null;
  size: number;
  status: VolumeStatus;
  /** The status an extend returns to. */
  previousStatus: VolumeStatus | null;
  readonly availabilityZone: string;
  readonly typeId: string;
  readonly snapshotId: string | null;
  readonly sourceVolid: string | null;
  readonly imageId: string | null;
  metadata: Record<string, string>;
  bootable: boolean;
  readonly multiattach: boolean;
  /** Set once the scheduler placed it; a volume without one is deleted at once. */
  host: string | null;
  readonly createdAt: number;
  updatedAt: number | null;
  /** `volume_image_metadata` of a volume made from an image. */
  imageMetadata: Record<string, string> | null;
  /** Attachment ids, oldest first. */
  attachments: string[];
}

export interface SnapshotRecord {
  readonly id: string;
  readonly volumeId: string;
  readonly projectId: string;
  readonly userId: string;
  name: string | null;
  description: string | null;
  status: SnapshotStatus;
  readonly size: number;
  metadata: Record<string, string>;
  readonly createdAt: number;
  updatedAt: number | null;
}

export interface AttachmentRecord {
  readonly id: string;
  readonly volumeId: string;
  readonly projectId: string;
  readonly instanceUuid: string | null;
  status: AttachStatus;
  connector: Record<string, unknown> | null;
  mountpoint: string | null;
  attachMode: string;
  /** The host of the connector. */
  host: string | null;
  attachedAt: number | null;
  detachedAt: number | null;
}

export interface VolumeTypeRecord {
  readonly id: string;
  readonly name: string;
  readonly description: string | null;
  readonly isPublic: boolean;
  readonly extraSpecs: Readonly<Record<string, string>>;
  /** The projects a private type is shared with (volume_type_projects); absent: none. */
  readonly projects?: readonly string[];
}

/** Cinder's quota resources (the per-type ones are not simulated). */
export interface VolumeQuotas {
  volumes: number;
  snapshots: number;
  gigabytes: number;
  backups: number;
  backup_gigabytes: number;
  groups: number;
  per_volume_gigabytes: number;
}

export type QuotaName = keyof VolumeQuotas;

/** Cinder's `[DEFAULT] quota_*` defaults. */
export const DEFAULT_QUOTAS: Readonly<VolumeQuotas> = {
  volumes: 10,
  snapshots: 10,
  gigabytes: 1000,
  backups: 10,
  backup_gigabytes: 1000,
  groups: 10,
  per_volume_gigabytes: -1,
};

/** The plain JSON of the store: rows in insertion order. */
export interface VolumeStoreSnapshot {
  readonly volumes: readonly VolumeRecord[];
  readonly snapshots: readonly SnapshotRecord[];
  readonly attachments: readonly AttachmentRecord[];
  readonly types: readonly VolumeTypeRecord[];
  readonly quotas: readonly [string, Partial<VolumeQuotas>][];
  readonly defaultTypeId: string;
}

/** Cinder's DB: rows by id. Maps keep insertion order, which is creation order. */
export class VolumeStore {
  readonly volumes = new Map<string, VolumeRecord>();
  readonly snapshots = new Map<string, SnapshotRecord>();
  readonly attachments = new Map<string, AttachmentRecord>();
  readonly types = new Map<string, VolumeTypeRecord>();
  readonly quotas = new Map<string, Partial<VolumeQuotas>>();
  defaultTypeId = '';

  quotasOf(projectId: string): VolumeQuotas {
    return { ...DEFAULT_QUOTAS, ...this.quotas.get(projectId) };
  }

  /** In-use counts of a project: volumes, their gigabytes (snapshots' too) and snapshots. */
  usage(projectId: string): Pick<VolumeQuotas, 'volumes' | 'gigabytes' | 'snapshots'> {
    let volumes = 0;
    let gigabytes = 0;
    let snapshots = 0;
    for (const volume of this.volumes.values()) {
      if (volume.projectId !== projectId) continue;
      volumes += 1;
      gigabytes += volume.size;
    }
    for (const snapshot of this.snapshots.values()) {
      if (snapshot.projectId !== projectId) continue;
      snapshots += 1;
      gigabytes += snapshot.size;
    }
    return { volumes, gigabytes, snapshots };
  }

  typeByNameOrId(key: string): VolumeTypeRecord | undefined {
    const byId = this.types.get(key);
    if (byId) return byId;
    for (const type of this.types.values()) if (type.name === key) return type;
    return undefined;
  }

  attachmentsOf(volume: VolumeRecord): AttachmentRecord[] {
    return volume.attachments
      .map((id) => this.attachments.get(id))
      .filter((a): a is AttachmentRecord => a !== undefined);
  }

  snapshot(): VolumeStoreSnapshot {
    return structuredClone({
      volumes: [...this.volumes.values()],
      snapshots: [...this.snapshots.values()],
      attachments: [...this.attachments.values()],
      types: [...this.types.values()],
      quotas: [...this.quotas],
      defaultTypeId: this.defaultTypeId,
    });
  }

  static restore(snapshot: VolumeStoreSnapshot): VolumeStore {
    const copy = structuredClone(snapshot);
    const store = new VolumeStore();
    for (const row of copy.volumes) store.volumes.set(row.id, row);
    for (const row of copy.snapshots) store.snapshots.set(row.id, row);
    for (const row of copy.attachments) store.attachments.set(row.id, row);
    for (const row of copy.types) store.types.set(row.id, row);
    for (const [id, quotas] of copy.quotas) store.quotas.set(id, quotas);
    store.defaultTypeId = copy.defaultTypeId;
    return store;
  }
}
