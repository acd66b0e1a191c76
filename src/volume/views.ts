import { usageTime, usageTimeOrNull } from '../api/views/time.js';
import type { VolumeContext } from './context.js';
import type {
  AttachmentRecord,
  SnapshotRecord,
  VolumeRecord,
  VolumeTypeRecord,
} from './records.js';

type View = Record<string, unknown>;

export function selfLinks(ctx: VolumeContext, collection: string, id: string) {
  return [
    { href: `${ctx.links.self}/${collection}/${id}`, rel: 'self' },
    { href: `${ctx.links.bookmark}/${collection}/${id}`, rel: 'bookmark' },
  ];
}

/** The `volumes` summary: id, name, links. */
export function volumeSummary(ctx: VolumeContext, volume: VolumeRecord): View {
  return { id: volume.id, name: volume.name, links: selfLinks(ctx, 'volumes', volume.id) };
}

/** Only attached attachments show on the volume (views/volumes.py `_get_attachments`). */
function volumeAttachments(ctx: VolumeContext, volume: VolumeRecord): View[] {
  const privileged = ctx.isAdmin || ctx.auth.roles.includes('service');
  return ctx.core.store
    .attachmentsOf(volume)
    .filter((a) => a.status === 'attached')
    .map((a) => ({
      id: volume.id,
      attachment_id: a.id,
      volume_id: volume.id,
      server_id: a.instanceUuid,
      host_name: privileged ? a.host : null,
      device: a.mountpoint,
      attached_at: usageTimeOrNull(a.attachedAt),
    }));
}

/**
 * Cinder v3's volume detail, field for field and gate for gate (api/v3/views/volumes.py).
 * The contrib extensions (tenant, host, migration status, image metadata) extend only
 * `show` and `detail`: create and update answer without them (`extended: false`).
 */
export function volumeDetail(ctx: VolumeContext, volume: VolumeRecord, extended = true): View {
  const type = ctx.core.store.types.get(volume.typeId);
  const v = ctx.version;
  const view: View = {
    id: volume.id,
    status: volume.status,
    size: volume.size,
    availability_zone: volume.availabilityZone,
    created_at: usageTime(volume.createdAt),
    updated_at: usageTimeOrNull(volume.updatedAt),
    name: volume.name,
    description: volume.description,
    volume_type: type?.name ?? volume.typeId,
    snapshot_id: volume.snapshotId,
    source_volid: volume.sourceVolid,
    metadata: { ...volume.metadata },
    links: selfLinks(ctx, 'volumes', volume.id),
    user_id: volume.userId,
    bootable: String(volume.bootable),
    encrypted: false,
    replication_status: null,
    consistencygroup_id: null,
    multiattach: volume.multiattach,
    attachments: volumeAttachments(ctx, volume),
  };
  if (ctx.isAdmin) view.migration_status = null;
  // Extensions Cinder loads by default: tenant and host attributes, image metadata.
  if (extended) {
    view['os-vol-tenant-attr:tenant_id'] = volume.projectId;
    if (ctx.isAdmin) {
      view['os-vol-host-attr:host'] = volume.host;
      view['os-vol-mig-status-attr:migstat'] = null;
      view['os-vol-mig-status-attr:name_id'] = null;
    }
    // The extension adds it only when the volume has some (volume_image_metadata.py).
    if (volume.imageMetadata && Object.keys(volume.imageMetadata).length > 0) {
      view.volume_image_metadata = { ...volume.imageMetadata };
    }
  }
  if (v.atLeast('3.13')) view.group_id = null;
  if (ctx.isAdmin && v.atLeast('3.21')) view.provider_id = null;
  if (v.atLeast('3.48')) {
    view.shared_targets = false;
    view.service_uuid = null;
  }
  if (ctx.isAdmin && v.atLeast('3.61')) view.cluster_name = null;
  if (v.atLeast('3.63')) view.volume_type_id = volume.typeId;
  if (v.atLeast('3.65')) view.consumes_quota = true;
  return view;
}

/**
 * A snapshot as Cinder's view builder shows it; `extended` adds the two attributes of the
 * os-extended-snapshot-attributes extension, which extends only show and detail (never
 * index, create or update: cinder/api/contrib/extended_snapshot_attributes.py).
 */
export function snapshotView(ctx: VolumeContext, snapshot: SnapshotRecord, extended = false): View {
  const view: View = {
    id: snapshot.id,
    created_at: usageTime(snapshot.createdAt),
    updated_at: usageTimeOrNull(snapshot.updatedAt),
    name: snapshot.name,
    description: snapshot.description,
    volume_id: snapshot.volumeId,
    status: snapshot.status,
    size: snapshot.size,
    metadata: { ...snapshot.metadata },
  };
  if (extended) {
    view['os-extended-snapshot-attributes:progress'] =
      snapshot.status === 'available' ? '100%' : '0%';
    view['os-extended-snapshot-attributes:project_id'] = snapshot.projectId;
  }
  if (ctx.version.atLeast('3.14')) view.group_snapshot_id = null;
  if (ctx.version.atLeast('3.41')) view.user_id = snapshot.userId;
  if (ctx.version.atLeast('3.65')) view.consumes_quota = true;
  return view;
}

export function attachmentSummary(attachment: AttachmentRecord): View {
  return {
    id: attachment.id,
    status: attachment.status,
    instance: attachment.instanceUuid,
    volume_id: attachment.volumeId,
  };
}

/** The connection info LVM's iSCSI target would hand out, once a connector is known. */
function connectionInfo(attachment: AttachmentRecord): View {
  if (!attachment.connector) return {};
  return {
    driver_volume_type: 'iscsi',
    data: {
      target_discovered: false,
      target_iqn: `iqn.2010-10.org.openstack:volume-${attachment.volumeId}`,
      target_portal: '127.0.0.1:3260',
      target_lun: 0,
      volume_id: attachment.volumeId,
      auth_method: 'CHAP',
      access_mode: attachment.attachMode === 'ro' ? 'ro' : 'rw',
      encrypted: false,
    },
    attachment_id: attachment.id,
  };
}

export function attachmentDetail(attachment: AttachmentRecord): View {
  return {
    ...attachmentSummary(attachment),
    attached_at: attachment.attachedAt === null ? '' : usageTime(attachment.attachedAt),
    detached_at: attachment.detachedAt === null ? '' : usageTime(attachment.detachedAt),
    attach_mode: attachment.attachMode,
    connection_info: connectionInfo(attachment),
  };
}

/**
 * A volume type. GET show and index use cinder/api/v3/views/types.py (qos_specs_id for
 * admins); create and update (types_manage.py) use the older cinder/api/views/types.py,
 * which has no qos_specs_id. The type-access extension adds its attribute to show, index
 * and create, not to update.
 */
export function typeView(
  ctx: VolumeContext,
  type: VolumeTypeRecord,
  action: 'read' | 'create' | 'update' = 'read',
): View {
  const view: View = {
    id: type.id,
    name: type.name,
    description: type.description,
    is_public: type.isPublic,
    extra_specs: { ...type.extraSpecs },
  };
  if (ctx.isAdmin && action === 'read') view.qos_specs_id = null;
  if (action !== 'update') view['os-volume-type-access:is_public'] = type.isPublic;
  return view;
}
