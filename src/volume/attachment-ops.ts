import type { VolumeCore } from './core.js';
import { attachmentNotFound, CinderError, invalidVolume } from './errors.js';
import type { AttachmentRecord, VolumeRecord } from './records.js';
import type { Caller } from './volume-ops.js';

export function getAttachment(core: VolumeCore, caller: Caller, id: string): AttachmentRecord {
  const attachment = core.store.attachments.get(id);
  if (!attachment || (!caller.isAdmin && attachment.projectId !== caller.projectId)) {
    throw attachmentNotFound(id);
  }
  return attachment;
}

/**
 * attachment_create (3.27): reserves the volume (`reserved`); with a connector it is also
 * connected (`attaching`). A non-multiattach volume takes one attachment, unless the same
 * instance asks again (a move).
 */
export function createAttachment(
  core: VolumeCore,
  volume: VolumeRecord,
  instanceUuid: string | null,
  connector: Record<string, unknown> | null,
  mode = 'null',
): AttachmentRecord {
  if (volume.status.includes('error')) {
    throw invalidVolume(
      `Volume attachments can not be created if the volume is in an error state. The Volume ${volume.id} currently has a status of: ${volume.status} `,
    );
  }
  const allowed = volume.multiattach
    ? ['available', 'in-use', 'downloading']
    : ['available', 'downloading'];
  if (!allowed.includes(volume.status)) {
    const sameInstance =
      instanceUuid !== null &&
      (volume.status === 'in-use' || volume.status === 'reserved') &&
      core.store.attachmentsOf(volume).some((a) => a.instanceUuid === instanceUuid);
    if (!sameInstance) {
      throw invalidVolume(
        `Volume ${volume.id} status must be ${allowed.join(' or ')} to reserve, but the current status is ${volume.status}.`,
      );
    }
  }
  core.setStatus(volume, 'reserved');
  const attachment: AttachmentRecord = {
    id: core.newId(),
    volumeId: volume.id,
    projectId: volume.projectId,
    instanceUuid,
    status: 'reserved',
    connector: null,
    mountpoint: null,
    attachMode: mode,
    host: null,
    attachedAt: null,
    detachedAt: null,
  };
  core.store.attachments.set(attachment.id, attachment);
  volume.attachments.push(attachment.id);
  if (connector) connect(core, volume, attachment, connector);
  return attachment;
}

/** attachment_update: the connector arrives; volume and attachment are `attaching`. */
export function updateAttachment(
  core: VolumeCore,
  attachment: AttachmentRecord,
  connector: Record<string, unknown>,
): void {
  const volume = core.store.volumes.get(attachment.volumeId);
  if (!volume) throw attachmentNotFound(attachment.id);
  if (volume.status.includes('error')) {
    throw CinderError.conflict(
      `Resource conflict: Volume attachments can not be updated if the volume is in an error state. The Volume ${volume.id} currently has a status of: ${volume.status} `,
    );
  }
  const others = core.store.attachmentsOf(volume).filter((a) => a.id !== attachment.id);
  if (!volume.multiattach && others.some((a) => a.connector !== null)) {
    throw CinderError.conflict(
      `Resource conflict: duplicate connectors detected on volume ${volume.id}`,
    );
  }
  connect(core, volume, attachment, connector);
}

function connect(
  core: VolumeCore,
  volume: VolumeRecord,
  attachment: AttachmentRecord,
  connector: Record<string, unknown>,
): void {
  attachment.connector = { ...connector };
  attachment.host = typeof connector.host === 'string' ? connector.host : '';
  attachment.mountpoint = typeof connector.mountpoint === 'string' ? connector.mountpoint : 'na';
  if (attachment.attachMode === 'null') {
    attachment.attachMode = typeof connector.mode === 'string' ? connector.mode : 'rw';
  }
  attachment.status = 'attaching';
  core.setStatus(volume, 'attaching');
}

/** os-complete (3.44): attached; the volume is `in-use`. */
export function completeAttachment(core: VolumeCore, attachment: AttachmentRecord): void {
  const volume = core.store.volumes.get(attachment.volumeId);
  if (!volume) throw attachmentNotFound(attachment.id);
  attachment.status = 'attached';
  attachment.attachedAt = core.now();
  core.setStatus(volume, 'in-use');
}

/**
 * attachment_delete: the row goes; the volume is `available` again, or stays `in-use`
 * while other attachments remain (volume_detached). Returns the remaining attachments.
 */
export function deleteAttachment(
  core: VolumeCore,
  attachment: AttachmentRecord,
): AttachmentRecord[] {
  core.store.attachments.delete(attachment.id);
  const volume = core.store.volumes.get(attachment.volumeId);
  if (!volume) return [];
  volume.attachments = volume.attachments.filter((id) => id !== attachment.id);
  const remaining = core.store.attachmentsOf(volume);
  const attached = remaining.some((a) => a.status === 'attached');
  if (volume.status !== 'deleting' && volume.status !== 'error_deleting') {
    core.setStatus(volume, attached ? 'in-use' : remaining.length > 0 ? 'reserved' : 'available');
  }
  return remaining;
}

/** os-begin_detaching (Nova before it disconnects): in-use → detaching. */
export function beginDetaching(core: VolumeCore, volume: VolumeRecord): void {
  if (volume.status !== 'in-use') {
    throw invalidVolume(
      `Unable to detach volume. Volume status must be 'in-use' and attach_status must be 'attached' to detach.`,
    );
  }
  core.setStatus(volume, 'detaching');
}

/** os-roll_detaching: a detach that did not happen puts the volume back in use. */
export function rollDetaching(core: VolumeCore, volume: VolumeRecord): void {
  if (volume.status === 'detaching') core.setStatus(volume, 'in-use');
}
