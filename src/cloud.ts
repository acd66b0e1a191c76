import { EventEmitter } from 'eventemitter3';
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
import type { Server } from './compute/server.js';
import { createServerMachine } from './compute/server-machine.js';
import {
  type CloudConfig,
  type CloudConfigInput,
  type Quotas,
  resolveConfig,
  stepDuration,
} from './config.js';
import type { CloudEventName, CloudEvents } from './events.js';
import { FaultInjector, type FaultRule, type FaultsSnapshot } from './faults/fault-rules.js';
import { createRandom, type Random, type RandomState, restoreRandom } from './random/prng.js';
import {
  createScheduler,
  type HostSpec,
  type HostStatus,
  restoreScheduler,
  type Scheduler,
  type SchedulerSnapshot,
} from './scheduler/index.js';
import type { ServiceName, SimulatedService } from './service/contract.js';
import { SnapshotError, validateSnapshot } from './snapshot/validate.js';

/** `{ count, ...sizes }` makes `count` identical hosts named compute-1…; or list them. */
export type HostsOption =
  | (Omit<HostSpec, 'name'> & { readonly count: number; readonly namePrefix?: string })
  | readonly HostSpec[];

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
  /** Each neighbour service's own snapshot, by name. */
  readonly services?: Readonly<Partial<Record<ServiceName, unknown>>>;
}

const DEFAULT_HOSTS: HostsOption = { count: 4 };

/** Host operations: what an operator (or a fault) does to compute nodes. */
export interface HostControl {
  add(spec: HostSpec): void;
  remove(name: string): void;
  /** nova-compute stops: steps on the host wait; after service_down_time it reads as down. */
  down(name: string): void;
  up(name: string): void;
  disable(name: string, reason?: string): void;
  enable(name: string): void;
  /** os-services force-down: the service is down at once. */
  forceDown(name: string, forced?: boolean): void;
  status(name: string | null): HostStatus;
  list(): ReturnType<Scheduler['hosts']>;
}

/**
 * One simulated cloud: virtual clock, seeded randomness, scheduler, compute engine and
 * events. See `createCloud`.
 */
export class Cloud {
  readonly clock: VirtualClock;
  readonly events = new EventEmitter<CloudEvents>();
  readonly config: CloudConfig;
  readonly scheduler: Scheduler;
  readonly compute: Compute;
  readonly hosts: HostControl;
  readonly trace: TraceEntry[] | undefined;
  readonly catalog: Catalog;
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
    if (restore !== undefined) validateSnapshot(restore);
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
    this.catalog = restore
      ? Catalog.restore(restore.catalog)
      : new Catalog(options.catalog, this.clock.now());
    const config = this.config;
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
    });
    this.api = new Api(this, ROUTES);
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
    this.clock.onIdleCheck(
      (task) => task.kind === 'periodic' && this.compute.periodicIdle(task.name as PeriodicTask),
    );
    if (restore) {
      for (const entry of restore.servers) this.restoreServer(entry, runner);
      for (const [id, members] of restore.reservations)
        this.compute.reservations.set(id, [...members]);
      for (const [id, quotas] of restore.projectQuotas ?? []) {
        this.compute.projectQuotas.set(id, { ...quotas });
      }
      for (const [id, quotas] of restore.userQuotas ?? [])
        this.compute.userQuotas.set(id, { ...quotas });
    } else {
      for (const spec of hostSpecs(options.hosts ?? DEFAULT_HOSTS))
        this.scheduler.addHost(spec, this.clock.now());
      this.startPeriodicTasks();
    }
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

  snapshot(): CloudSnapshot {
    this.compute.archiveDeleted();
    const runner = this.runner;
    const servers: ServerSnapshot[] = [];
    for (const server of this.compute.servers.values()) {
      const pending = this.compute.pendingOf(server.id);
      const stalled = this.compute.stalledEventOf(server);
      servers.push(
        structuredClone({
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
      scheduler: this.scheduler.snapshot(),
      faults: structuredClone(this.faultInjector.snapshot()),
      catalog: this.catalog.snapshot(),
      servers,
      reservations: [...this.compute.reservations].map(([id, members]) => [id, [...members]]),
      projectQuotas: [...this.compute.projectQuotas].map(([id, quotas]) => [id, { ...quotas }]),
      userQuotas: [...this.compute.userQuotas].map(([id, quotas]) => [id, { ...quotas }]),
      services: Object.fromEntries(
        [...this.services].map(([name, service]) => [name, service.snapshot()]),
      ),
    };
  }

  private restoreServer(entry: ServerSnapshot, runner: MachineRunner): void {
    const { pending, stalled, ...rest } = structuredClone(entry);
    // Overriding `machine` in place keeps the key order, so a restored cloud's snapshot is
    // byte-identical to the one it came from.
    let machine: Server['machine'];
    try {
      machine = runner.fromJSON(rest.machine);
    } catch (error) {
      throw SnapshotError.unknownState(rest.id, rest.machine.value, String(error));
    }
    const server: Server = { ...rest, machine };
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
      case 'host':
        if (task.up) this.hosts.up(task.host as string);
        else this.hosts.down(task.host as string);
        return;
      default:
        this.services.get(task.kind as ServiceName)?.runTask?.(task);
    }
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
