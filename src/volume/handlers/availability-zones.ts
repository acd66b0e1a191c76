import type { VolumeContext, VolumeResult, VolumeRoute } from '../context.js';
import { VOLUME_ZONE } from '../volume-ops.js';

/**
 * GET /os-availability-zone (cinder/api/contrib/availability_zones.py): the zones of the
 * cinder-volume services, available unless every service of the zone is disabled. The
 * cloud's one volume service sits in `nova` (`storage_availability_zone`'s default).
 * The controller checks no policy: any token reads it (`openstack availability zone list`
 * asks Cinder too).
 */
function list(_ctx: VolumeContext): VolumeResult {
  return {
    status: 200,
    body: { availabilityZoneInfo: [{ zoneName: VOLUME_ZONE, zoneState: { available: true } }] },
  };
}

export const AVAILABILITY_ZONE_ROUTES: readonly VolumeRoute[] = [
  { method: 'GET', path: '/os-availability-zone', handler: list },
];
