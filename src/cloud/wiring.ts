import type { EventEmitter } from 'eventemitter3';
import type { Catalog } from '../catalog/catalog.js';
import type { VirtualClock } from '../clock/virtual-clock.js';
import type { Compute, PeriodicTask } from '../compute/compute.js';
import { deallocateForInstance, onServerStatus, refreshAddresses } from '../compute/network-api.js';
import type { Server } from '../compute/server.js';
import type { CloudConfig } from '../config.js';
import type { CloudEventName, CloudEvents } from '../events.js';
import type { ImageService } from '../image/index.js';
import type { NeutronClient } from '../network/client.js';
import type { NetworkService } from '../network/service.js';
import type { Scheduler, SelectionRequest } from '../scheduler/index.js';
import { placementZone } from './placement-zone.js';

export interface TraceEntry {
  readonly type: CloudEventName;
  readonly event: unknown;
}

const TRACED: readonly CloudEventName[] = [
  'server.created',
  'server.status',
  'server.step',
  'server.deleted',
  'claim',
  'release',
  'fault',
  'periodic',
  'host',
  'volume.status',
  'identity',
  'image.status',
];

/** Records every traced event, in order, into the returned list. */
export function recordTrace(events: EventEmitter<CloudEvents>): TraceEntry[] {
  const trace: TraceEntry[] = [];
  for (const type of TRACED)
    events.on(type, (event: unknown) => trace.push({ type, event }) as never);
  return trace;
}

/** Nova's side of port life: bind on landing, clean up on delete, refresh the cache. */
export function followPorts(
  events: EventEmitter<CloudEvents>,
  compute: Compute,
  network: NetworkService,
  neutron: NeutronClient,
): void {
  events.on('server.status', (event) => {
    const server = compute.servers.get(event.serverId);
    if (server) onServerStatus(neutron, server, event.from, event.to);
  });
  events.on('server.deleted', (event) => {
    const server = compute.servers.get(event.serverId);
    if (server) deallocateForInstance(neutron, server);
  });
  network.onDeviceChanged = (deviceId) => {
    const server = compute.servers.get(deviceId);
    if (server && !server.deleted) {
      refreshAddresses(neutron, server);
      // Its addresses are a column the list index files (the ip filters).
      compute.touched(server);
    }
  };
}

/** Nova's periodic tasks, each on the clock only when its option turns it on. */
export function startPeriodicTasks(clock: VirtualClock, c: CloudConfig): void {
  const every = (seconds: number, name: PeriodicTask) =>
    clock.every(seconds * 1000, { kind: 'periodic', name, label: `periodic ${name}` });
  if (c.reclaimInstanceInterval > 0) every(c.periodicInterval, 'reclaim');
  if (c.resizeConfirmWindow > 0) every(c.periodicInterval, 'confirm-resizes');
  if (c.shelvedOffloadTime > 0) every(c.shelvedPollInterval, 'offload-shelved');
  if (c.rescueTimeout > 0) every(c.periodicInterval, 'rescue-timeout');
  if (c.instanceBuildTimeout > 0) every(c.periodicInterval, 'build-timeout');
  if (c.syncPowerStateInterval >= 0)
    every(c.syncPowerStateInterval || c.periodicInterval, 'sync-power-states');
}

/** The first value of a scheduler hint (Nova's `get_scheduler_hint` of a one-item list). */
function hint(server: Server, key: string): string | undefined {
  return server.schedulerHints[key]?.[0];
}

/**
 * Adds to `inputs` what the filters and weighers read of a server's request spec besides
 * its resources, and maps its zone to Placement's aggregates (`placementZone`): project, flavor, image, the hints of JsonFilter and
 * SimpleCIDRAffinityFilter, and its hosts' aggregates (only when some aggregate exists).
 * Fields are set one by one: an object spread here cost microseconds a build.
 */
export function schedulingInputs(
  catalog: Catalog,
  image: ImageService,
  scheduler: Scheduler,
  server: Server,
  inputs: SelectionRequest,
): void {
  if (inputs.availabilityZone !== undefined) {
    const placement = placementZone(catalog.aggregates, scheduler, inputs.availabilityZone);
    if (placement === null) delete inputs.availabilityZone;
    else if (placement.memberOf !== undefined) inputs.memberOf = placement.memberOf;
  }
  inputs.projectId = server.projectId;
  inputs.flavorName = server.flavor.name;
  inputs.extraSpecs = server.flavor.extraSpecs;
  if (server.imageRef) {
    inputs.imageId = server.imageRef;
    const properties = image.getImage(server.imageRef)?.properties;
    if (properties) inputs.imageProperties = properties;
  }
  const query = hint(server, 'query');
  if (query !== undefined) inputs.query = query;
  const near = hint(server, 'build_near_host_ip');
  if (near !== undefined) inputs.buildNearHostIp = near;
  const cidr = hint(server, 'cidr');
  if (cidr !== undefined) inputs.cidr = cidr;
  const aggregates = catalog.aggregates;
  if (aggregates.byId.size > 0) {
    const keys = new Set<string>();
    for (const a of aggregates.byId.values()) for (const key in a.metadata) keys.add(key);
    inputs.aggregateKeys = keys;
    inputs.aggregatesOf = (host) => aggregates.ofHost(host).map((a) => a.metadata);
  }
}
