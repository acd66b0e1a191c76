import type { AttachedVolume, Server } from '../../compute/server.js';
import { isCinderClientError } from '../../compute/volume-api.js';
import { NovaError } from '../../errors/nova-error.js';
import { uuid4 } from '../../random/ids.js';
import type { ApiContext } from '../context.js';

type Json = Record<string, unknown>;

/** One volume BDM of a create request, checked and waiting to be made real. */
export interface PlannedVolume {
  readonly source: 'volume' | 'image' | 'blank' | 'snapshot';
  /** The existing volume, or the image or snapshot a new one comes from. */
  readonly uuid: string | null;
  readonly size: number | null;
  readonly bootIndex: number | null;
  readonly deleteOnTermination: boolean;
  readonly tag: string | null;
  readonly volumeType: string | null;
}

const INVALID_BDM = 'Block Device Mapping is Invalid';

function isTrue(value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  return ['1', 't', 'true', 'on', 'y', 'yes'].includes(String(value ?? '').toLowerCase());
}

function toIndex(value: unknown): number | null {
  if (value === undefined || value === null || value === '') return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}

/** block_device_mapping (legacy) or _v2, reduced to the volume mappings Nova makes. */
function normalise(bdms: readonly Json[], legacy: boolean): PlannedVolume[] {
  const planned: PlannedVolume[] = [];
  for (const bdm of bdms) {
    if (legacy) {
      const uuid = (bdm.volume_id ?? bdm.snapshot_id) as string | undefined;
      if (!uuid) continue;
      planned.push({
        source: bdm.volume_id ? 'volume' : 'snapshot',
        uuid,
        size: toIndex(bdm.volume_size),
        bootIndex: String(bdm.device_name ?? '').endsWith('vda') ? 0 : null,
        deleteOnTermination: isTrue(bdm.delete_on_termination),
        tag: null,
        volumeType: null,
      });
      continue;
    }
    const source = String(bdm.source_type ?? (bdm.volume_id !== undefined ? 'volume' : ''));
    const destination = String(bdm.destination_type ?? 'volume');
    if (destination !== 'volume') continue;
    if (!['volume', 'image', 'blank', 'snapshot'].includes(source)) continue;
    planned.push({
      source: source as PlannedVolume['source'],
      uuid: (bdm.uuid ?? bdm.volume_id ?? null) as string | null,
      size: toIndex(bdm.volume_size),
      bootIndex: toIndex(bdm.boot_index),
      deleteOnTermination: isTrue(bdm.delete_on_termination),
      tag: (bdm.tag ?? null) as string | null,
      volumeType: (bdm.volume_type ?? null) as string | null,
    });
  }
  return planned;
}

/**
 * The block device mappings as servers.py parses them, before any lookup: the
 * create:attach_volume policy runs once they are parsed. The lookups come later, where
 * compute.API makes them: {@link checkRootDevice}, then {@link validateBootVolumes}.
 *
 * @example
 * const planned = planBootVolumes(spec.block_device_mapping_v2, false, () => authorize(ctx, rule));
 */
export function planBootVolumes(
  bdms: readonly Json[] | undefined,
  legacy: boolean,
  afterParse?: () => void,
): PlannedVolume[] {
  if (!bdms) return [];
  const planned = normalise(bdms, legacy);
  if (bdms.length > 0) afterParse?.();
  return planned;
}

/**
 * `get_bdm_image_metadata` (nova/block_device.py) when booting without an image, where
 * `_create_instance` looks the image up otherwise: the root mapping's snapshot (its own
 * SnapshotNotFound), image or volume must exist, and the volume must be bootable.
 */
export function checkRootDevice(ctx: ApiContext, planned: readonly PlannedVolume[]): void {
  const root = planned.find((bdm) => bdm.bootIndex === 0);
  if (!root?.uuid) return;
  const { volumeApi } = ctx.cloud;
  let volumeId: string | undefined;
  if (root.source === 'snapshot') {
    const snapshot = visibleSnapshot(ctx, root.uuid);
    if (!snapshot) throw NovaError.badRequest(`Snapshot ${root.uuid} could not be found.`);
    volumeId = snapshot.volumeId;
  } else if (root.source === 'image') {
    if (!ctx.cloud.image.findImage(root.uuid, ctx.auth)) {
      throw NovaError.badRequest(`${INVALID_BDM}: failed to get image ${root.uuid}.`);
    }
    return;
  } else if (root.source === 'volume') {
    volumeId = root.uuid;
  }
  if (volumeId === undefined) return;
  const found = volumeApi.find(ctx.caller, volumeId);
  if (!found) throw NovaError.badRequest(`${INVALID_BDM}: failed to get volume ${volumeId}.`);
  if (!found.bootable) throw NovaError.badRequest(`Block Device ${volumeId} is not bootable.`);
}

function visibleSnapshot(ctx: ApiContext, id: string) {
  const snapshot = ctx.cloud.volume.core.store.snapshots.get(id);
  if (!snapshot || (!ctx.caller.isAdmin && snapshot.projectId !== ctx.caller.projectId)) {
    return undefined;
  }
  return snapshot;
}

/**
 * `_provision_instances` after the quota: every given volume is fetched
 * (`_get_volumes_for_bdms`, VolumeNotFound), then `_validate_bdm` goes through the mappings
 * in order, each one's volume type first, then its source: images exist and new volumes
 * have a size, volumes can be reserved, snapshots exist. Nothing is changed yet.
 */
export function validateBootVolumes(ctx: ApiContext, planned: readonly PlannedVolume[]): void {
  const { volumeApi, volume } = ctx.cloud;
  const caller = ctx.caller;
  for (const bdm of planned) {
    if (bdm.source !== 'volume' || !bdm.uuid) continue;
    if (!volumeApi.find(caller, bdm.uuid)) {
      throw NovaError.badRequest(`Volume ${bdm.uuid} could not be found.`);
    }
  }
  for (const bdm of planned) {
    if (bdm.volumeType && !volume.core.store.typeByNameOrId(bdm.volumeType)) {
      throw NovaError.badRequest(`Volume type ${bdm.volumeType} could not be found.`);
    }
    if (bdm.source === 'image') {
      const image = bdm.uuid ? ctx.cloud.image.findImage(bdm.uuid, ctx.auth) : undefined;
      if (!image) throw NovaError.badRequest(`${INVALID_BDM}: failed to get image ${bdm.uuid}.`);
      if (!bdm.size) {
        throw NovaError.badRequest(
          "Images with destination_type 'volume' need to have a non-zero size specified",
        );
      }
    } else if (bdm.source === 'volume') {
      checkReservable(ctx, volumeApi.find(caller, bdm.uuid ?? '')!);
    } else if (bdm.source === 'snapshot') {
      if (!bdm.uuid || !visibleSnapshot(ctx, bdm.uuid)) {
        throw NovaError.badRequest(`${INVALID_BDM}: failed to get snapshot ${bdm.uuid}.`);
      }
    } else if (bdm.source === 'blank' && !bdm.size) {
      throw NovaError.badRequest(
        "Blank volumes (source: 'blank', dest: 'volume') need to have non-zero size",
      );
    }
  }
}

/** `check_attach_and_reserve_volume`: multiattach needs 2.60, then Cinder's reserve. */
function checkReservable(
  ctx: ApiContext,
  found: NonNullable<ReturnType<ApiContext['cloud']['volumeApi']['find']>>,
): void {
  if (found.multiattach && ctx.version.below('2.60')) {
    throw NovaError.badRequest(
      'Multiattach volumes are only supported starting with compute API version 2.60.',
    );
  }
  const allowed = found.multiattach
    ? ['available', 'in-use', 'downloading']
    : ['available', 'downloading'];
  if (!allowed.includes(found.status)) {
    // What Cinder's attachment_create would refuse, as Nova wraps it.
    const cinder = `Invalid volume: Volume ${found.id} status must be ${allowed.join(' or ')} to reserve, but the current status is ${found.status}.`;
    throw NovaError.badRequest(
      `Invalid volume: Invalid input received: ${cinder} (HTTP 400) (Request-ID: ${ctx.requestId})`,
    );
  }
}

/**
 * Makes the planned mappings real for one new server: reserves the given volumes (Nova's
 * API does, `check_attach_and_reserve_volume`) and asks Cinder for the new ones (which
 * Nova's compute manager does during block_device_mapping; here at once, so they have
 * the build's time to become available). The server's BDMs are recorded.
 */
export function realizeBootVolumes(
  ctx: ApiContext,
  server: Server,
  planned: readonly PlannedVolume[],
): void {
  const { volumeApi } = ctx.cloud;
  const caller = ctx.caller;
  const mappings: AttachedVolume[] = [];
  // The root disk is vda (an image's, or the boot volume); data volumes follow from vdb.
  let next = 1;
  for (const bdm of planned) {
    const device = bdm.bootIndex === 0 ? '/dev/vda' : `/dev/vd${String.fromCharCode(97 + next++)}`;
    try {
      let volumeId: string;
      let attachmentId: string | null = null;
      if (bdm.source === 'volume') {
        volumeId = bdm.uuid!;
        attachmentId = volumeApi.attachmentCreate(caller, volumeId, server.id).id;
      } else {
        volumeId = volumeApi.create(caller, {
          size: bdm.size,
          name: bdm.source === 'blank' ? `${server.id}-blank-vol` : '',
          description: '',
          volumeType: bdm.volumeType,
          ...(bdm.source === 'image' ? { imageRef: bdm.uuid } : {}),
          ...(bdm.source === 'snapshot' ? { snapshotId: bdm.uuid } : {}),
        }).id;
      }
      mappings.push({
        id: volumeId,
        deleteOnTermination: bdm.deleteOnTermination,
        device,
        tag: bdm.tag,
        attachmentId,
        bootIndex: bdm.bootIndex,
        uuid: uuid4(ctx.cloud.random),
      });
    } catch (error) {
      // Cinder refusing the new volume (over quota) fails that mapping, as the compute
      // manager would; anything else is a bug.
      if (!isCinderClientError(error)) throw error;
    }
  }
  server.volumes = mappings;
}
