import { EventEmitter } from 'eventemitter3';
import { serverIndex } from './api/listing/server-index.js';
import type { NovaCloud } from './api/nova-cloud.js';
import { Api, type ApiRequest, type ApiResponse } from './api/request.js';
import { ROUTES } from './api/routes.js';
import { serverViewsChanged } from './api/views/server-view-cache.js';
import { Catalog, type CatalogInput } from './catalog/catalog.js';
import { DEFAULT_EPOCH_MS, type TimerTask, VirtualClock } from './clock/virtual-clock.js';
import { createHostControl, DEFAULT_HOSTS, hostSpecs } from './cloud/host-control.js';
import {
  createIdentity,
  createImage,
  createNetwork,
  createVolume,
  type SharedParts,
} from './cloud/neighbours.js';
import { schedulerOptionsOf } from './cloud/scheduler-options.js';
import {
  type CloudSnapshot,
  computeTables,
  restoreCompute,
  serverSnapshots,
} from './cloud/snapshot.js';
import {
  followPorts,
  recordTrace,
  schedulingInputs,
  startPeriodicTasks,
  type TraceEntry,
} from './cloud/wiring.js';
import { Compute, type PeriodicTask, type StepTask } from './compute/compute.js';
import type { MachineRunner } from './compute/machine-runner.js';
import { runnerFor } from './compute/runner-cache.js';
import { createVolumeApi, type VolumeApi } from './compute/volume-api.js';
import { NovaVolumes } from './compute/volume-flows.js';
import { type CloudConfig, type CloudConfigInput, resolveConfig } from './config.js';
import type { CloudEvents } from './events.js';
import { FaultInjector, type FaultRule } from './faults/fault-rules.js';
import type { IdentityInput, IdentityService } from './identity/index.js';
import type { ImageService } from './image/index.js';
import { type NeutronClient, neutronClient } from './network/client.js';
import type { NetworkService } from './network/service.js';
import { checkCloudOptions } from './options/check.js';
import { createRandom, type Random, restoreRandom } from './random/prng.js';
import type { HostControl, HostsOption } from './scheduler/host-control.js';
import { createScheduler, restoreScheduler, type Scheduler } from './scheduler/index.js';
import type { ServiceName, SimulatedService } from './service/contract.js';
import { takeOwned } from './snapshot/owned.js';
import { validateSnapshot } from './snapshot/validate.js';
import type { VolumeService } from './volume/index.js';

export type { CloudSnapshot } from './cloud/snapshot.js';
export type { TraceEntry } from './cloud/wiring.js';
export type { HostControl, HostsOption } from './scheduler/host-control.js';

export interface CloudOptions {
  readonly seed?: number | string;
  readonly hosts?: HostsOption;
  readonly config?: CloudConfigInput;
  /** Flavors, images and networks (default: those of Nova's api_samples). */
  readonly catalog?: CatalogInput;
  /** Virtual epoch in ms (default 2026-01-01T00:00:00Z). */
  readonly epochMs?: number;
  /** Keeps every event in `cloud.trace` (for replay and determinism checks). */
  readonly trace?: boolean;
  /** Resumes a `cloud.snapshot()`; seed, hosts and config then come from it. */
  readonly restore?: CloudSnapshot;
  /** Keystone's projects, users and grants (default: DevStack's admin, demo and service). */
  readonly identity?: IdentityInput;
}

/**
 * One simulated cloud: virtual clock, seeded randomness, scheduler, compute engine and
 * events. See `createCloud`.
 */
export class Cloud implements NovaCloud {
  readonly clock: VirtualClock;
  readonly events = new EventEmitter<CloudEvents>();
  readonly config: CloudConfig;
  readonly scheduler: Scheduler;
  readonly compute: Compute;
  readonly hosts: HostControl;
  readonly trace: TraceEntry[] | undefined;
  readonly catalog: Catalog;
  /** Cinder: volumes, snapshots, attachments. */
  readonly volume: VolumeService;
  /** Nova's Cinder client (nova/volume/cinder.py) over `volume`. */
  readonly volumeApi: VolumeApi;
  /** Nova's compute-side volume work: connect, complete, detach, clean up. */
  readonly novaVolumes: NovaVolumes;
  /** Neutron: networks, subnets, ports, security groups, routers, floating IPs. */
  readonly network: NetworkService;
  /** The Neutron client Nova holds (nova/network/neutron.py's). */
  readonly neutron: NeutronClient;
  /** Keystone: domains, projects, users, roles and grants. */
  readonly identity: IdentityService;
  /** Glance: the images Nova boots from and snapshots into. */
  readonly image: ImageService;
  private readonly api: Api;
  private rng: Random;
  private readonly faultInjector: FaultInjector;
  private readonly runner: MachineRunner;
  /**
   * Keystone, Glance, Neutron and Cinder, each set once by the constructor; a service's
   * timers are those whose `kind` is its name.
   */
  private readonly services = new Map<ServiceName, SimulatedService>();

  constructor(options: CloudOptions = {}) {
    const restore = options.restore;
    // A list from a checked streamed restore (src/snapshot) is adopted as it is.
    const owned =
      typeof restore === 'object' &&
      restore !== null &&
      Array.isArray(restore.servers) &&
      takeOwned(restore.servers);
    if (restore === undefined) checkCloudOptions(options);
    else if (!owned) validateSnapshot(restore);
    const config = restore ? restore.config : resolveConfig(options.config);
    this.config = config;
    this.clock = restore
      ? VirtualClock.restore(restore.clock, { loopLimit: config.loopLimit })
      : new VirtualClock({ now: options.epochMs ?? DEFAULT_EPOCH_MS, loopLimit: config.loopLimit });
    this.rng = restore ? restoreRandom(restore.random) : createRandom(options.seed ?? 0);
    const schedulerOptions = schedulerOptionsOf(config, () => this.rng);
    this.scheduler = restore
      ? restoreScheduler(restore.scheduler, schedulerOptions)
      : createScheduler(schedulerOptions);
    this.faultInjector = new FaultInjector(() => this.rng);
    if (restore) this.faultInjector.restore(restore.faults);
    this.catalog = restore ? Catalog.restore(restore.catalog) : new Catalog(options.catalog);
    const shared: SharedParts = {
      clock: this.clock,
      random: () => this.rng,
      events: this.events,
      faults: this.faultInjector,
      config,
      restore,
    };
    // The order below is the order each part draws from the PRNG: changing it changes ids.
    this.network = this.register('network', createNetwork(shared, options.catalog));
    this.neutron = neutronClient(this.network);
    this.image = this.register('image', createImage(shared, options.catalog));
    this.runner = runnerFor(config);
    this.compute = new Compute({
      clock: this.clock,
      random: () => this.rng,
      scheduler: this.scheduler,
      config,
      events: this.events,
      faults: this.faultInjector,
      runner: this.runner,
      requestInputs: (server, request) =>
        schedulingInputs(this.catalog, this.image, this.scheduler, server, request),
      groupOf: (id) => {
        const group = this.catalog.groups.get(id);
        if (!group) return undefined;
        const max = group.rules.max_server_per_host;
        return {
          policy: group.policy,
          members: group.members,
          ...(max ? { maxServerPerHost: max } : {}),
        };
      },
      volumes: {
        launched: (server) => this.novaVolumes.launched(server),
        deleted: (server) => this.novaVolumes.deleted(server),
      },
    });
    this.volume = this.register('volume', createVolume(shared, this.image));
    this.volumeApi = createVolumeApi(this.volume.core);
    this.novaVolumes = new NovaVolumes({
      volumes: this.volumeApi,
      clock: this.clock,
      faults: this.faultInjector,
      server: (id) => this.compute.get(id),
    });
    this.api = new Api(this, ROUTES);
    this.identity = this.register('identity', createIdentity(shared, options.identity));
    this.hosts = createHostControl(this);
    this.trace = options.trace ? recordTrace(this.events) : undefined;
    this.clock.onTask((task) => this.dispatch(task));
    followPorts(this.events, this.compute, this.network, this.neutron);
    this.clock.onIdleCheck(
      (task) => task.kind === 'periodic' && this.compute.periodicIdle(task.name as PeriodicTask),
    );
    if (restore) {
      restoreCompute(this.compute, this.runner, restore, owned);
      // A host's aggregate zone lives with the aggregates, not in the scheduler's snapshot.
      for (const host of this.catalog.aggregates.hosts()) {
        if (this.scheduler.getHost(host))
          this.scheduler.setAvailabilityZone(host, this.catalog.aggregates.zoneOf(host));
      }
    } else {
      for (const spec of hostSpecs(options.hosts ?? DEFAULT_HOSTS))
        this.scheduler.addHost(spec, this.clock.now());
      startPeriodicTasks(this.clock, config);
    }
    // The list index is kept from the start (issue 14): no list call pays for building it.
    serverIndex(this);
  }

  /**
   * The Nova compute API: a request in, Nova's response out, synchronously. Bad input
   * gets Nova's fault body, never an exception.
   *
   * @example
   * const res = cloud.request({ method: 'GET', path: '/v2.1/servers/detail' });
   */
  request(input: ApiRequest): ApiResponse {
    const name = typeof input === 'object' && input !== null ? input.service : undefined;
    this.compute.archiveDeleted();
    // Nova's own writes clear the cached server views as their routes require (Api.handle).
    if (name !== undefined && name !== 'compute' && isWrite(input)) serverViewsChanged(this);
    if (name === undefined || name === 'compute') return this.api.handle(input);
    const service = this.services.get(name);
    if (!service) {
      const message = `No service named ${JSON.stringify(name)} in this cloud`;
      return { status: 404, headers: {}, body: { error: { code: 404, message } } };
    }
    return service.handle(input);
  }

  /** The seeded PRNG every generated value comes from. */
  get random(): Random {
    return this.rng;
  }

  /** Adds a fault rule; host-down/up rules are put on the clock. */
  addFault(rule: FaultRule): void {
    if (rule.kind === 'host-down' || rule.kind === 'host-up') {
      this.clock.scheduleAt(Math.max(this.clock.now(), rule.atMs), {
        kind: 'host',
        host: rule.host,
        up: rule.kind === 'host-up',
        label: `${rule.kind} ${rule.host}`,
      });
      return;
    }
    this.faultInjector.add(rule);
  }

  clearFaults(): void {
    this.faultInjector.clear();
  }

  /**
   * `{ servers: false }` leaves the servers and the scheduler's claims out (a streamed save,
   * src/snapshot, writes them apart).
   */
  snapshot(options: { readonly servers?: boolean } = {}): CloudSnapshot {
    this.compute.archiveDeleted();
    return {
      version: 1,
      config: structuredClone(this.config),
      clock: this.clock.snapshot(),
      random: this.rng.state(),
      scheduler: this.scheduler.snapshot({ claims: options.servers !== false }),
      faults: structuredClone(this.faultInjector.snapshot()),
      catalog: this.catalog.snapshot(),
      servers: options.servers === false ? [] : serverSnapshots(this.compute, this.runner),
      ...computeTables(this.compute),
      services: Object.fromEntries(
        [...this.services].map(([name, service]) => [name, service.snapshot()]),
      ),
    };
  }

  private register<S extends SimulatedService>(name: ServiceName, service: S): S {
    this.services.set(name, service);
    return service;
  }

  private dispatch(task: TimerTask): void {
    // A machine step tells the view cache itself (Compute.watch); other timers may reach
    // any server's view.
    if (task.kind !== 'step') serverViewsChanged(this);
    switch (task.kind) {
      case 'step':
        this.compute.runStep(task as StepTask);
        return;
      case 'periodic':
        this.compute.runPeriodic(task.name as PeriodicTask);
        return;
      case 'nova-volume':
        this.novaVolumes.runTask(task);
        return;
      case 'host':
        if (task.up) this.hosts.up(task.host as string);
        else this.hosts.down(task.host as string);
        return;
      default:
        this.services.get(task.kind as ServiceName)?.runTask?.(task);
    }
  }
}

/** A request that may change something (anything but GET and HEAD, as sent). */
function isWrite(input: ApiRequest): boolean {
  const method = typeof input === 'object' && input !== null ? input.method : undefined;
  if (method === 'GET' || method === undefined) return false;
  const upper = String(method).toUpperCase();
  return upper !== 'GET' && upper !== 'HEAD';
}

/**
 * Creates a simulated Nova cloud.
 *
 * @example
 * const cloud = createCloud({ seed: 42, hosts: { count: 2 }, config: { reclaimInstanceInterval: 3600 } });
 * cloud.clock.advance(60_000);
 */
export function createCloud(options: CloudOptions = {}): Cloud {
  return new Cloud(options);
}
