import type { Cloud } from '../../cloud.js';
import { violated } from '../model/violation.js';

/**
 * Nova's block device mappings and Cinder's volumes agree (nova/compute/api.py,
 * cinder's attachments API): every Cinder attachment belongs to a live server whose BDM
 * names it, every attached BDM of a live server has its Cinder attachment, an `available`
 * volume has none, an `in-use` one has an attached one, a volume that is not multiattach
 * has at most one, and no project holds more volumes or gigabytes than its quota.
 *
 * @example
 * checkVolumes(cloud);
 */
export function checkVolumes(cloud: Cloud): void {
  const { store } = cloud.volume.core;
  const byVolume = new Map<string, string[]>();
  for (const attachment of store.attachments.values()) {
    const where = `Cinder attachment ${attachment.id} of volume ${attachment.volumeId}`;
    const volume = store.volumes.get(attachment.volumeId);
    if (!volume) violated('volumes', `${where}: the volume does not exist`);
    if (attachment.status === 'detached') continue;
    byVolume.set(attachment.volumeId, [
      ...(byVolume.get(attachment.volumeId) ?? []),
      attachment.id,
    ]);
    const serverId = attachment.instanceUuid;
    if (serverId === null) continue;
    const server = cloud.compute.get(serverId);
    if (!server || server.deleted) {
      violated('volumes', `${where} points at server ${serverId}, which is gone`);
    }
    const bdm = server.volumes.find((v) => v.attachmentId === attachment.id);
    if (!bdm || bdm.id !== attachment.volumeId) {
      violated('volumes', `${where}: server ${serverId} has no BDM for it`);
    }
  }
  for (const server of cloud.compute.servers.values()) {
    if (server.deleted) continue;
    for (const bdm of server.volumes) {
      if (!bdm.attachmentId) continue;
      const attachment = store.attachments.get(bdm.attachmentId);
      if (!attachment || attachment.volumeId !== bdm.id || attachment.instanceUuid !== server.id) {
        violated(
          'volumes',
          `server ${server.id}: the BDM of volume ${bdm.id} names Cinder attachment ${bdm.attachmentId}, which ${attachment ? `is of ${attachment.volumeId} on ${String(attachment.instanceUuid)}` : 'does not exist'}`,
        );
      }
    }
  }
  for (const volume of store.volumes.values()) {
    const held = byVolume.get(volume.id) ?? [];
    const where = `volume ${volume.id} (${volume.status})`;
    if (volume.status === 'available' && held.length > 0) {
      violated('volumes', `${where} still has attachments ${held.join(', ')}`);
    }
    if (
      volume.status === 'in-use' &&
      !held.some((id) => store.attachments.get(id)?.status === 'attached')
    ) {
      violated('volumes', `${where} has no attached attachment`);
    }
    if (!volume.multiattach && held.length > 1) {
      violated('volumes', `${where} is not multiattach yet has attachments ${held.join(', ')}`);
    }
  }
  const projects = new Set([...store.volumes.values()].map((v) => v.projectId));
  for (const projectId of projects) {
    const usage = store.usage(projectId);
    const quotas = store.quotasOf(projectId);
    for (const resource of ['volumes', 'gigabytes'] as const) {
      if (quotas[resource] >= 0 && usage[resource] > quotas[resource]) {
        violated(
          'quota',
          `project ${projectId} holds ${usage[resource]} ${resource} of Cinder, over its quota of ${quotas[resource]}`,
        );
      }
    }
  }
}
