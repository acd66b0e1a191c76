import { placementZone } from '../../cloud/placement-zone.js';
import type { Cloud } from '../../cloud.js';
import { violated } from '../model/violation.js';

/**
 * Where servers land: a server asked into an availability zone that some aggregate carries
 * is on a host of that zone (§8.5; an uncarried one, such as the default `nova`, restricts
 * nothing in master's Placement request); a finished resize moved to another host unless `allow_resize_to_same_host`, a
 * cold migration always did (the fake driver cannot migrate to its own host), and so
 * did a live migration or an evacuation (§3.3, §8.1a).
 *
 * @example
 * checkPlacement(cloud);
 */
export function checkPlacement(cloud: Cloud): void {
  const zones = new Map(cloud.hosts.list().map((h) => [h.name, h.availabilityZone]));
  for (const server of cloud.compute.servers.values()) {
    if (server.deleted) continue;
    const move = server.migration;
    const zone = server.host === null ? undefined : zones.get(server.host);
    if (
      server.requestedAz !== null &&
      server.forcedHost === null &&
      zone !== undefined &&
      zone !== server.requestedAz &&
      placementZone(cloud.catalog.aggregates, cloud.scheduler, server.requestedAz) !== null
    ) {
      violated(
        'placement',
        `server ${server.id} asked for zone ${server.requestedAz} but runs on ${server.host} in ${zone}`,
      );
    }
    if (!move || move.destHost === null) continue;
    const sameHostAllowed = move.kind === 'resize' && cloud.config.allowResizeToSameHost;
    if (move.destHost === move.sourceHost && !sameHostAllowed) {
      violated(
        'placement',
        `server ${server.id}: its ${move.kind} goes from ${move.sourceHost} to the same host (§3.3)`,
      );
    }
  }
}
