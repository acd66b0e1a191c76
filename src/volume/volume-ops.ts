import type { Microversion } from '../api/microversion.js';
import { VOLUME_HOST, type VolumeCore } from './core.js';
import {
  CinderError,
  invalidInput,
  invalidSnapshot,
  invalidVolume,
  snapshotNotFound,
  volumeNotFound,
} from './errors.js';
import { checkPerVolume, reserve } from './quota.js';
import type { SnapshotRecord, VolumeRecord, VolumeTypeRecord } from './records.js';
import { typeVisibleTo } from './type-visibility.js';

/** Who asks: Cinder's request context. */
export interface Caller {
  readonly projectId: string;
  readonly userId: string;
  readonly isAdmin: boolean;
}

export interface CreateVolumeSpec {
  readonly size?: unknown;
  readonly name?: string | null;
  readonly description?: string | null;
  readonly volumeType?: string | null;
  readonly metadata?: Readonly<Record<string, string>> | null;
  readonly snapshotId?: string | null;
  readonly sourceVolid?: string | null;
  readonly imageRef?: string | null;
  readonly availabilityZone?: string | null;
}

const GiB = 1024 ** 3;
export const VOLUME_ZONE = 'nova';

/** A volume the caller may see (its project's; any for an admin), or Cinder's 404. */
export function getVolume(core: VolumeCore, caller: Caller, id: string): VolumeRecord {
  const volume = core.store.volumes.get(id);
  if (!volume || (!caller.isAdmin && volume.projectId !== caller.projectId)) {
    throw volumeNotFound(id);
  }
  return volume;
}

export function getSnapshot(core: VolumeCore, caller: Caller, id: string): SnapshotRecord {
  const snapshot = core.store.snapshots.get(id);
  if (!snapshot || (!caller.isAdmin && snapshot.projectId !== caller.projectId)) {
    throw snapshotNotFound(id);
  }
  return snapshot;
}

export function typeOf(core: VolumeCore, volume: VolumeRecord): VolumeTypeRecord | undefined {
  return core.store.types.get(volume.typeId);
}

/** A volume type by id or name, with Cinder's two 404s. */
export function findType(core: VolumeCore, key: string, caller?: Caller): VolumeTypeRecord {
  const type = core.store.typeByNameOrId(key);
  // A private type not shared with the caller's project is not found (volume_type_access).
  if (type && (!caller || typeVisibleTo(type, caller))) return type;
  if (/^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i.test(key)) {
    throw CinderError.notFound(`Volume type ${key} could not be found.`);
  }
  throw CinderError.notFound(`Volume type with name ${key} could not be found.`);
}

/** `multiattach="<is> True"` in the type's extra specs (volume_utils.is_multiattach_spec). */
export function isMultiattachType(type: VolumeTypeRecord | undefined): boolean {
  return /^<is>\s+true$/i.test(type?.extraSpecs.multiattach ?? '');
}

/**
 * Cinder's create, in the order its API and create flow check: type, snapshot, source
 * volume, image, size, quotas; the volume then goes `creating` → `available` on the clock.
 */
export function createVolume(
  core: VolumeCore,
  caller: Caller,
  spec: CreateVolumeSpec,
): VolumeRecord {
  const typeKey = spec.volumeType ?? null;
  let type = typeKey ? findType(core, typeKey, caller) : undefined;
  const snapshot = spec.snapshotId ? getSnapshot(core, caller, spec.snapshotId) : undefined;
  const source = spec.sourceVolid ? getVolume(core, caller, spec.sourceVolid) : undefined;
  const image = spec.imageRef ? core.deps.image(spec.imageRef, caller.projectId) : undefined;
  if (spec.imageRef && !image) {
    throw CinderError.badRequest('Invalid image identifier or unable to access requested image.');
  }
  const parent = snapshot ? core.store.volumes.get(snapshot.volumeId) : source;
  type ??= (parent && typeOf(core, parent)) ?? core.store.types.get(core.store.defaultTypeId);
  let size = spec.size ?? null;
  if (size === null && snapshot) size = snapshot.size;
  else if (size === null && source) size = source.size;
  if (typeof size === 'string' && /^[0-9]+$/.test(size)) size = Number(size);
  if (typeof size !== 'number' || !Number.isInteger(size) || size <= 0) {
    throw invalidInput(
      `Volume size '${size === null ? 'None' : String(size)}' must be an integer and greater than 0`,
    );
  }
  if (source && size < source.size) {
    throw invalidInput(
      `Volume size '${size}'GB cannot be smaller than original volume size  ${source.size}GB. They must be >= original volume size.`,
    );
  }
  if (!source && snapshot && size < snapshot.size) {
    throw invalidInput(
      `Volume size '${size}'GB cannot be smaller than the snapshot size ${snapshot.size}GB. They must be >= original snapshot size.`,
    );
  }
  if (snapshot && snapshot.status !== 'available') {
    throw invalidSnapshot("Originating snapshot status must be one of 'available' values");
  }
  if (source && source.status !== 'available' && source.status !== 'in-use') {
    throw invalidVolume(
      "Originating source volume status must be one of 'available, in-use' values",
    );
  }
  if (image) {
    if (image.status !== 'active') throw invalidInput(`Image ${image.id} is not active.`);
    const imageGb = Math.ceil(image.size / GiB);
    if (imageGb > size) {
      throw invalidInput(
        `Size of specified image ${imageGb}GB is larger than volume size ${size}GB.`,
      );
    }
    if (size < image.minDisk) {
      throw invalidInput(
        `Volume size ${size}GB cannot be smaller than the image minDisk size ${image.minDisk}GB.`,
      );
    }
  }
  const zone = spec.availabilityZone ?? VOLUME_ZONE;
  if (zone !== VOLUME_ZONE) {
    throw CinderError.badRequest(`Invalid input received: Availability zone '${zone}' is invalid.`);
  }
  checkPerVolume(core.store, caller.projectId, size);
  reserve(core.store, caller.projectId, 'volumes', { count: 1, gigabytes: size });

  const now = core.now();
  const volume: VolumeRecord = {
    id: core.newId(),
    projectId: caller.projectId,
    userId: caller.userId,
    name: spec.name ?? null,
    description: spec.description ?? null,
    size,
    status: 'creating',
    previousStatus: null,
    availabilityZone: zone,
    typeId: type?.id ?? core.store.defaultTypeId,
    snapshotId: snapshot?.id ?? null,
    sourceVolid: source?.id ?? null,
    imageId: image?.id ?? null,
    metadata: { ...(spec.metadata ?? {}) },
    bootable: image !== undefined || (parent?.bootable ?? false),
    multiattach: isMultiattachType(type),
    host: VOLUME_HOST,
    createdAt: now,
    updatedAt: null,
    imageMetadata: image ? imageMetadata(image) : (parent?.imageMetadata ?? null),
    attachments: [],
  };
  core.store.volumes.set(volume.id, volume);
  core.deps.events.emit('volume.status', {
    volumeId: volume.id,
    from: '',
    to: 'creating',
    at: now,
  });
  core.startStep(image ? 'create-from-image' : 'create', volume.id);
  return volume;
}

function imageMetadata(image: NonNullable<ReturnType<VolumeCore['deps']['image']>>) {
  return {
    ...image.properties,
    image_id: image.id,
    image_name: image.name,
    size: String(image.size),
    min_disk: String(image.minDisk),
  };
}

const DELETABLE = ['available', 'error', 'error_restoring', 'error_extending', 'error_managing'];

/** Cinder's delete: the conditional update's checks, then `deleting` → gone on the clock. */
export function deleteVolume(
  core: VolumeCore,
  caller: Caller,
  volume: VolumeRecord,
  options: { readonly cascade?: boolean; readonly force?: boolean } = {},
): void {
  if (volume.host === null) {
    core.store.volumes.delete(volume.id);
    return;
  }
  const snapshots = [...core.store.snapshots.values()].filter((s) => s.volumeId === volume.id);
  const statusOk = options.force === true || DELETABLE.includes(volume.status);
  const attached = core.store.attachmentsOf(volume).some((a) => a.status === 'attached');
  const blockedBySnapshots = options.cascade
    ? snapshots.some(
        (s) =>
          !['available', 'error', 'deleting'].includes(s.status) ||
          (!caller.isAdmin && s.projectId !== caller.projectId),
      )
    : snapshots.length > 0;
  if (!statusOk || attached || blockedBySnapshots) {
    const status = options.force ? '' : `status must be ${DELETABLE.join(' or ')} and `;
    throw invalidVolume(
      `Volume ${status}must not be migrating, attached, belong to a group, have snapshots, awaiting a transfer, or be disassociated from snapshots after volume transfer.`,
    );
  }
  core.setStatus(volume, 'deleting');
  core.startStep('delete', volume.id);
  for (const snapshot of options.cascade ? snapshots : []) {
    if (snapshot.status === 'deleting') continue;
    core.setSnapshotStatus(snapshot, 'deleting');
    core.startStep('snapshot-delete', snapshot.id);
  }
}

/** os-extend: available (in-use from 3.42) → extending → back, on the clock. */
export function extendVolume(
  core: VolumeCore,
  caller: Caller,
  volume: VolumeRecord,
  newSize: number,
  version: Microversion,
): void {
  const inUse = version.atLeast('3.42') && volume.status === 'in-use';
  const expected = inUse ? 'in-use' : 'available';
  if (newSize - volume.size <= 0) {
    throw invalidInput(
      `New size for extend must be greater than current size. (current: ${volume.size}, extended: ${newSize}).`,
    );
  }
  if (volume.status !== expected) {
    throw invalidVolume(
      `Volume ${volume.id} status must be '{'status': '${expected}'}' to extend, currently ${volume.status}.`,
    );
  }
  checkPerVolume(core.store, caller.projectId, newSize);
  reserve(core.store, volume.projectId, 'volumes', { count: 0, gigabytes: newSize - volume.size });
  volume.previousStatus = volume.status;
  volume.size = newSize;
  core.setStatus(volume, 'extending');
  core.startStep('extend', volume.id);
}
