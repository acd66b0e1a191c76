import type { AggregateStore } from '../catalog/aggregates.js';
import type { Scheduler } from '../scheduler/index.js';

/** `[DEFAULT] default_availability_zone`: the zone of a host in no zone aggregate. */
export const DEFAULT_AVAILABILITY_ZONE = 'nova';

/** What Placement is asked for a requested zone: the zone's hosts, and maybe only some. */
export interface PlacementZone {
  readonly zone: string;
  /** Only these hosts (`member_of`), when the zone's own hosts are more than its aggregates'. */
  readonly memberOf?: readonly string[];
}

/**
 * Master's `map_az_to_placement_aggregate` (nova/scheduler/request_filter.py): Placement
 * is limited to the aggregates whose `availability_zone` metadata is the requested zone,
 * and to nothing when no aggregate carries it, as for the default zone `nova` of hosts
 * in no aggregate. Since 28.0.0 that pre-filter always runs
 * (`query_placement_for_availability_zone` is gone, and AvailabilityZoneFilter with it),
 * so a server asked into an uncarried zone may land in any zone.
 *
 * A host given a zone in its spec stands for a host in an aggregate carrying that zone;
 * the default zone is carried only by an aggregate that names it, and then only that
 * aggregate's hosts qualify, not the hosts in no aggregate.
 *
 * @example
 * placementZone(catalog.aggregates, scheduler, 'nova'); // null: no aggregate says 'nova'
 * placementZone(catalog.aggregates, scheduler, 'az1'); // { zone: 'az1' }
 */
export function placementZone(
  aggregates: AggregateStore,
  scheduler: Pick<Scheduler, 'hasZone'>,
  zone: string,
): PlacementZone | null {
  let members: string[] | null = null;
  for (const aggregate of aggregates.byId.values()) {
    if (aggregate.metadata.availability_zone !== zone) continue;
    members ??= [];
    members.push(...aggregate.hosts);
  }
  if (zone === DEFAULT_AVAILABILITY_ZONE) {
    return members === null ? null : { zone, memberOf: members };
  }
  return members !== null || scheduler.hasZone(zone) ? { zone } : null;
}
