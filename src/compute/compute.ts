import type { EventEmitter } from 'eventemitter3';
import type { VirtualClock } from '../clock/virtual-clock.js';
import type { CloudConfig, Quotas } from '../config.js';
import { NovaError } from '../errors/nova-error.js';
import type { CloudEvents } from '../events.js';
import type { FaultInjector } from '../faults/fault-rules.js';
import { requestId, uuid4 } from '../random/ids.js';
import type { Random } from '../random/prng.js';
import type { Scheduler, SelectionRequest } from '../scheduler/index.js';
import { Conductor, type ServerGroupView } from './conductor.js';
import { Effects } from './effects.js';
import { reportHostLoad } from './host-load.js';
import { forcedLiveMigrationRefusal, type LiveMigrationRefusal } from './live-migrate-checks.js';
import type { MachineRunner, Step } from './machine-runner.js';
import { advanceMoveEvents } from './move-events.js';
import type { PeriodicTask } from './periodic.js';
import { periodicIdle, runPeriodic } from './periodic-run.js';
import { PowerSync } from './power-sync.js';
import { counts, InstanceRecords, type Usage } from './records.js';
import type { flavorResources, Migration, NewServer, Server } from './server.js';
import { type PendingStep, type StepRef, TimedSteps } from './timed-steps.js';

export { NO_VALID_HOST, NOT_ENOUGH_HOSTS, type ServerGroupView } from './conductor.js';
export type { PeriodicTask } from './periodic.js';
export type { Usage } from './records.js';
export type { StepTask } from './timed-steps.js';

/** What the engine needs from the cloud around it. */
export interface ComputeDeps {
  readonly clock: VirtualClock;
  readonly random: () => Random;
  readonly scheduler: Scheduler;
  readonly config: CloudConfig;
  readonly events: EventEmitter<CloudEvents>;
  readonly faults: FaultInjector;
  readonly runner: MachineRunner;
  /** The server group a server belongs to, as the scheduler must honour it. */
  readonly groupOf?: (groupId: string) => ServerGroupView | undefined;
  /** Cinder's side of a build and a delete (src/compute/volume-flows.ts). */
  readonly volumes?: { launched(server: Server): void; deleted(server: Server): void };
  /** Extra host filters for a server's request. */
  readonly hostFilter?: (server: Server) => ((host: string) => boolean) | undefined;
  /** Adds what the filters read of a server's request spec (project, flavor, image, aggregates). */
  readonly requestInputs?: (server: Server, request: SelectionRequest) => void;
}

/**
 * The compute engine: servers and their machines, put together from Nova's parts: the
 * records (the DB), the timed steps (the compute manager's clock), the conductor's
 * decisions and the effects of each transition. It speaks typed objects; the API layer
 * turns them into Nova's JSON.
 *
 * @example
 * const server = cloud.compute.get(id);
 * if (server) cloud.compute.send(server, 'STOP', 'stop');
 */
export class Compute {
  readonly servers: Map<string, Server>;
  /** Every migration record (os-migrations), by uuid in creation order; a move in flight is also its server's `migration`. */
  readonly migrations: Map<string, Migration>;
  /** os-quota-class-sets: limits set per quota class (`default` is every project's default). */
  readonly classQuotas: Map<string, Partial<Quotas>>;
  /** Per-project quota overrides (os-quota-sets); others get the config's defaults. */
  readonly projectQuotas: Map<string, Partial<Quotas>>;
  /** Per-user overrides (os-quota-sets?user_id=), keyed `${projectId}/${userId}`. */
  readonly userQuotas: Map<string, Partial<Quotas>>;
  /** Server ids by reservation id, for multi-create; kept by the cloud. */
  readonly reservations: Map<string, string[]>;
  private readonly deps: ComputeDeps;
  private readonly records: InstanceRecords;
  private readonly steps: TimedSteps;
  private readonly effects: Effects;
  private readonly conductor: Conductor;
  /** Servers os-resetState left at odds with their hypervisor (nova-compute's power sync). */
  readonly powerSync = new PowerSync();
  /** Told of every row change that can move a server in an index (see {@link watch}). */
  private readonly watchers: ((server: Server) => void)[] = [];

  constructor(deps: ComputeDeps) {
    this.deps = deps;
    const now = () => deps.clock.now();
    const records = new InstanceRecords(deps.config, now);
    this.records = records;
    this.servers = records.servers;
    this.migrations = records.migrations;
    this.classQuotas = records.classQuotas;
    this.projectQuotas = records.projectQuotas;
    this.userQuotas = records.userQuotas;
    this.reservations = records.reservations;
    this.steps = new TimedSteps({
      ...deps,
      records,
      driver: {
        due: (server, event) => {
          const decision = server.machine.decision;
          const settled = decision ? this.conductor.decide(decision, server, event) : event;
          if (settled !== undefined) this.trySend(server, settled);
        },
        send: (server, event) => this.trySend(server, event),
      },
    });
    this.effects = new Effects({
      now,
      scheduler: deps.scheduler,
      events: deps.events,
      records,
      volumes: deps.volumes,
      cancelStep: (server) => this.steps.cancel(server),
      touched: (server) => this.touched(server),
    });
    this.conductor = new Conductor({
      ...deps,
      now,
      records,
      effects: this.effects,
      send: (server, event) => this.trySend(server, event),
      waitForWorker: (server, event) => this.steps.waitForWorker(server, event),
    });
  }

  get config(): CloudConfig {
    return this.deps.config;
  }

  now(): number {
    return this.deps.clock.now();
  }

  // ----- queries -------------------------------------------------------------------

  get(id: string): Server | undefined {
    return this.servers.get(id);
  }

  status(server: Server) {
    return server.deleted ? 'DELETED' : server.machine.status;
  }

  quotasOf(projectId: string): Quotas {
    return this.records.quotasOf(projectId);
  }

  /** Every project's defaults: the config's, overridden by the `default` quota class. */
  defaultQuotas(): Quotas {
    return this.records.defaultQuotas();
  }

  usageOf(projectId: string): Usage {
    return this.records.usageOf(projectId);
  }

  /** When the server's current step started and is due (for progress). */
  stepTiming(serverId: string): { startedAt: number; dueAt: number } | undefined {
    return this.steps.timingOf(serverId);
  }

  isHostUp(host: string | null): boolean {
    return host !== null && this.deps.scheduler.isUp(host, this.now());
  }

  /** Whether the host's nova-compute process runs (answers RPC calls), up or not in the DB. */
  isHostAlive(host: string | null): boolean {
    return host !== null && this.deps.scheduler.isAlive(host);
  }

  // ----- registry ------------------------------------------------------------------

  /**
   * Calls `watcher` with the server whenever its row goes in, takes a machine step or is
   * deleted (before that change's cloud events go out), and whenever a write outside a
   * step calls {@link touched}. A direct call rather than an event: the list index follows
   * every step of every server, and an event payload per step for it alone was a third of
   * the engine's cost.
   *
   * @example
   * compute.watch((server) => index.sync(server));
   */
  watch(watcher: (server: Server) => void): void {
    this.watchers.push(watcher);
  }

  /**
   * Tells the watchers that a server's row changed outside a machine step (renamed, locked,
   * tagged, its ports changed…), so indexes over its columns follow. Not a cloud event:
   * traces and scenarios stay as they were.
   */
  touched(server: Server): void {
    for (const watcher of this.watchers) watcher(server);
  }

  /** Adds a server record and starts its build walk. */
  admit(server: NewServer): Server {
    const start = this.deps.runner.initial();
    const record = this.records.insert(server, start.state);
    this.touched(record);
    this.effects.created(record);
    if (start.delayed) this.steps.schedule(record, start.delayed.event, start.delayed.ms);
    return record;
  }

  /** Re-inserts a server from a snapshot, with its pending step if it had one. */
  restoreServer(
    server: Server,
    pending: PendingStep | undefined,
    stalledEvent: string | undefined,
  ): void {
    this.records.restore(server);
    this.steps.restore(server, pending, stalledEvent);
    this.powerSync.note(server);
  }

  /** Restores the migration records; a server's move in flight stays the same object. */
  restoreMigrations(migrations: readonly Migration[]): void {
    this.records.restoreMigrations(migrations);
  }

  pendingOf(serverId: string): PendingStep | undefined {
    return this.steps.pendingOf(serverId);
  }

  stalledEventOf(server: Server): string | undefined {
    return this.steps.stalledEventOf(server);
  }

  // ----- the machine -----------------------------------------------------------------

  /**
   * Sends an event; throws Nova's task_state 409 when the machine refuses it (the
   * precondition table has let it through, so a running task is what stands in the way).
   */
  send(server: Server, event: string, action = event): void {
    const step = this.deps.runner.send(server.machine, event);
    if (!step) {
      const { taskState } = server.machine;
      throw NovaError.conflict(
        `Cannot '${action}' instance ${server.id} while it is in task_state ${taskState ?? 'None'}`,
      );
    }
    this.apply(server, step, event);
  }

  /** Throws the refusal send() would give, before anything changes. */
  assertAccepts(server: Server, event: string, action: string): void {
    if (this.deps.runner.accepts(server.machine, event)) return;
    throw NovaError.conflict(
      `Cannot '${action}' instance ${server.id} while it is in task_state ${server.machine.taskState ?? 'None'}`,
    );
  }

  /** Sends an event the caller knows the machine accepts in this state. */
  trySend(server: Server, event: string): boolean {
    const step = this.deps.runner.send(server.machine, event);
    if (!step) return false;
    this.apply(server, step, event);
    return true;
  }

  private apply(server: Server, step: Step, event: string): void {
    const before = server.machine;
    const hostBefore = server.host;
    const wasCounted = counts(server);
    if (step.cancelled || step.delayed) this.steps.cancel(server);
    server.machine = step.state;
    server.updatedAt = this.now();
    for (const effect of step.effects) this.effects.run(effect, server);
    reportHostLoad(this.deps.scheduler, server, before.vmState === 'building', hostBefore);
    this.records.changed(server, before.vmState, wasCounted);
    // Every step, not only a change of state: a step's effects move columns the index files.
    this.touched(server);
    if (step.delayed && !server.deleted) {
      this.steps.schedule(server, step.delayed.event, step.delayed.ms);
    }
    advanceMoveEvents(server, before, this.now());
    this.effects.finishActionEvents(server);
    this.effects.changed(server, before, event);
  }

  // ----- timed steps -----------------------------------------------------------------

  /** The clock calls this when a server's step is due. */
  runStep(task: StepRef): void {
    this.steps.runStep(task);
  }

  /** Resumes the steps that waited for this host. */
  resumeHost(host: string): void {
    this.steps.resumeHost(host);
  }

  /** Runs the server's pending step now, decisions included (a forced live migration). */
  runPendingNow(server: Server): void {
    this.steps.runPendingNow(server);
  }

  /** Finishes the running walk at once (Nova's synchronous RPC calls). */
  completeNow(server: Server): void {
    this.steps.completeNow(server);
  }

  // ----- hosts ---------------------------------------------------------------------

  /** nova-compute on the host stops: its servers' steps wait, its heartbeat stops. */
  hostDown(host: string): void {
    this.deps.scheduler.setAlive(host, false, this.now());
  }

  hostUp(host: string): void {
    this.deps.scheduler.setAlive(host, true, this.now());
    this.steps.resumeHost(host);
  }

  /**
   * Archives the rows of servers deleted longer than `deletedServerRetention` ago, as an
   * operator's `nova-manage db archive_deleted_rows --before` job would: they leave every
   * API. The cloud runs it before each request, so its effect is a function of time alone.
   */
  archiveDeleted(): void {
    const retention = this.records.deletedRetention;
    if (retention < 0) return;
    this.records.archiveDeletedBefore(this.now() - retention * 1000, (server) => {
      this.deps.events.emit('server.archived', {
        serverId: server.id,
        name: server.name,
        at: this.now(),
      });
    });
  }

  // ----- periodic tasks --------------------------------------------------------------

  /** Whether the periodic task has no server to look at (its ticks can be coalesced). */
  periodicIdle(task: PeriodicTask): boolean {
    if (task === 'sync-power-states') return this.powerSync.idle;
    return periodicIdle(this.records, task);
  }

  /**
   * Nova's periodic tasks, run on the cloud's tick: reclaim soft-deleted servers,
   * auto-confirm resizes, offload shelved servers, time out rescues and builds.
   * Returns the ids each touched.
   */
  runPeriodic(task: PeriodicTask): string[] {
    if (task === 'sync-power-states') return this.syncPowerStates();
    return runPeriodic(
      {
        ...this.deps,
        now: () => this.now(),
        records: this.records,
        send: (s, e) => this.trySend(s, e),
        accepts: (s, e) => this.deps.runner.accepts(s.machine, e),
        requestId: () => requestId(this.deps.random()),
      },
      task,
    );
  }

  /** nova-compute's `_sync_power_states`: stops servers reset to active while powered off. */
  private syncPowerStates(): string[] {
    const at = this.now();
    const affected = this.powerSync.run({
      now: () => this.now(),
      isAlive: (host) => this.deps.scheduler.isAlive(host),
      accepts: (s, e) => this.deps.runner.accepts(s.machine, e),
      send: (s, e) => this.trySend(s, e),
      requestId: () => requestId(this.deps.random()),
    });
    this.deps.events.emit('periodic', { task: 'sync-power-states', affected, at });
    return affected;
  }

  // ----- effects the API layer asks for ----------------------------------------------

  placeOn(server: Server, host: string): void {
    this.effects.placeOn(server, host);
  }

  setFault(server: Server, code: number, message: string, emit = true): void {
    this.effects.setFault(server, code, message, emit);
  }

  claim(consumerId: string, host: string, resources: ReturnType<typeof flavorResources>): void {
    this.effects.claim(consumerId, host, resources);
  }

  /** Applies a flavor change while keeping the project's usage right. */
  recount(server: Server, change: () => void): void {
    this.records.recount(server, change);
  }

  // ----- migrations ------------------------------------------------------------------

  newMigration(
    server: Server,
    kind: Migration['kind'],
    newFlavor = server.flavor,
    requestedHost: string | null = null,
  ): Migration {
    if (server.host === null) throw NovaError.conflict(`Instance ${server.id} is not ready`);
    // A move abandoned (by os-resetState, or an evacuation over one still in flight)
    // leaves its record and claims behind. Once scheduled (`migrating`) and unfinished,
    // the server still runs on the source, whose claim the migration holds, and holds the
    // destination's: the source's comes back to the server and the destination's goes.
    // Later (a finished resize), the server is on the destination: the source's goes.
    const abandoned = server.migration;
    if (abandoned) {
      const unfinished = abandoned.status === 'migrating';
      this.setMigrationStatus(abandoned, 'error');
      if (unfinished) {
        this.effects.release(server.id);
        this.deps.scheduler.moveClaim(abandoned.id, server.id);
      } else {
        this.effects.release(abandoned.id);
      }
    }
    const id = uuid4(this.deps.random());
    return this.records.insertMigration(server, server.host, {
      id,
      kind,
      newFlavor,
      requestedHost,
    });
  }

  /**
   * NoValidHost's message if no host would take a live migration now, or the class of the
   * exception a filter raised (`raised`) (conductor.ts).
   */
  liveMigrationNoHost(
    server: Server,
    requestedHost?: string,
  ): { readonly message: string; readonly raised: boolean } | undefined {
    return this.conductor.liveMigrationNoHost(server, requestedHost);
  }

  /** The forced live migration's conductor checks, undefined when they pass. */
  forcedLiveMigrationRefusal(server: Server, host: string): LiveMigrationRefusal | undefined {
    return forcedLiveMigrationRefusal(this.deps.scheduler, this.now(), server, host);
  }

  /**
   * A live migration the conductor refused after the API's 202 (nova/conductor/manager.py
   * `_live_migrate`): the record it created (source: the server's host, even none) is saved
   * as `error`, holding no claims, and the exception is the instance fault.
   */
  refusedLiveMigration(
    server: Server,
    requestedHost: string | null,
    fault: { readonly code: number; readonly message: string },
  ): void {
    const migration = this.records.insertMigration(server, server.host, {
      id: uuid4(this.deps.random()),
      kind: 'live-migration',
      newFlavor: server.flavor,
      requestedHost,
    });
    this.setMigrationStatus(migration, 'error');
    this.effects.setFault(server, fault.code, fault.message);
  }

  /** Moves a migration record to a new status; Nova's `save()` stamps `updated_at`. */
  setMigrationStatus(migration: Migration, status: string): void {
    this.records.setMigrationStatus(migration, status);
  }
}
