import type { Cloud } from '../../cloud.js';
import type { ServerLifeEvent, ServerStepEvent } from '../../events.js';
import type { RefAction } from '../reference/actions.js';
import { PERIODIC_TICK_MS, reclaimTick } from '../reference/periodic.js';
import { arrivalPower } from '../reference/power.js';
import {
  pairKey,
  type RefTaskState,
  type RefVmState,
  type StatePair,
} from '../reference/states.js';
import type { RequestKind } from './classify.js';
import type { ReferenceModel } from './reference-model.js';

/** One entry of the run log the determinism checks compare. */
export interface LogEntry {
  readonly type: string;
  readonly data: unknown;
}

const SCHEDULING: StatePair = { vm: 'building', task: 'scheduling' };

/**
 * Watches a cloud's events: the (vm_state, task_state) of every server, each observed
 * transition checked against the reference (a request may take its action's first step,
 * the clock only compute steps), servers created and deleted, soft-delete times.
 * Violations are collected, not thrown: an exception inside an event handler would
 * surface as the API's 500.
 */
export class Observer {
  readonly states = new Map<string, StatePair>();
  /** When each server last changed state. */
  readonly changedAt = new Map<string, number>();
  /** When each server's current soft delete started (the step into soft-deleting). */
  readonly softDeletedAt = new Map<string, number>();
  /** The last time each host's nova-compute went down. */
  readonly hostDownAt = new Map<string, number>();
  readonly created: string[] = [];
  readonly deleted: string[] = [];
  readonly violations: { readonly invariant: string; readonly message: string }[] = [];
  private request: RequestKind | undefined;
  private readonly reference: ReferenceModel;
  private readonly log: LogEntry[];
  private readonly startedAt: number;
  private readonly reclaimSeconds: number;

  constructor(options: {
    reference: ReferenceModel;
    log: LogEntry[];
    startedAt: number;
    reclaimSeconds: number;
  }) {
    this.reference = options.reference;
    this.log = options.log;
    this.startedAt = options.startedAt;
    this.reclaimSeconds = options.reclaimSeconds;
  }

  /** Subscribes to a cloud's events; returns the unsubscribe function. */
  attach(cloud: Cloud): () => void {
    const onCreated = (e: ServerLifeEvent) => this.onCreated(e);
    const onStep = (e: ServerStepEvent) => this.onStep(e);
    const onDeleted = (e: ServerLifeEvent) => this.deleted.push(e.serverId);
    const onHost = (e: { host: string; change: string; at: number }) => {
      if (e.change === 'down' || e.change === 'forced-down') this.hostDownAt.set(e.host, e.at);
    };
    const names = [
      'server.created',
      'server.step',
      'server.deleted',
      'claim',
      'release',
      'fault',
      'periodic',
      'host',
    ] as const;
    const loggers = names.map((type) => {
      const fn = (data: unknown) => this.log.push({ type, data });
      cloud.events.on(type, fn as never);
      return [type, fn] as const;
    });
    cloud.events.on('server.created', onCreated);
    cloud.events.on('server.step', onStep);
    cloud.events.on('server.deleted', onDeleted);
    cloud.events.on('host', onHost);
    return () => {
      for (const [type, fn] of loggers) cloud.events.off(type, fn as never);
      cloud.events.off('server.created', onCreated);
      cloud.events.off('server.step', onStep);
      cloud.events.off('server.deleted', onDeleted);
      cloud.events.off('host', onHost);
    };
  }

  /** Runs `fn` as the handling of one API request of the given kind. */
  during<T>(kind: RequestKind, fn: () => T): T {
    const outer = this.request;
    this.request = kind;
    try {
      return fn();
    } finally {
      this.request = outer;
    }
  }

  /** Takes the violations seen so far. */
  drainViolations(): { readonly invariant: string; readonly message: string }[] {
    return this.violations.splice(0);
  }

  /** Records a violation seen outside a command's own checks. */
  report(invariant: string, message: string): void {
    this.violations.push({ invariant, message });
  }

  private onCreated(e: ServerLifeEvent): void {
    this.states.set(e.serverId, SCHEDULING);
    this.changedAt.set(e.serverId, e.at);
    this.created.push(e.serverId);
  }

  private onStep(e: ServerStepEvent): void {
    const from = this.states.get(e.serverId) ?? SCHEDULING;
    const to: StatePair = { vm: e.vmState as RefVmState, task: e.taskState as RefTaskState | null };
    this.states.set(e.serverId, to);
    if (from.vm === to.vm && from.task === to.task) return;
    this.changedAt.set(e.serverId, e.at);
    if (to.task === 'soft-deleting') this.softDeletedAt.set(e.serverId, e.at);
    else if (to.vm !== 'soft-delete' && to.vm !== 'deleted') this.softDeletedAt.delete(e.serverId);
    const graph = this.reference.transitions;
    const request = this.request;
    const where = request ? `during a ${request.action ?? 'read'} request` : 'while the clock ran';
    const allowed = request
      ? request.action !== null &&
        request.action !== 'create' &&
        graph.allowedInRequest(request.action as RefAction, from, to)
      : graph.allowedInCompute(from, to);
    if (!allowed) {
      this.report(
        'transition',
        `server ${e.serverId} went ${pairKey(from)} → ${pairKey(to)} ${where} (event ${e.event}); the reference's sequences (§2.3) have no such step`,
      );
    }
    // A reset sets vm_state and task_state and nothing else (§2.3): no arrival to judge.
    const power = request?.action === 'resetState' ? undefined : arrivalPower(from, to);
    if (power !== undefined && !power.includes(e.powerState)) {
      this.report(
        'power',
        `server ${e.serverId} reached ${pairKey(to)} from ${pairKey(from)} with power_state ${e.powerState}; §1.3/§2.3 say ${power.join(' or ')}`,
      );
    }
    if (!request && from.vm === 'soft-delete' && from.task === null && to.vm === 'deleted')
      this.checkReclaim(e);
  }

  /** §3.1: a reclaim happens on a periodic tick, after deleted_at + the interval. */
  private checkReclaim(e: ServerStepEvent): void {
    const deletedAt = this.softDeletedAt.get(e.serverId);
    this.softDeletedAt.delete(e.serverId);
    if (deletedAt === undefined || this.reclaimSeconds <= 0) return;
    const earliest = reclaimTick(this.startedAt, deletedAt, this.reclaimSeconds);
    const onTick = (e.at - this.startedAt) % PERIODIC_TICK_MS === 0;
    if (e.at < earliest || !onTick) {
      this.report(
        'lifecycle',
        `server ${e.serverId} soft-deleted at ${iso(deletedAt)} was reclaimed at ${iso(e.at)}, before the first tick after deleted_at + ${this.reclaimSeconds} s (${iso(earliest)})`,
      );
    }
  }
}

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}
