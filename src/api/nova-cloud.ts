import type { EventEmitter } from 'eventemitter3';
import type { Catalog } from '../catalog/catalog.js';
import type { VirtualClock } from '../clock/virtual-clock.js';
import type { Compute } from '../compute/compute.js';
import type { VolumeApi } from '../compute/volume-api.js';
import type { NovaVolumes } from '../compute/volume-flows.js';
import type { CloudConfig } from '../config.js';
import type { CloudEvents } from '../events.js';
import type { ImageService } from '../image/index.js';
import type { NeutronClient } from '../network/client.js';
import type { NetworkService } from '../network/service.js';
import type { Random } from '../random/prng.js';
import type { HostControl } from '../scheduler/host-control.js';
import type { Scheduler } from '../scheduler/index.js';
import type { VolumeService } from '../volume/index.js';

/**
 * What Nova's API layer sees of the cloud: the compute engine and the services it calls.
 * `Cloud` implements it; the API depends on this, not on `Cloud`, so the cloud can hold
 * the API without the two importing each other.
 *
 * @example
 * const flavors = (cloud: NovaCloud) => cloud.catalog.flavors;
 */
export interface NovaCloud {
  readonly clock: VirtualClock;
  readonly events: EventEmitter<CloudEvents>;
  readonly config: CloudConfig;
  readonly scheduler: Scheduler;
  readonly compute: Compute;
  readonly hosts: HostControl;
  readonly catalog: Catalog;
  /** Cinder: volumes, snapshots, attachments. */
  readonly volume: VolumeService;
  /** Nova's Cinder client (nova/volume/cinder.py). */
  readonly volumeApi: VolumeApi;
  /** Nova's compute-side volume work: connect, complete, detach, clean up. */
  readonly novaVolumes: NovaVolumes;
  /** Neutron: networks, subnets, ports, security groups, routers, floating IPs. */
  readonly network: NetworkService;
  /** The Neutron client Nova holds (nova/network/neutron.py's). */
  readonly neutron: NeutronClient;
  /** Glance: the images Nova boots from and snapshots into. */
  readonly image: ImageService;
  /** The seeded PRNG every generated value comes from. */
  readonly random: Random;
}
