import type { Aggregate, AggregateStore } from '../../../catalog/aggregates.js';
import { NovaError } from '../../../errors/nova-error.js';
import type { NovaCloud } from '../../nova-cloud.js';
import { pythonRepr } from '../../validation/python-repr.js';

/** Which `InvalidAggregateAction*` Nova raises: its message names the action. */
export type AggregateAction = 'add' | 'delete' | 'update' | 'update-meta';

const PREFIX: Readonly<Record<AggregateAction, string>> = {
  add: 'Cannot add host to aggregate',
  delete: 'Cannot remove host from aggregate',
  update: 'Cannot update aggregate',
  'update-meta': 'Cannot update metadata of aggregate',
};

/** `InvalidAggregateAction*`: Nova's 400 (the host actions turn it into 409). */
export function invalidAction(
  action: AggregateAction,
  id: number,
  reason: string,
  code = 400,
): NovaError {
  return new NovaError(code, `${PREFIX[action]} ${id}. Reason: ${reason}.`);
}

/** Servers Nova counts on a host (`InstanceList.get_by_host`: rows not deleted). */
export function serversOn(cloud: NovaCloud, host: string): number {
  let count = 0;
  for (const server of cloud.compute.servers.values()) {
    if (!server.deleted && server.host === host) count++;
  }
  return count;
}

/**
 * `AggregateAPI.is_safe_to_update_az`: an `availability_zone` in `metadata` must be named,
 * must not clash with another aggregate of the hosts, and (when asked) must not move hosts
 * that run servers.
 */
export function checkZoneChange(
  cloud: NovaCloud,
  store: AggregateStore,
  metadata: Readonly<Record<string, string | null>>,
  aggregate: Aggregate,
  options: { action: AggregateAction; hosts?: readonly string[]; checkServers: boolean },
  code = 400,
): void {
  if (!('availability_zone' in metadata)) return;
  const zone = metadata.availability_zone;
  const fail = (reason: string) => invalidAction(options.action, aggregate.id, reason, code);
  if (!zone)
    throw fail(`Aggregate ${aggregate.name} does not support empty named availability zone`);
  const hosts = options.hosts && options.hosts.length > 0 ? options.hosts : aggregate.hosts;
  const conflicting = store
    .list()
    .filter(
      (other) =>
        other.id !== aggregate.id &&
        other.metadata.availability_zone !== undefined &&
        other.metadata.availability_zone !== zone &&
        other.hosts.some((h) => hosts.includes(h)),
    )
    .map((other) => other.metadata.availability_zone);
  if (conflicting.length > 0) {
    throw fail(`One or more hosts already in availability zone(s) ${pythonRepr(conflicting)}`);
  }
  const sameZone = (aggregate.metadata.availability_zone ?? null) === zone;
  if (options.checkServers && !sameZone && hosts.some((h) => serversOn(cloud, h) > 0)) {
    throw fail('One or more hosts contain instances in this zone');
  }
}

/** Nova's refusal to move a host with servers into or out of a zone. */
export function checkHostMove(
  cloud: NovaCloud,
  store: AggregateStore,
  aggregate: Aggregate,
  host: string,
  direction: 'added' | 'removed',
): void {
  const count = serversOn(cloud, host);
  if (count === 0) return;
  const zone = aggregate.metadata.availability_zone;
  if (zone === undefined) return;
  const zones = store
    .ofHost(host)
    .filter((a) => a.id !== aggregate.id)
    .map((a) => a.metadata.availability_zone)
    .filter((z): z is string => z !== undefined);
  const other = zones[0] ?? null;
  const [from, to] = direction === 'added' ? [other, zone] : [zone, other];
  if (from === to) return;
  const verb = direction === 'added' ? 'added to' : 'removed from';
  throw invalidAction(
    direction === 'added' ? 'add' : 'delete',
    aggregate.id,
    `The host cannot be ${verb} the aggregate as the availability zone of the host would change from '${from ?? 'None'}' to '${to ?? 'None'}' but the host already has ${count} instance(s). Changing the AZ of an existing instance is not supported by this action. Move the instances away from this host then try again. If you need to move the instances between AZs then you can use shelve_offload and unshelve to achieve this.`,
    409,
  );
}

/** Puts each host in the zone its aggregates give it (or back in its own). */
export function syncHostZones(cloud: NovaCloud, hosts: Iterable<string>): void {
  const store = cloud.catalog.aggregates;
  for (const host of hosts) {
    if (cloud.scheduler.getHost(host) === undefined) continue;
    cloud.scheduler.setAvailabilityZone(host, store.zoneOf(host));
  }
}
