import { TaskTimer, type VirtualClock } from '../clock/virtual-clock.js';
import type { CloudConfig } from '../config.js';
import type { FaultInjector } from '../faults/fault-rules.js';
import type { Random } from '../random/prng.js';
import type { Scheduler } from '../scheduler/index.js';
import type { InstanceRecords } from './records.js';
import type { Server } from './server.js';

/** The timer task of a server's next step (plain data, so a snapshot keeps it). */
export interface StepTask extends PendingStep {
  readonly [key: string]: unknown;
  readonly kind: 'step';
  readonly server: string;
}

/** A server's running step; the step's timer doubles as this record. */
export interface PendingStep {
  readonly timerId: number;
  readonly event: string;
  readonly startedAt: number;
  readonly dueAt: number;
}

/** What a due step names: the server, its timer and the event to send. */
export interface StepRef {
  readonly server: string;
  readonly event: string;
  readonly timerId: number;
}

/**
 * A server's running step as one object: its clock timer, its task and its pending record
 * in one (three objects and three boxed epoch times per step before). Restored steps are
 * plain {@link StepTask} data, read the same way.
 */
class StepTimer extends TaskTimer implements PendingStep, StepRef {
  readonly kind = 'step';
  readonly server: string;
  readonly event: string;
  readonly startedAt: number;

  constructor(server: string, event: string, startedAt: number) {
    super();
    this.server = server;
    this.event = event;
    this.startedAt = startedAt;
  }

  get timerId(): number {
    return this.id;
  }

  /** The task as `schedule` stored it, key for key: snapshots stay byte-identical. */
  toTask(): StepTask {
    return {
      kind: 'step',
      server: this.server,
      event: this.event,
      startedAt: this.startedAt,
      dueAt: this.dueAt,
      timerId: this.id,
    };
  }
}

/** What runs a step once it is due: the engine, which owns the machines. */
export interface StepDriver {
  /** The step is due: settle its decision point, if any, and send its event. */
  due(server: Server, event: string): void;
  /** Sends an event the machine accepts in this state; false if it refuses it. */
  send(server: Server, event: string): boolean;
}

export interface TimedStepsDeps {
  readonly clock: VirtualClock;
  readonly random: () => Random;
  readonly scheduler: Scheduler;
  readonly config: CloudConfig;
  readonly faults: FaultInjector;
  readonly records: InstanceRecords;
  readonly driver: StepDriver;
}

/**
 * The compute manager's clock: each server's running step as a timer on the virtual
 * clock, and the steps that stall while their nova-compute is dead, resumed when it
 * comes back. At most one step per server.
 *
 * @example
 * steps.schedule(server, 'SPAWNED', 3000); // the driver's `due` runs 3 s later
 */
export class TimedSteps {
  private readonly deps: TimedStepsDeps;
  private readonly pending = new Map<string, PendingStep>();
  /** Steps waiting for a dead compute host to come back, by host. */
  private readonly stalled = new Map<string, Map<string, string>>();

  constructor(deps: TimedStepsDeps) {
    this.deps = deps;
  }

  /** The server's running step, if any, as plain data (snapshots). */
  pendingOf(serverId: string): PendingStep | undefined {
    const pending = this.pending.get(serverId);
    return pending instanceof StepTimer ? pending.toTask() : pending;
  }

  /** When the server's running step started and is due (progress), without a copy. */
  timingOf(serverId: string): PendingStep | undefined {
    return this.pending.get(serverId);
  }

  /** The event a step stalled on the server's dead host waits to send. */
  stalledEventOf(server: Server): string | undefined {
    const worker = workingHost(server);
    return worker === null ? undefined : this.stalled.get(worker)?.get(server.id);
  }

  /** Puts back a restored server's running or stalled step. */
  restore(server: Server, pending: PendingStep | undefined, stalledEvent: string | undefined) {
    if (pending) this.pending.set(server.id, pending);
    const worker = workingHost(server);
    if (stalledEvent && worker !== null) this.stall(worker, server.id, stalledEvent);
  }

  /** Starts the server's next step: `event` after `baseMs`, with fault delays and jitter. */
  schedule(server: Server, event: string, baseMs: number): void {
    const { config, clock } = this.deps;
    let ms = this.deps.faults.stepMs(server, server.machine.taskState, baseMs);
    if (config.jitter > 0) ms *= 1 + config.jitter * (2 * this.deps.random().next() - 1);
    ms = Math.max(0, Math.round(ms));
    // One object per step: timer, task and pending record (no label: the clock spells the
    // task out if its loop guard ever names it).
    const timer = new StepTimer(server.id, event, clock.now());
    clock.scheduleTimer(ms, timer);
    this.pending.set(server.id, timer);
  }

  /** Drops the server's running step and any stall it waits in. */
  cancel(server: Server): void {
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

  /** The clock calls this when a server's step is due. */
  runStep(task: StepRef): void {
    const server = this.deps.records.servers.get(task.server);
    const pending = this.pending.get(task.server);
    if (!server || !pending || pending.timerId !== task.timerId) return;
    this.pending.delete(task.server);
    // A dead nova-compute does no work: the step waits for the host to come back.
    const worker = workingHost(server);
    if (worker !== null && !this.deps.scheduler.isAlive(worker)) {
      this.stall(worker, server.id, task.event);
      return;
    }
    this.deps.driver.due(server, task.event);
  }

  /** Resumes the steps that waited for this host. */
  resumeHost(host: string): void {
    const waiting = this.stalled.get(host);
    if (!waiting) return;
    this.stalled.delete(host);
    // In DB order, so a restored cloud (which re-stalls in that order) resumes the same way.
    const { servers } = this.deps.records;
    const resumed = [...waiting]
      .map(([serverId, event]) => [servers.get(serverId), event] as const)
      .filter((entry): entry is readonly [Server, string] => entry[0] !== undefined)
      .sort(([a], [b]) => a.dbId - b.dbId);
    for (const [server, event] of resumed) {
      if (!this.pending.has(server.id)) this.schedule(server, event, 0);
    }
  }

  /**
   * Leaves `event` waiting for the server's dead worker (an RPC cast to a stopped
   * nova-compute sits in its queue): sent once the host comes back.
   */
  waitForWorker(server: Server, event: string): void {
    const worker = workingHost(server);
    if (worker !== null) this.stall(worker, server.id, event);
  }

  /** Runs the server's pending step now, decisions included (a forced live migration). */
  runPendingNow(server: Server): void {
    const pending = this.pending.get(server.id);
    if (!pending) return;
    this.deps.clock.clearTimeout(pending.timerId);
    this.runStep(pending instanceof StepTimer ? pending : { ...pending, server: server.id });
  }

  /** Finishes the running walk at once (Nova's synchronous RPC calls). */
  completeNow(server: Server): void {
    for (let guard = 0; guard < 16; guard++) {
      const pending = this.pending.get(server.id);
      if (!pending || server.machine.taskState === null) return;
      this.deps.clock.clearTimeout(pending.timerId);
      this.pending.delete(server.id);
      this.deps.driver.send(server, pending.event);
    }
  }

  private stall(host: string, serverId: string, event: string): void {
    let waiting = this.stalled.get(host);
    if (!waiting) this.stalled.set(host, (waiting = new Map()));
    waiting.set(serverId, event);
  }

  /** Forgets a stalled step; an emptied host entry goes too, so `stalled.size` stays honest. */
  private unstall(host: string, serverId: string): void {
    const waiting = this.stalled.get(host);
    if (waiting?.delete(serverId) && waiting.size === 0) this.stalled.delete(host);
  }
}

/**
 * The nova-compute that runs the server's current step: the destination during an
 * evacuation (the source is down by definition), else the server's host.
 */
export function workingHost(server: Server): string | null {
  const migration = server.migration;
  return migration?.kind === 'evacuation' ? migration.destHost : server.host;
}
