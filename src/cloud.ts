import { EventEmitter } from 'eventemitter3';
import { serverIndex } from './api/listing/server-index.js';
import type { NovaCloud } from './api/nova-cloud.js';
import { Api, type ApiRequest, type ApiResponse } from './api/request.js';
import { ROUTES } from './api/routes.js';
import { Catalog, type CatalogInput, type CatalogSnapshot } from './catalog/catalog.js';
import {
  type ClockSnapshot,
  DEFAULT_EPOCH_MS,
  type TimerTask,
  VirtualClock,
} from './clock/virtual-clock.js';
import { Compute, type PeriodicTask, type StepTask } from './compute/compute.js';
import { MachineRunner, type MachineStateJSON } from './compute/machine-runner.js';
import { deallocateForInstance, onServerStatus, refreshAddresses } from './compute/network-api.js';
import type { Migration, Server } from './compute/server.js';
import { createServerMachine } from './compute/server-machine.js';
import { createVolumeApi, type VolumeApi } from './compute/volume-api.js';
import { NovaVolumes } from './compute/volume-flows.js';
import {
  type CloudConfig,
  type CloudConfigInput,
  type Quotas,
  resolveConfig,
  stepDuration,
} from './config.js';
import type { CloudEventName, CloudEvents } from './events.js';
import { FaultInjector, type FaultRule, type FaultsSnapshot } from './faults/fault-rules.js';
import {
  createIdentityService,
  type IdentityInput,
  type IdentityService,
  type IdentitySnapshot,
} from './identity/index.js';
import { createImageService, type ImageService, type ImageServiceSnapshot } from './image/index.js';
import { type NeutronClient, neutronClient } from './network/client.js';
import { NeutronError } from './network/errors.js';
import {
  createNetworkService,
  type NetworkService,
  type NetworkServiceSnapshot,
} from './network/service.js';
import { checkCloudOptions } from './options/check.js';
import { createRandom, type Random, type RandomState, restoreRandom } from './random/prng.js';
import { aggregateFiltersPass, hostMetadata } from './scheduler/aggregate-filters.js';
import type { HostControl, HostsOption } from './scheduler/host-control.js';
import {
  createScheduler,
  type HostSpec,
  restoreScheduler,
  type Scheduler,
  type SchedulerSnapshot,
} from './scheduler/index.js';
import type { ServiceName, SimulatedService } from './service/contract.js';
import { copyPlain } from './snapshot/copy.js';
import { takeOwned } from './snapshot/owned.js';
import { SnapshotError, validateSnapshot } from './snapshot/validate.js';
import { createVolumeService, type VolumeService } from './volume/index.js';

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

export interface TraceEntry {
  readonly type: CloudEventName;
  readonly event: unknown;
}

interface ServerSnapshot extends Omit<Server, 'machine'> {
  readonly machine: MachineStateJSON;
  readonly pending?: { timerId: number; event: string; startedAt: number; dueAt: number };
  readonly stalled?: string;
}

export type { HostControl, HostsOption } from './scheduler/host-control.js';

/** Plain JSON of a whole cloud; `createCloud({ restore })` resumes it exactly. */
export interface CloudSnapshot {
  readonly version: 1;
  readonly config: CloudConfig;
  readonly clock: ClockSnapshot;
  readonly random: RandomState;
  readonly scheduler: SchedulerSnapshot;
  readonly faults: FaultsSnapshot;
  readonly catalog: CatalogSnapshot;
  readonly servers: readonly ServerSnapshot[];
  readonly reservations: readonly [string, string[]][];
  readonly projectQuotas: readonly [string, Partial<Quotas>][];
  readonly userQuotas?: readonly [string, Partial<Quotas>][];
  /** os-quota-class-sets values (absent when none were set). */
  readonly classQuotas?: readonly [string, Partial<Quotas>][];
  /** os-migrations records (absent when there are none). */
  readonly migrations?: readonly Migration[];
  /** Each neighbour service's own snapshot, by name. */
  readonly services?: Readonly<Partial<Record<ServiceName, unknown>>>;
}

const DEFAULT_HOSTS: HostsOption = { count: 4 };

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
    this.config = restore ? restore.config : resolveConfig(options.config);
    this.clock = restore
      ? VirtualClock.restore(restore.clock, { loopLimit: this.config.loopLimit })
      : new VirtualClock({
          now: options.epochMs ?? DEFAULT_EPOCH_MS,
          loopLimit: this.config.loopLimit,
        });
    this.rng = restore ? restoreRandom(restore.random) : createRandom(options.seed ?? 0);
    const schedulerOptions = {
      weigher: this.config.weigher,
      maxAttempts: this.config.maxAttempts,
      serviceDownTimeMs: this.config.serviceDownTime * 1000,
    };
    this.scheduler = restore
      ? restoreScheduler(restore.scheduler, schedulerOptions)
      : createScheduler(schedulerOptions);
    this.faultInjector = new FaultInjector(() => this.rng);
    if (restore) this.faultInjector.restore(restore.faults);
    this.catalog = restore ? Catalog.restore(restore.catalog) : new Catalog(options.catalog);
    this.network = createNetworkService(
      {
        now: () => this.clock.now(),
        // Neutron draws from its own stream, so its ids and MACs leave Nova's sequence alone.
        seed: `network/${this.rng.state().join(',')}`,
        fault: (point) => {
          const rule = this.faultInjector.networkFailure(
            point === 'port-create' ? 'port-create-failure' : 'floating-ip-failure',
          );
          if (!rule) return undefined;
          return new NeutronError(
            rule.status ?? 500,
            rule.type ?? 'HTTPInternalServerError',
            rule.message ?? 'Request Failed: internal server error while processing your request.',
          );
        },
        ...(options.catalog?.networks ? { networks: options.catalog.networks } : {}),
      },
      restore?.services?.network as NetworkServiceSnapshot | undefined,
    );
    this.services.set('network', this.network);
    this.neutron = neutronClient(this.network);
    const config = this.config;
    this.image = createImageService(
      {
        clock: this.clock,
        random: () => this.rng,
        events: this.events,
        faults: this.faultInjector,
        endpoint: () => `${config.endpoint.replace(/\/compute\/?$/, '')}/image`,
        ...(options.catalog?.images ? { images: options.catalog.images } : {}),
      },
      restore?.services?.image as ImageServiceSnapshot | undefined,
    );
    this.services.set('image', this.image);
    const runner = new MachineRunner(
      createServerMachine({
        stepMs: (task) => stepDuration(config, task),
        offloadAtOnce: config.shelvedOffloadTime === 0,
      }),
    );
    this.runner = runner;
    this.compute = new Compute({
      clock: this.clock,
      random: () => this.rng,
      scheduler: this.scheduler,
      config,
      events: this.events,
      faults: this.faultInjector,
      runner,
      hostFilter: (server) => aggregateHostFilter(this, server),
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
    this.volume = createVolumeService(
      {
        clock: this.clock,
        random: () => this.rng,
        events: this.events,
        faults: this.faultInjector,
        // Cinder reads the image from Glance with the caller's project.
        image: (id, projectId) => {
          const image = this.image.findImage(id, {
            projectId,
            userId: 'cinder',
            roles: ['member'],
          });
          if (!image) return undefined;
          return {
            id: image.id,
            name: image.name ?? '',
            status: image.status,
            size: image.size ?? 0,
            minDisk: image.minDisk,
            properties: image.properties,
          };
        },
        endpoint: () => `${config.endpoint.replace(/\/compute\/?$/, '')}/volume`,
      },
      restore?.services?.volume as Parameters<typeof createVolumeService>[1],
    );
    this.services.set('volume', this.volume);
    this.volumeApi = createVolumeApi(this.volume.core);
    this.novaVolumes = new NovaVolumes({
      volumes: this.volumeApi,
      clock: this.clock,
      faults: this.faultInjector,
      server: (id) => this.compute.get(id),
    });
    this.api = new Api(this, ROUTES);
    const identityState = restore?.services?.identity as IdentitySnapshot | undefined;
    this.identity = createIdentityService(
      {
        random: () => this.rng,
        emit: (event) => this.events.emit('identity', { ...event, at: this.clock.now() }),
      },
      identityState
        ? { restore: identityState }
        : options.identity
          ? { input: options.identity }
          : {},
    );
    this.services.set('identity', this.identity);
    this.hosts = this.hostControl();
    if (options.trace) {
      const trace: TraceEntry[] = [];
      this.trace = trace;
      for (const type of TRACED)
        this.events.on(type, (event: unknown) => trace.push({ type, event }) as never);
    } else {
      this.trace = undefined;
    }
    this.clock.onTask((task) => this.dispatch(task));
    this.followPorts();
    this.clock.onIdleCheck(
      (task) => task.kind === 'periodic' && this.compute.periodicIdle(task.name as PeriodicTask),
    );
    if (restore) {
      for (const entry of restore.servers) this.restoreServer(entry, runner, owned);
      this.compute.restoreMigrations(structuredClone(restore.migrations ?? []));
      for (const [name, quotas] of restore.classQuotas ?? [])
        this.compute.classQuotas.set(name, { ...quotas });
      for (const [id, members] of restore.reservations)
        this.compute.reservations.set(id, [...members]);
      for (const [id, quotas] of restore.projectQuotas ?? []) {
        this.compute.projectQuotas.set(id, { ...quotas });
      }
      for (const [id, quotas] of restore.userQuotas ?? [])
        this.compute.userQuotas.set(id, { ...quotas });
      // A host's aggregate zone lives with the aggregates, not in the scheduler's snapshot.
      for (const host of this.catalog.aggregates.hosts()) {
        if (this.scheduler.getHost(host))
          this.scheduler.setAvailabilityZone(host, this.catalog.aggregates.zoneOf(host));
      }
    } else {
      for (const spec of hostSpecs(options.hosts ?? DEFAULT_HOSTS))
        this.scheduler.addHost(spec, this.clock.now());
      this.startPeriodicTasks();
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
    const runner = this.runner;
    const servers: ServerSnapshot[] = [];
    for (const server of options.servers === false ? [] : this.compute.servers.values()) {
      const pending = this.compute.pendingOf(server.id);
      const stalled = this.compute.stalledEventOf(server);
      servers.push(
        copyPlain({
          ...server,
          machine: runner.toJSON(server.machine),
          ...(pending ? { pending } : {}),
          ...(stalled ? { stalled } : {}),
        }),
      );
    }
    return {
      version: 1,
      config: structuredClone(this.config),
      clock: this.clock.snapshot(),
      random: this.rng.state(),
      scheduler: this.scheduler.snapshot({ claims: options.servers !== false }),
      faults: structuredClone(this.faultInjector.snapshot()),
      catalog: this.catalog.snapshot(),
      servers,
      reservations: [...this.compute.reservations].map(([id, members]) => [id, [...members]]),
      projectQuotas: [...this.compute.projectQuotas].map(([id, quotas]) => [id, { ...quotas }]),
      userQuotas: [...this.compute.userQuotas].map(([id, quotas]) => [id, { ...quotas }]),
      ...(this.compute.classQuotas.size > 0
        ? {
            classQuotas: [...this.compute.classQuotas].map(
              ([name, quotas]): [string, Partial<Quotas>] => [name, { ...quotas }],
            ),
          }
        : {}),
      ...(this.compute.migrations.size > 0
        ? { migrations: structuredClone([...this.compute.migrations.values()]) }
        : {}),
      services: Object.fromEntries(
        [...this.services].map(([name, service]) => [name, service.snapshot()]),
      ),
    };
  }

  private restoreServer(entry: ServerSnapshot, runner: MachineRunner, owned: boolean): void {
    const resolve = (json: MachineStateJSON) => {
      try {
        return runner.fromJSON(json);
      } catch (error) {
        throw SnapshotError.unknownState(entry.id, json.value, String(error));
      }
    };
    if (owned && entry.pending === undefined && entry.stalled === undefined) {
      // The record is already this cloud's own: only its machine state needs resolving.
      const server = entry as unknown as Server;
      server.machine = resolve(entry.machine);
      this.compute.restoreServer(server, undefined, undefined);
      return;
    }
    const { pending, stalled, ...rest } = owned ? entry : copyPlain(entry);
    // Overriding `machine` in place keeps the key order, so a restored cloud's snapshot is
    // byte-identical to the one it came from.
    const server: Server = { ...rest, machine: resolve(rest.machine) };
    this.compute.restoreServer(server, pending, stalled);
  }

  private dispatch(task: TimerTask): void {
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

  /** Nova's side of port life: bind on landing, clean up on delete, refresh the cache. */
  private followPorts(): void {
    const { compute, neutron } = this;
    this.events.on('server.status', (event) => {
      const server = compute.servers.get(event.serverId);
      if (server) onServerStatus(neutron, server, event.from, event.to);
    });
    this.events.on('server.deleted', (event) => {
      const server = compute.servers.get(event.serverId);
      if (server) deallocateForInstance(neutron, server);
    });
    this.network.onDeviceChanged = (deviceId) => {
      const server = compute.servers.get(deviceId);
      if (server && !server.deleted) refreshAddresses(neutron, server);
    };
  }

  /** Nova's periodic tasks, each on the clock only when its option turns it on. */
  private startPeriodicTasks(): void {
    const c = this.config;
    const every = (seconds: number, name: PeriodicTask) =>
      this.clock.every(seconds * 1000, { kind: 'periodic', name, label: `periodic ${name}` });
    if (c.reclaimInstanceInterval > 0) every(c.periodicInterval, 'reclaim');
    if (c.resizeConfirmWindow > 0) every(c.periodicInterval, 'confirm-resizes');
    if (c.shelvedOffloadTime > 0) every(c.shelvedPollInterval, 'offload-shelved');
    if (c.rescueTimeout > 0) every(c.periodicInterval, 'rescue-timeout');
    if (c.instanceBuildTimeout > 0) every(c.periodicInterval, 'build-timeout');
  }

  private hostControl(): HostControl {
    const { scheduler, compute, clock, events } = this;
    const emit = (host: string, change: Parameters<CloudEvents['host']>[0]['change']) =>
      events.emit('host', { host, change, at: clock.now() });
    return {
      add: (spec) => {
        scheduler.addHost(spec, clock.now());
        emit(spec.name, 'added');
      },
      remove: (name) => {
        scheduler.removeHost(name);
        emit(name, 'removed');
      },
      down: (name) => {
        compute.hostDown(name);
        emit(name, 'down');
      },
      up: (name) => {
        compute.hostUp(name);
        emit(name, 'up');
      },
      disable: (name, reason) => {
        scheduler.setEnabled(name, false, reason);
        emit(name, 'disabled');
      },
      enable: (name) => {
        scheduler.setEnabled(name, true);
        emit(name, 'enabled');
      },
      forceDown: (name, forced = true) => {
        scheduler.setForcedDown(name, forced);
        emit(name, forced ? 'forced-down' : 'forced-up');
      },
      status: (name) => scheduler.hostStatus(name, clock.now()),
      list: () => scheduler.hosts(),
    };
  }
}

/** The enabled aggregate filters as a host predicate for one server; none enabled, none. */
function aggregateHostFilter(
  cloud: Cloud,
  server: Server,
): ((host: string) => boolean) | undefined {
  const enabled = cloud.config.aggregateFilters ?? [];
  if (enabled.length === 0) return undefined;
  const request = {
    projectId: server.projectId,
    extraSpecs: server.flavor.extraSpecs,
    imageProperties: cloud.image.getImage(server.imageRef)?.properties ?? {},
  };
  const aggregates = cloud.catalog.aggregates;
  return (host) =>
    aggregateFiltersPass(
      enabled,
      hostMetadata(aggregates.ofHost(host).map((a) => a.metadata)),
      request,
    );
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

function hostSpecs(option: HostsOption): HostSpec[] {
  if (Array.isArray(option)) return [...(option as readonly HostSpec[])];
  const {
    count,
    namePrefix = 'compute-',
    ...sizes
  } = option as Exclude<HostsOption, readonly HostSpec[]>;
  return Array.from({ length: count }, (_, i) => ({ ...sizes, name: `${namePrefix}${i + 1}` }));
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
