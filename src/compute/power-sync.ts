import { appendAction, periodicAdmin } from './action-records.js';
import type { Server } from './server.js';
import { POWER_STATE, type PowerState } from './states.js';

/**
 * Power states nova-compute's `_sync_power_states` answers by calling the stop API when the
 * server's vm_state is ACTIVE (manager.py `_sync_instance_power_state`: SHUTDOWN and CRASHED
 * through `_stop_unexpected_shutdown_instance`, SUSPENDED directly). The simulator's
 * hypervisor is the stored power state, so only os-resetState makes a server disagree with it:
 * a stopped, suspended or shelved server reset to active is stopped again.
 */
const STOPS_ACTIVE: ReadonlySet<PowerState> = new Set([
  POWER_STATE.SHUTDOWN,
  POWER_STATE.CRASHED,
  POWER_STATE.SUSPENDED,
]);

export interface PowerSyncDeps {
  readonly now: () => number;
  readonly isAlive: (host: string) => boolean;
  readonly accepts: (server: Server, event: string) => boolean;
  readonly send: (server: Server, event: string) => boolean;
  readonly requestId: () => string;
}

/** Whether the power sync would stop this server now or later. */
function outOfSync(server: Server): boolean {
  return (
    !server.deleted &&
    server.machine.vmState === 'active' &&
    STOPS_ACTIVE.has(server.machine.powerState)
  );
}

/**
 * The servers the next power sync must look at, so that a run costs nothing while every
 * server agrees with its hypervisor (the usual case) instead of a walk of every server.
 *
 * @example
 * powerSync.note(server); // after os-resetState
 * powerSync.run(deps);    // ids of the servers it stopped
 */
export class PowerSync {
  readonly #pending = new Set<Server>();

  /** Keeps the server for the next run if it disagrees with its hypervisor. */
  note(server: Server): void {
    if (outOfSync(server)) this.#pending.add(server);
  }

  get idle(): boolean {
    return this.#pending.size === 0;
  }

  /**
   * One run: each pending server on a live host with no task is stopped through the stop
   * API (an instance action `stop` with no user or project, one request id per run), in DB
   * order, as nova-compute walks its instances.
   */
  run(deps: PowerSyncDeps): string[] {
    const stopped: string[] = [];
    const admin = periodicAdmin(deps.requestId);
    const due = [...this.#pending].sort((a, b) => a.dbId - b.dbId);
    for (const server of due) {
      if (!outOfSync(server)) {
        this.#pending.delete(server);
        continue;
      }
      // Run by the server's own nova-compute: none runs for a dead host or no host, and a
      // server with a task is skipped until a later run.
      if (server.host === null || !deps.isAlive(server.host)) continue;
      if (server.machine.taskState !== null || !deps.accepts(server, 'STOP')) continue;
      this.#pending.delete(server);
      appendAction(server, admin(), 'stop', deps.now());
      if (deps.send(server, 'STOP')) stopped.push(server.id);
    }
    return stopped;
  }
}
