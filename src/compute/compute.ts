import type { EventEmitter } from 'eventemitter3';
import type { VirtualClock } from '../clock/virtual-clock.js';
import { type CloudConfig, DEFAULT_CONFIG, type Quotas } from '../config.js';
import { NovaError } from '../errors/nova-error.js';
import type { CloudEventName, CloudEvents } from '../events.js';
import type { FaultInjector } from '../faults/fault-rules.js';
import { uuid4 } from '../random/ids.js';
import type { Random } from '../random/prng.js';
import type { Scheduler, SelectionRequest } from '../scheduler/index.js';
import { DeletedRows } from './deleted-rows.js';
import type { MachineRunner, MachineState, Step } from './machine-runner.js';
import { PERIODIC, type PeriodicTask, WATCHED } from './periodic.js';
import { type Fault, flavorResources, type Migration, type Server } from './server.js';
import type { Decision, EffectName } from './server-machine.js';
import type { VmState } from './states.js';
import { statusFromState } from './status-map.js';

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
  /** Extra host filters for a server's request (the enabled aggregate filters). */
  readonly hostFilter?: (server: Server) => ((host: string) => boolean) | undefined;
}

/** The timer task of a server's next step (plain data, so a snapshot keeps it). */
export interface StepTask extends PendingStep {
  readonly [key: string]: unknown;
  readonly kind: 'step';
  readonly server: string;
}

/** A server's running step; the step's timer task doubles as this record. */
interface PendingStep {
  timerId: number;
  readonly event: string;
  readonly startedAt: number;
  readonly dueAt: number;
}

export type { PeriodicTask } from './periodic.js';

export const NO_VALID_HOST = 'No valid host was found. ';
export const NOT_ENOUGH_HOSTS = 'No valid host was found. There are not enough hosts available.';

/** Project usage as Nova's quota counts it: servers neither deleted nor soft-deleted. */
export interface Usage {
  instances: number;
  cores: number;
  ram: number;
}

/**
 * The compute engine: servers, their machines and timed steps, the scheduler decisions
 * and the side effects of each transition. It speaks typed objects; the API layer turns
 * them into Nova's JSON.
 */
export class Compute {
  readonly servers = new Map<string, Server>();
  /** Every migration record (os-migrations), by uuid in creation order; a move in flight is also its server's `migration`. */
  readonly migrations = new Map<string, Migration>();
  /** os-quota-class-sets: limits set per quota class (`default` is every project's default). */
  readonly classQuotas = new Map<string, Partial<Quotas>>();
  private readonly deps: ComputeDeps;
  private readonly pending = new Map<string, PendingStep>();
  /** Steps waiting for a dead compute host to come back, by host. */
  private readonly stalled = new Map<string, Map<string, string>>();
  private readonly usage = new Map<string, Usage>();
  private readonly byVmState = new Map<VmState, Set<string>>();
  private readonly deletedRows = new DeletedRows();
  private nextDbId = 1;

  constructor(deps: ComputeDeps) {
    this.deps = deps;
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
    return statusFromState(server.machine.vmState, server.machine.taskState, server.deleted);
  }

  /** Per-project quota overrides (os-quota-sets); others get the config's defaults. */
  readonly projectQuotas = new Map<string, Partial<Quotas>>();
  /** Per-user overrides (os-quota-sets?user_id=), keyed `${projectId}/${userId}`. */
  readonly userQuotas = new Map<string, Partial<Quotas>>();

  quotasOf(projectId: string): Quotas {
    const own = this.projectQuotas.get(projectId);
    const defaults = this.defaultQuotas();
    return own ? { ...defaults, ...own } : defaults;
  }

  /** Every project's defaults: the config's, overridden by the `default` quota class. */
  defaultQuotas(): Quotas {
    const byClass = this.classQuotas.get('default');
    return byClass ? { ...this.config.quotas, ...byClass } : this.config.quotas;
  }

  usageOf(projectId: string): Usage {
    return { ...(this.usage.get(projectId) ?? { instances: 0, cores: 0, ram: 0 }) };
  }

  /** When the server's current step started and is due (for progress). */
  stepTiming(serverId: string): { startedAt: number; dueAt: number } | undefined {
    return this.pending.get(serverId);
  }

  isHostUp(host: string | null): boolean {
    return host !== null && this.deps.scheduler.isUp(host, this.now());
  }

  /** Whether the host's nova-compute process runs (answers RPC calls), up or not in the DB. */
  isHostAlive(host: string | null): boolean {
    return host !== null && this.deps.scheduler.isAlive(host);
  }

  // ----- registry ------------------------------------------------------------------

  /** Adds a server record and starts its build walk. */
  admit(server: Omit<Server, 'machine' | 'dbId'>): Server {
    const start = this.deps.runner.initial();
    // Completes the caller's fresh object in place (same key order as a spread copy,
    // without copying its ~45 fields for every server).
    const record = Object.assign(server, { machine: start.state, dbId: this.nextDbId++ });
    this.servers.set(record.id, record);
    if (counts(record)) this.count(record, +1);
    this.index(record, undefined);
    if (this.heard('server.created')) {
      this.deps.events.emit('server.created', {
        serverId: record.id,
        name: record.name,
        at: this.now(),
      });
    }
    if (start.delayed) this.schedule(record, start.delayed.event, start.delayed.ms);
    return record;
  }

  /** Re-inserts a server from a snapshot, with its pending step if it had one. */
  restoreServer(
    server: Server,
    pending: PendingStep | undefined,
    stalledEvent: string | undefined,
  ): void {
    this.servers.set(server.id, server);
    this.nextDbId = Math.max(this.nextDbId, server.dbId + 1);
    if (counts(server)) this.count(server, +1);
    this.index(server, undefined);
    if (pending) this.pending.set(server.id, pending);
    if (server.deleted) this.deletedRows.restored(server);
    const worker = workingHost(server);
    if (stalledEvent && worker !== null) this.stall(worker, server.id, stalledEvent);
  }

  /** Restores the migration records; a server's move in flight stays the same object. */
  restoreMigrations(migrations: readonly Migration[]): void {
    for (const record of migrations) {
      const live = this.servers.get(record.serverId)?.migration;
      this.migrations.set(record.id, live?.id === record.id ? live : record);
    }
  }

  pendingOf(serverId: string): PendingStep | undefined {
    return this.pending.get(serverId);
  }

  stalledEventOf(server: Server): string | undefined {
    const worker = workingHost(server);
    return worker === null ? undefined : this.stalled.get(worker)?.get(server.id);
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
    const wasCounted = counts(server);
    if (step.cancelled || step.delayed) this.cancelStep(server);
    server.machine = step.state;
    server.updatedAt = this.now();
    for (const effect of step.effects) this.effect(effect, server);
    const nowCounted = counts(server);
    if (wasCounted !== nowCounted) this.count(server, nowCounted ? +1 : -1);
    if (before.vmState !== step.state.vmState) this.index(server, before.vmState);
    if (step.delayed && !server.deleted) this.schedule(server, step.delayed.event, step.delayed.ms);
    this.finishActionEvents(server);
    this.emitChange(server, before, event);
  }

  /**
   * Whether anyone listens to an event: the engine builds no payload for nobody, which
   * matters on the hot path (every step of every server) of an untraced cloud.
   */
  private heard(name: CloudEventName): boolean {
    return this.deps.events.listenerCount(name) > 0;
  }

  private emitChange(server: Server, before: MachineState, event: string): void {
    const { events } = this.deps;
    const after = server.machine;
    const at = this.now();
    if (this.heard('server.step')) {
      events.emit('server.step', {
        serverId: server.id,
        event,
        vmState: after.vmState,
        taskState: after.taskState,
        powerState: after.powerState,
        host: server.host,
        at,
      });
    }
    if (!this.heard('server.status')) return;
    const from = statusFromState(before.vmState, before.taskState, false);
    const to = this.status(server);
    if (from !== to) {
      events.emit('server.status', {
        serverId: server.id,
        from,
        to,
        vmState: after.vmState,
        taskState: after.taskState,
        powerState: after.powerState,
        at,
      });
    }
  }

  // ----- timed steps -----------------------------------------------------------------

  private schedule(server: Server, event: string, baseMs: number): void {
    const { config, clock } = this.deps;
    let ms = this.deps.faults.stepMs(server, server.machine.taskState, baseMs);
    if (config.jitter > 0) ms *= 1 + config.jitter * (2 * this.deps.random().next() - 1);
    ms = Math.max(0, Math.round(ms));
    const now = clock.now();
    // One object per step: the timer's task is also the pending record (no label: the
    // clock spells the task out if its loop guard ever names it).
    const task: StepTask = {
      kind: 'step',
      server: server.id,
      event,
      startedAt: now,
      dueAt: now + ms,
      timerId: 0,
    };
    task.timerId = clock.schedule(ms, task);
    this.pending.set(server.id, task);
  }

  private cancelStep(server: Server): void {
    const pending = this.pending.get(server.id);
    if (pending) {
      this.deps.clock.clearTimeout(pending.timerId);
      this.pending.delete(server.id);
    }
    if (this.stalled.size === 0) return;
    // An evacuation starts while the step stalled on the dead source: forget both.
    if (server.host !== null) this.unstall(server.host, server.id);
    const worker = workingHost(server);
    if (worker !== null) this.unstall(worker, server.id);
  }

  /** Forgets a stalled step; an emptied host entry goes too, so `stalled.size` stays honest. */
  private unstall(host: string, serverId: string): void {
    const waiting = this.stalled.get(host);
    if (waiting?.delete(serverId) && waiting.size === 0) this.stalled.delete(host);
  }

  /** The clock calls this when a server's step is due. */
  runStep(task: StepTask): void {
    const server = this.servers.get(task.server);
    const pending = this.pending.get(task.server);
    if (!server || !pending || pending.timerId !== task.timerId) return;
    this.pending.delete(task.server);
    // A dead nova-compute does no work: the step waits for the host to come back.
    const worker = workingHost(server);
    if (worker !== null && !this.deps.scheduler.isAlive(worker)) {
      this.stall(worker, server.id, task.event);
      return;
    }
    const decision = server.machine.decision;
    const event = decision ? this.decide(decision, server, task.event) : task.event;
    if (event !== undefined) this.trySend(server, event);
  }

  private stall(host: string, serverId: string, event: string): void {
    let waiting = this.stalled.get(host);
    if (!waiting) this.stalled.set(host, (waiting = new Map()));
    waiting.set(serverId, event);
  }

  /** Resumes the steps that waited for this host. */
  resumeHost(host: string): void {
    const waiting = this.stalled.get(host);
    if (!waiting) return;
    this.stalled.delete(host);
    // In DB order, so a restored cloud (which re-stalls in that order) resumes the same way.
    const resumed = [...waiting]
      .map(([serverId, event]) => [this.servers.get(serverId), event] as const)
      .filter((entry): entry is readonly [Server, string] => entry[0] !== undefined)
      .sort(([a], [b]) => a.dbId - b.dbId);
    for (const [server, event] of resumed) {
      if (!this.pending.has(server.id)) this.schedule(server, event, 0);
    }
  }

  /** Finishes the running walk at once (Nova's synchronous RPC calls). */
  /** Runs the server's pending step now, decisions included (a forced live migration). */
  runPendingNow(server: Server): void {
    const pending = this.pending.get(server.id);
    if (!pending) return;
    this.deps.clock.clearTimeout(pending.timerId);
    this.runStep({ ...pending, kind: 'step', server: server.id });
  }

  completeNow(server: Server): void {
    for (let guard = 0; guard < 16; guard++) {
      const pending = this.pending.get(server.id);
      if (!pending || server.machine.taskState === null) return;
      this.deps.clock.clearTimeout(pending.timerId);
      this.pending.delete(server.id);
      this.trySend(server, pending.event);
    }
  }

  // ----- hosts ---------------------------------------------------------------------

  /** nova-compute on the host stops: its servers' steps wait, its heartbeat stops. */
  hostDown(host: string): void {
    this.deps.scheduler.setAlive(host, false, this.now());
  }

  hostUp(host: string): void {
    this.deps.scheduler.setAlive(host, true, this.now());
    this.resumeHost(host);
  }

  /**
   * Archives the rows of servers deleted longer than `deletedServerRetention` ago, as an
   * operator's `nova-manage db archive_deleted_rows --before` job would: they leave every
   * API. The cloud runs it before each request, so its effect is a function of time alone.
   */
  archiveDeleted(): void {
    const retention = this.config.deletedServerRetention ?? DEFAULT_CONFIG.deletedServerRetention;
    if (retention < 0) return;
    for (const server of this.deletedRows.expired(this.now() - retention * 1000)) {
      this.servers.delete(server.id);
      const siblings = this.reservations.get(server.reservationId);
      if (siblings) {
        const rest = siblings.filter((id) => id !== server.id);
        if (rest.length > 0) this.reservations.set(server.reservationId, rest);
        else this.reservations.delete(server.reservationId);
      }
      this.deps.events.emit('server.archived', {
        serverId: server.id,
        name: server.name,
        at: this.now(),
      });
    }
  }

  // ----- periodic tasks --------------------------------------------------------------

  /** Whether the periodic task has no server to look at (its ticks can be coalesced). */
  periodicIdle(task: PeriodicTask): boolean {
    const rule = PERIODIC[task];
    return rule === undefined || (this.byVmState.get(rule.vmState)?.size ?? 0) === 0;
  }

  /**
   * Nova's periodic tasks, run on the cloud's tick: reclaim soft-deleted servers,
   * auto-confirm resizes, offload shelved servers, time out rescues and builds.
   * Returns the ids each touched.
   */
  runPeriodic(task: PeriodicTask): string[] {
    const now = this.now();
    const { config } = this;
    const olderThan = (since: number | null, seconds: number) =>
      since !== null && now - since > seconds * 1000;
    const rule = PERIODIC[task];
    const touched: string[] = [];
    // In DB order (Nova's query order), so a restored cloud walks them the same way.
    const candidates = [...(this.byVmState.get(rule.vmState) ?? [])]
      .map((id) => this.servers.get(id))
      .filter((server): server is Server => server !== undefined)
      .sort((a, b) => a.dbId - b.dbId);
    for (const server of candidates) {
      if (rule.taskNone && server.machine.taskState !== null) continue;
      // Periodic tasks run inside nova-compute: a dead host runs none.
      if (server.host !== null && !this.deps.scheduler.isAlive(server.host)) continue;
      const since = rule.since(server);
      if (!olderThan(since, rule.seconds(config))) continue;
      if (task === 'confirm-resizes') {
        if (server.migration?.status !== 'finished') continue;
        this.setMigrationStatus(server.migration, 'confirming');
      }
      if (this.trySend(server, rule.event)) touched.push(server.id);
    }
    this.deps.events.emit('periodic', { task, affected: touched, at: now });
    return touched;
  }

  // ----- decisions -------------------------------------------------------------------

  /** Returns the event that settles a decision point, or undefined if handled already. */
  private decide(decision: Decision, server: Server, stepEvent: string): string | undefined {
    switch (decision) {
      case 'schedule-build':
        return this.scheduleBuild(server) ? stepEvent : undefined;
      case 'spawn':
        return this.spawn(server, stepEvent);
      case 'schedule-move':
      case 'schedule-live':
        return this.scheduleMove(server) ? stepEvent : 'MOVE_FAILED';
      case 'schedule-evacuate':
        return this.scheduleMove(server) ? stepEvent : 'EVACUATE_FAILED';
      case 'schedule-unshelve':
        return this.scheduleUnshelve(server) ? stepEvent : 'UNSHELVE_FAILED';
    }
  }

  private baseRequest(server: Server): SelectionRequest {
    const hostsOf = (ids: readonly string[]) =>
      ids.flatMap((id) => {
        const host = this.servers.get(id)?.host;
        return host ? [host] : [];
      });
    const request: SelectionRequest = {
      resources: flavorResources(server.flavor),
      count: 1,
      ...(server.requestedAz ? { availabilityZone: server.requestedAz } : {}),
      ...(server.forcedHost ? { forcedHost: server.forcedHost } : {}),
      ...(server.requestedHost ? { requestedHost: server.requestedHost } : {}),
    };
    const hostFilter = this.deps.hostFilter?.(server);
    if (hostFilter) request.hostFilter = hostFilter;
    const hints = server.schedulerHints;
    if (hints.same_host) request.sameHost = hostsOf(hints.same_host);
    if (hints.different_host) request.differentHost = hostsOf(hints.different_host);
    const group = server.serverGroupId ? this.deps.groupOf?.(server.serverGroupId) : undefined;
    if (group) {
      request.group = {
        policy: group.policy,
        memberHosts: group.members.flatMap((id) => {
          const member = this.servers.get(id);
          return member && member.id !== server.id && member.host && !member.deleted
            ? [member.host]
            : [];
        }),
        ...(group.maxServerPerHost ? { maxServerPerHost: group.maxServerPerHost } : {}),
      };
    }
    return request;
  }

  /**
   * Places a build. The first server of a multi-create to get here places all of its
   * siblings still waiting, all or nothing, as Nova's conductor does.
   */
  private scheduleBuild(server: Server): boolean {
    if (server.host !== null) return true;
    if (server.alternates.length > 0) return this.tryAlternates(server);
    const siblings = this.waitingSiblings(server);
    const request = this.baseRequest(server);
    request.count = siblings.length;
    const result = this.deps.scheduler.select(request, this.now());
    if (!result.ok) {
      const message = result.reason === 'no-candidates' ? NO_VALID_HOST : NOT_ENOUGH_HOSTS;
      for (const sibling of siblings) {
        this.setFault(sibling, 500, message);
        this.trySend(sibling, 'NO_VALID_HOST');
      }
      return false;
    }
    siblings.forEach((sibling, i) => {
      const [host, ...alternates] = result.picks[i] ?? [];
      if (host === undefined) return;
      this.claim(sibling.id, host, flavorResources(sibling.flavor));
      this.placeOn(sibling, host);
      sibling.alternates = alternates;
      sibling.attempts = 1;
    });
    return server.host !== null;
  }

  private waitingSiblings(server: Server): Server[] {
    const siblings: Server[] = [];
    for (const id of this.reservations.get(server.reservationId) ?? [server.id]) {
      const sibling = this.servers.get(id);
      if (
        sibling &&
        !sibling.deleted &&
        sibling.host === null &&
        sibling.machine.vmState === 'building' &&
        sibling.machine.taskState === 'scheduling'
      ) {
        siblings.push(sibling);
      }
    }
    if (!siblings.includes(server)) siblings.unshift(server);
    return siblings;
  }

  /** Server ids by reservation id, for multi-create; kept by the cloud. */
  readonly reservations = new Map<string, string[]>();

  private tryAlternates(server: Server): boolean {
    const { scheduler } = this.deps;
    const resources = flavorResources(server.flavor);
    while (server.alternates.length > 0) {
      const host = server.alternates.shift()!;
      if (scheduler.isUp(host, this.now()) && scheduler.fits(host, resources)) {
        this.claim(server.id, host, resources);
        this.placeOn(server, host);
        server.attempts += 1;
        return true;
      }
    }
    this.setFault(
      server,
      500,
      `Exceeded maximum number of retries. Exhausted all hosts available for retrying build failures for instance ${server.id}.`,
    );
    this.trySend(server, 'BUILD_FAILED');
    return false;
  }

  private spawn(server: Server, stepEvent: string): string {
    if (server.networkError !== undefined) {
      this.setFault(server, 500, server.networkError);
      return 'BUILD_FAILED';
    }
    const failure = this.deps.faults.buildFailure(server);
    if (!failure) return stepEvent;
    const canRetry = failure.reschedule && server.attempts < this.config.maxAttempts;
    if (canRetry && server.alternates.length > 0) return 'SPAWN_FAILED';
    const message = failure.reschedule
      ? `Exceeded maximum number of retries. Exhausted all hosts available for retrying build failures for instance ${server.id}.`
      : failure.message;
    this.setFault(server, 500, message);
    return 'BUILD_FAILED';
  }

  private scheduleMove(server: Server): boolean {
    const migration = server.migration;
    if (!migration) return true;
    const request = this.baseRequest(server);
    request.resources = flavorResources(migration.newFlavor);
    const sameHostAllowed = migration.kind === 'resize' && this.config.allowResizeToSameHost;
    if (!sameHostAllowed) request.ignoreHosts = [migration.sourceHost];
    // The create-time host does not bind a move; a requested one goes through filters.
    delete request.forcedHost;
    delete request.requestedHost;
    if (migration.requestedHost) request.requestedHost = migration.requestedHost;
    const result = this.deps.scheduler.select(request, this.now());
    const dest = result.ok ? result.picks[0]?.[0] : undefined;
    if (dest === undefined) {
      // A failed evacuation ends in ERROR, so its fault shows; a failed resize/migrate
      // keeps its status and the fault stays hidden (§8.2).
      const message =
        !result.ok && result.reason === 'not-enough-hosts' ? NOT_ENOUGH_HOSTS : NO_VALID_HOST;
      this.setFault(server, 500, message, migration.kind === 'evacuation');
      return false;
    }
    migration.destHost = dest;
    this.setMigrationStatus(migration, 'migrating');
    this.deps.scheduler.moveClaim(server.id, migration.id);
    this.claim(server.id, dest, flavorResources(migration.newFlavor));
    return true;
  }

  private scheduleUnshelve(server: Server): boolean {
    const request = this.baseRequest(server);
    delete request.forcedHost;
    delete request.requestedHost;
    // 2.91 `unshelve` to a named host: the request's destination, filters still apply.
    if (server.unshelveHost !== undefined) request.requestedHost = server.unshelveHost;
    delete server.unshelveHost;
    const result = this.deps.scheduler.select(request, this.now());
    const host = result.ok ? result.picks[0]?.[0] : undefined;
    if (host === undefined) {
      this.setFault(server, 500, NO_VALID_HOST, false);
      return false;
    }
    this.claim(server.id, host, flavorResources(server.flavor));
    this.placeOn(server, host);
    return true;
  }

  // ----- side effects ----------------------------------------------------------------

  private effect(name: EffectName, server: Server): void {
    const { scheduler } = this.deps;
    const now = this.now();
    const migration = server.migration;
    switch (name) {
      case 'launched':
        server.launchedAt = now;
        if (server.volumes.length > 0) this.deps.volumes?.launched(server);
        return;
      case 'buildFailed':
      case 'rescheduled':
      case 'offloaded':
        this.release(server.id);
        server.host = null;
        if (name !== 'offloaded') server.availabilityZone = server.requestedAz;
        return;
      case 'finishMove':
        if (!migration) return;
        this.recount(server, () => {
          server.flavor = migration.newFlavor;
        });
        if (migration.destHost) this.placeOn(server, migration.destHost);
        this.setMigrationStatus(migration, 'finished');
        migration.finishedAt = this.now();
        return;
      case 'confirmMove':
        if (!migration) return;
        this.release(migration.id);
        this.setMigrationStatus(migration, 'confirmed');
        server.migration = null;
        return;
      case 'revertMove':
        if (!migration) return;
        this.release(server.id);
        scheduler.moveClaim(migration.id, server.id);
        this.placeOn(server, migration.sourceHost);
        this.recount(server, () => {
          server.flavor = migration.oldFlavor;
        });
        this.setMigrationStatus(migration, 'reverted');
        server.migration = null;
        return;
      case 'moveFailed':
        if (migration) this.setMigrationStatus(migration, 'error');
        server.migration = null;
        return;
      case 'finishLiveMigration':
      case 'finishEvacuate':
        if (!migration) return;
        this.release(migration.id);
        if (migration.destHost) this.placeOn(server, migration.destHost);
        this.setMigrationStatus(migration, name === 'finishEvacuate' ? 'done' : 'completed');
        server.migration = null;
        return;
      case 'deleted':
        this.release(server.id);
        if (migration) this.release(migration.id);
        server.deleted = true;
        server.terminatedAt = now;
        server.migration = null;
        this.cancelStep(server);
        if (server.volumes.length > 0) this.deps.volumes?.deleted(server);
        this.deletedRows.deleted(server);
        this.deps.events.emit('server.deleted', {
          serverId: server.id,
          name: server.name,
          at: now,
        });
        return;
    }
  }

  placeOn(server: Server, host: string): void {
    server.host = host;
    server.availabilityZone =
      this.deps.scheduler.availabilityZoneOf(host) ?? server.availabilityZone;
  }

  setFault(server: Server, code: number, message: string, emit = true): void {
    const now = this.now();
    server.fault = {
      code,
      message: message.slice(0, 255),
      details: '',
      created: now,
    } satisfies Fault;
    if (emit) this.deps.events.emit('fault', { serverId: server.id, code, message, at: now });
  }

  claim(consumerId: string, host: string, resources: ReturnType<typeof flavorResources>): void {
    this.deps.scheduler.claim(consumerId, host, resources);
    if (this.heard('claim')) {
      this.deps.events.emit('claim', { consumerId, host, resources, at: this.now() });
    }
  }

  private release(consumerId: string): void {
    const claims = this.deps.scheduler.release(consumerId);
    if (claims.length === 0 || !this.heard('release')) return;
    for (const claim of claims) {
      this.deps.events.emit('release', {
        consumerId,
        host: claim.host,
        resources: claim.resources,
        at: this.now(),
      });
    }
  }

  // ----- quota usage ---------------------------------------------------------------

  private index(server: Server, previous: VmState | undefined): void {
    if (previous !== undefined && WATCHED.has(previous))
      this.byVmState.get(previous)?.delete(server.id);
    const vmState = server.machine.vmState;
    if (!WATCHED.has(vmState) || server.deleted) return;
    let ids = this.byVmState.get(vmState);
    if (!ids) this.byVmState.set(vmState, (ids = new Set()));
    ids.add(server.id);
  }

  /**
   * Adds (+1) or takes away (-1) the server's flavor from its project's usage. The caller
   * decides whether the server counts: when it stops counting (deleted, soft-deleted) it
   * must still be taken away, so this must not look at `counts(server)` itself.
   */
  private count(server: Server, sign: 1 | -1): void {
    let usage = this.usage.get(server.projectId);
    if (!usage) this.usage.set(server.projectId, (usage = { instances: 0, cores: 0, ram: 0 }));
    usage.instances += sign;
    usage.cores += sign * server.flavor.vcpus;
    usage.ram += sign * server.flavor.ram;
  }

  /** Applies a flavor change while keeping the project's usage right. */
  recount(server: Server, change: () => void): void {
    const counted = counts(server);
    if (counted) this.count(server, -1);
    change();
    if (counted) this.count(server, +1);
  }

  // ----- instance actions ------------------------------------------------------------

  /** Closes the open compute event of the last action once the task is over. */
  private finishActionEvents(server: Server): void {
    if (server.machine.taskState !== null || server.machine.vmState === 'building') return;
    const action = server.actions.at(-1);
    const event = action?.events.at(-1);
    if (!action || !event || event.finishTime !== null) return;
    const failed = server.machine.vmState === 'error' || server.fault?.created === this.now();
    event.finishTime = this.now();
    event.result = failed ? 'Error' : 'Success';
    action.updatedAt = this.now();
    if (failed) action.message = 'Error';
  }

  newMigration(
    server: Server,
    kind: Migration['kind'],
    newFlavor = server.flavor,
    requestedHost: string | null = null,
  ): Migration {
    if (server.host === null) throw NovaError.conflict(`Instance ${server.id} is not ready`);
    // A move abandoned by os-resetState leaves its record and claims behind: drop them now.
    const abandoned = server.migration;
    if (abandoned) {
      this.setMigrationStatus(abandoned, 'error');
      this.release(abandoned.id);
    }
    const migration: Migration = {
      id: uuid4(this.deps.random()),
      dbId: this.migrations.size + 1,
      serverId: server.id,
      userId: server.userId,
      projectId: server.projectId,
      kind,
      sourceHost: server.host,
      destHost: null,
      oldFlavor: server.flavor,
      newFlavor,
      status: 'pre-migrating',
      requestedHost,
      createdAt: this.now(),
      updatedAt: null,
    };
    this.migrations.set(migration.id, migration);
    return migration;
  }

  /** Moves a migration record to a new status; Nova's `save()` stamps `updated_at`. */
  setMigrationStatus(migration: Migration, status: string): void {
    migration.status = status;
    migration.updatedAt = this.now();
  }
}

/** What the scheduler needs to know of a server group. */
export interface ServerGroupView {
  readonly policy: 'affinity' | 'anti-affinity' | 'soft-affinity' | 'soft-anti-affinity';
  readonly members: readonly string[];
  readonly maxServerPerHost?: number;
}

/**
 * The nova-compute that runs the server's current step: the destination during an
 * evacuation (the source is down by definition), else the server's host.
 */
function workingHost(server: Server): string | null {
  const migration = server.migration;
  return migration?.kind === 'evacuation' ? migration.destHost : server.host;
}

/** Nova's quota counts servers that are neither deleted nor soft-deleted. */
function counts(server: Server): boolean {
  return (
    !server.deleted &&
    server.machine.vmState !== 'soft-delete' &&
    server.machine.vmState !== 'deleted'
  );
}
