import * as ops from '../../compute/operations.js';
import type { Server } from '../../compute/server.js';
import { NovaError } from '../../errors/nova-error.js';
import type { ApiContext } from '../context.js';
import { authorize } from '../policy.js';
import { checkZoneAvailable } from './availability-zone.js';

/** What unshelve pins: a zone (2.77, null unpins) and a host (2.91). */
export interface UnshelveOptions {
  availabilityZone?: string | null;
  host?: string | null;
}

/**
 * compute.API.unshelve's checks in its order: lock and state, SHELVED_OFFLOADED when a
 * zone or host is given, the zone, then the host (its policy, its lookup, its zone
 * against the zone the server will have).
 *
 * @example
 * ops.unshelve(compute, server, caller, unshelveOptions(ctx, server, { availability_zone: 'az1' }));
 */
export function unshelveOptions(
  ctx: ApiContext,
  server: Server,
  args: Record<string, unknown> | null,
): UnshelveOptions {
  ops.check(ctx.cloud.compute, server, ctx.caller, 'unshelve', 'UNSHELVE');
  const options: UnshelveOptions = {};
  const zonePassed = args !== null && 'availability_zone' in args;
  const host = typeof args?.host === 'string' ? args.host : null;
  if (zonePassed || host !== null) ops.checkOffloaded(server);
  if (zonePassed) {
    const zone = args.availability_zone as string | null;
    checkZoneAvailable(ctx, zone);
    options.availabilityZone = zone;
  }
  if (host !== null) {
    authorize(ctx, 'os_compute_api:os-shelve:unshelve_to_host', { projectId: server.projectId });
    const found = ctx.cloud.scheduler.getHost(host);
    if (!found) throw NovaError.badRequest(`Compute host ${host} could not be found.`);
    const zone = zonePassed ? options.availabilityZone : server.requestedAz;
    if (zone !== null && zone !== undefined && found.availabilityZone !== zone) {
      throw NovaError.conflict(`Host "${host}" is not in the availability zone "${zone}".`);
    }
    options.host = host;
  }
  return options;
}
