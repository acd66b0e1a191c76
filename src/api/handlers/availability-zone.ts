import { NovaError } from '../../errors/nova-error.js';
import type { ApiContext } from '../context.js';
import { authorize } from '../policy.js';

/** CONF.default_availability_zone: the zone of a host in no zone aggregate. */
const DEFAULT_AVAILABILITY_ZONE = 'nova';

export interface ParsedZone {
  readonly zone: string | null;
  /** The forced host, null when none or empty (`az:` forces nothing). */
  readonly host: string | null;
  /** The forced node (`az:host:node`, `az::node`), null when none. */
  readonly node: string | null;
  /**
   * Whether the value had a host slot, even empty (`az:`, `az:host`, `az:host:node`):
   * compute.API.create then skips the zone check (its `forced_host is None` test).
   */
  readonly byHost: boolean;
}

/**
 * `az`, `az:host`, `az:host:node` or `az::node` (nova/compute/api.py
 * `parse_availability_zone`); a host or node needs the forced_host policy (admin), and
 * then the zone is kept only if the host is in it (servers.py
 * `_validate_host_availability_zone`: a host in no zone aggregate, or one that does not
 * exist, is in the default zone); otherwise the host's own zone applies once it is placed.
 */
export function parseAvailabilityZone(ctx: ApiContext, value: string | undefined): ParsedZone {
  const none = { zone: null, host: null, node: null, byHost: false };
  if (value === undefined || value === '') return none;
  const parts = value.split(':');
  if (parts.length > 3) {
    throw NovaError.badRequest('Invalid input received: Unable to parse availability_zone');
  }
  let [zone = '', host = '', node = ''] = parts;
  let byHost = parts.length === 2;
  if (parts.length === 3) {
    // `az::node` forces a node only; `az:host:node` both.
    byHost = host !== '';
  }
  if (host === '' && node === '') return { ...none, zone: zone === '' ? null : zone, byHost };
  authorize(ctx, 'os_compute_api:servers:create:forced_host');
  const hostZone =
    host === ''
      ? DEFAULT_AVAILABILITY_ZONE
      : (ctx.cloud.scheduler.availabilityZoneOf(host) ?? DEFAULT_AVAILABILITY_ZONE);
  if (zone !== hostZone) zone = '';
  return {
    zone: zone === '' ? null : zone,
    host: host === '' ? null : host,
    node: node === '' ? null : node,
    byHost,
  };
}

/** Nova accepts only zones that have an enabled compute service. */
export function checkZoneAvailable(ctx: ApiContext, zone: string | null): void {
  if (zone === null) return;
  const available = ctx.cloud.scheduler
    .hosts()
    .some((host) => host.enabled && host.availabilityZone === zone);
  if (!available) throw NovaError.badRequest('The requested availability zone is not available');
}
