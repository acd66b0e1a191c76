import { NovaError } from '../../errors/nova-error.js';
import type { ApiContext } from '../context.js';
import { authorize } from '../policy.js';

export interface ParsedZone {
  readonly zone: string | null;
  readonly host: string | null;
  /** Whether the host part (not only a node) is given: compute.API then skips the zone check. */
  readonly byHost: boolean;
}

/**
 * `az`, `az:host`, `az:host:node` or `az::node` (nova/compute/api.py
 * `parse_availability_zone`); the host forms need the forced_host policy (admin).
 */
export function parseAvailabilityZone(ctx: ApiContext, value: string | undefined): ParsedZone {
  if (value === undefined || value === '') return { zone: null, host: null, byHost: false };
  const parts = value.split(':');
  if (parts.length > 3) {
    throw NovaError.badRequest('Invalid input received: Unable to parse availability_zone');
  }
  const [zone = '', host = '', node = ''] = parts;
  const forced = host !== '' ? host : node !== '' ? node : null;
  if (forced !== null) authorize(ctx, 'os_compute_api:servers:create:forced_host');
  return { zone: zone === '' ? null : zone, host: forced, byHost: host !== '' };
}

/** Nova accepts only zones that have an enabled compute service. */
export function checkZoneAvailable(ctx: ApiContext, zone: string | null): void {
  if (zone === null) return;
  const available = ctx.cloud.scheduler
    .hosts()
    .some((host) => host.enabled && host.availabilityZone === zone);
  if (!available) throw NovaError.badRequest('The requested availability zone is not available');
}
