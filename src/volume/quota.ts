import { quotaError } from './errors.js';
import type { VolumeStore } from './records.js';

/**
 * Cinder's reservation check (quota_utils.process_reserve_over_quota): gigabytes first,
 * then the count of the resource. -1 is unlimited.
 */
export function reserve(
  store: VolumeStore,
  projectId: string,
  resource: 'volumes' | 'snapshots',
  request: { readonly count: number; readonly gigabytes: number },
): void {
  const quotas = store.quotasOf(projectId);
  const limit = quotas[resource];
  // Usage is a scan of the project's rows: skipped when nothing it would check is limited.
  if (quotas.gigabytes < 0 && (request.count <= 0 || limit < 0)) return;
  const usage = store.usage(projectId);
  if (quotas.gigabytes >= 0 && usage.gigabytes + request.gigabytes > quotas.gigabytes) {
    throw quotaError(
      'VolumeSizeExceedsAvailableQuota',
      `Requested volume or snapshot exceeds allowed gigabytes quota. Requested ${request.gigabytes}G, quota is ${quotas.gigabytes}G and ${usage.gigabytes}G has been consumed.`,
    );
  }
  if (request.count > 0 && limit >= 0 && usage[resource] + request.count > limit) {
    if (resource === 'volumes') {
      throw quotaError(
        'VolumeLimitExceeded',
        `Maximum number of volumes allowed (${limit}) exceeded for quota 'volumes'.`,
      );
    }
    throw quotaError(
      'SnapshotLimitExceeded',
      `Maximum number of snapshots allowed (${limit}) exceeded`,
    );
  }
}

/** `per_volume_gigabytes`: Cinder's limit check on one volume's size. */
export function checkPerVolume(store: VolumeStore, projectId: string, size: number): void {
  const limit = store.quotasOf(projectId).per_volume_gigabytes;
  if (limit >= 0 && size > limit) {
    throw quotaError(
      'VolumeSizeExceedsLimit',
      `Requested volume size ${size}G is larger than maximum allowed limit ${limit}G.`,
    );
  }
}
