import type { EventEmitter } from 'eventemitter3';
import type { CloudConfig } from '../config.js';
import type { CloudEvents } from '../events.js';
import type { Scheduler } from '../scheduler/index.js';
import { appendAction, periodicAdmin } from './action-records.js';
import { PERIODIC, type VmStateTask } from './periodic.js';
import type { InstanceRecords } from './records.js';
import type { Server } from './server.js';

export interface PeriodicDeps {
  readonly now: () => number;
  readonly config: CloudConfig;
  readonly scheduler: Scheduler;
  readonly events: EventEmitter<CloudEvents>;
  readonly records: InstanceRecords;
  /** Sends an event the machine accepts in this state (the engine's `trySend`). */
  readonly send: (server: Server, event: string) => boolean;
  /** Whether the machine accepts the event in the server's state. */
  readonly accepts: (server: Server, event: string) => boolean;
  /** A new request id, drawn from the cloud's PRNG. */
  readonly requestId: () => string;
}

/**
 * Whether the periodic task has no server to look at (its ticks can be coalesced).
 *
 * @example
 * periodicIdle(records, 'reclaim'); // true while no server is soft-deleted
 */
export function periodicIdle(records: InstanceRecords, task: VmStateTask): boolean {
  const rule = PERIODIC[task];
  return rule === undefined || records.countInVmState(rule.vmState) === 0;
}

/**
 * One tick of a nova-compute periodic task (see `PERIODIC`): sends its event to every
 * server due, in DB order (Nova's query order, so a restored cloud walks them the same
 * way). Returns the ids it touched.
 *
 * @example
 * runPeriodic(deps, 'confirm-resizes'); // ids of the resizes auto-confirmed
 */
export function runPeriodic(deps: PeriodicDeps, task: VmStateTask): string[] {
  const now = deps.now();
  const olderThan = (since: number | null, seconds: number) =>
    since !== null && now - since > seconds * 1000;
  const rule = PERIODIC[task];
  const touched: string[] = [];
  // One admin context per run, as nova-compute's periodic loop makes: one request id.
  const admin = periodicAdmin(deps.requestId);
  for (const server of deps.records.inVmState(rule.vmState)) {
    if (rule.taskNone && server.machine.taskState !== null) continue;
    // Periodic tasks run inside nova-compute: a dead host runs none.
    if (server.host !== null && !deps.scheduler.isAlive(server.host)) continue;
    const since = rule.since(server);
    if (!olderThan(since, rule.seconds(deps.config))) continue;
    if (task === 'confirm-resizes' && server.migration?.status !== 'finished') continue;
    if (rule.record !== undefined && !deps.accepts(server, rule.event)) continue;
    if (task === 'confirm-resizes')
      deps.records.setMigrationStatus(server.migration!, 'confirming');
    if (rule.record !== undefined) appendAction(server, admin(), rule.record, now);
    if (deps.send(server, rule.event)) touched.push(server.id);
  }
  deps.events.emit('periodic', { task, affected: touched, at: now });
  return touched;
}
