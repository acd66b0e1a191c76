import type { EventEmitter } from 'eventemitter3';
import type { CloudEventName, CloudEvents } from '../events.js';
import type { Scheduler } from '../scheduler/index.js';
import { faultDetails } from './fault-details.js';
import type { MachineState } from './machine-runner.js';
import type { InstanceRecords } from './records.js';
import { type Fault, type flavorResources, NO_ALTERNATES, type Server } from './server.js';
import type { EffectName } from './server-machine.js';

export interface EffectsDeps {
  readonly now: () => number;
  readonly scheduler: Scheduler;
  readonly events: EventEmitter<CloudEvents>;
  readonly records: InstanceRecords;
  /** Cinder's side of a build and a delete (src/compute/volume-flows.ts). */
  readonly volumes?: { launched(server: Server): void; deleted(server: Server): void } | undefined;
  /** Drops a deleted server's running step. */
  readonly cancelStep: (server: Server) => void;
  /** The engine's watchers (Compute.watch), told before `server.deleted` goes out. */
  readonly touched: (server: Server) => void;
}

/**
 * What a transition does outside the machine: placement claims and releases, host and
 * flavor changes, migration records, faults, Cinder's side, instance-action events, and
 * the cloud events (`server.step`, `server.status`, `claim`, …) that feed the trace.
 *
 * @example
 * effects.run('launched', server); // stamps launched_at, connects its volumes
 */
export class Effects {
  private readonly deps: EffectsDeps;

  constructor(deps: EffectsDeps) {
    this.deps = deps;
  }

  /** Applies one of the machine's named effects to the server. */
  run(name: EffectName, server: Server): void {
    const { scheduler, records } = this.deps;
    const now = this.deps.now();
    const migration = server.migration;
    switch (name) {
      case 'launched':
        server.launchedAt = now;
        // Nova keeps a build's alternate hosts only for the build's reschedules: once it
        // has launched they are gone (64 bytes a server otherwise, for its lifetime).
        if (server.alternates.length > 0) server.alternates = NO_ALTERNATES;
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
        records.recount(server, () => {
          server.flavor = migration.newFlavor;
        });
        if (migration.destHost) this.placeOn(server, migration.destHost);
        records.setMigrationStatus(migration, 'finished');
        migration.finishedAt = this.deps.now();
        return;
      case 'confirmMove':
        if (!migration) return;
        this.release(migration.id);
        records.setMigrationStatus(migration, 'confirmed');
        server.migration = null;
        return;
      case 'revertMove':
        if (!migration) return;
        this.release(server.id);
        scheduler.moveClaim(migration.id, server.id);
        if (migration.sourceHost !== null) this.placeOn(server, migration.sourceHost);
        records.recount(server, () => {
          server.flavor = migration.oldFlavor;
        });
        records.setMigrationStatus(migration, 'reverted');
        server.migration = null;
        return;
      case 'moveFailed':
        if (migration) records.setMigrationStatus(migration, 'error');
        server.migration = null;
        return;
      case 'finishLiveMigration':
      case 'finishEvacuate':
        if (!migration) return;
        this.release(migration.id);
        if (migration.destHost) this.placeOn(server, migration.destHost);
        records.setMigrationStatus(migration, name === 'finishEvacuate' ? 'done' : 'completed');
        server.migration = null;
        return;
      case 'deleted':
        this.release(server.id);
        if (migration) this.release(migration.id);
        server.deleted = true;
        server.terminatedAt = now;
        server.migration = null;
        this.deps.cancelStep(server);
        if (server.volumes.length > 0) this.deps.volumes?.deleted(server);
        records.markDeleted(server);
        this.deps.touched(server);
        if (this.heard('server.deleted')) {
          this.deps.events.emit('server.deleted', {
            serverId: server.id,
            name: server.name,
            at: now,
          });
        }
        return;
    }
  }

  /** Puts the server on a host, in that host's availability zone. */
  placeOn(server: Server, host: string): void {
    server.host = host;
    server.availabilityZone =
      this.deps.scheduler.availabilityZoneOf(host) ?? server.availabilityZone;
  }

  /**
   * Records the server's fault (Nova keeps 255 characters of the message, and a 500's
   * traceback in `details`); `emit` tells the trace.
   */
  setFault(server: Server, code: number, message: string, emit = true): void {
    const now = this.deps.now();
    server.fault = {
      code,
      message: message.slice(0, 255),
      details: faultDetails(code, message),
      created: now,
    } satisfies Fault;
    if (emit) this.deps.events.emit('fault', { serverId: server.id, code, message, at: now });
  }

  /** A placement claim for the consumer (a server, or a migration's source side). */
  claim(consumerId: string, host: string, resources: ReturnType<typeof flavorResources>): void {
    this.deps.scheduler.claim(consumerId, host, resources);
    if (this.heard('claim')) {
      this.deps.events.emit('claim', { consumerId, host, resources, at: this.deps.now() });
    }
  }

  /** Releases every claim of the consumer. */
  release(consumerId: string): void {
    const claims = this.deps.scheduler.release(consumerId);
    if (claims.length === 0 || !this.heard('release')) return;
    for (const claim of claims) {
      this.deps.events.emit('release', {
        consumerId,
        host: claim.host,
        resources: claim.resources,
        at: this.deps.now(),
      });
    }
  }

  /** Closes the open compute event of the last action once the task is over. */
  finishActionEvents(server: Server): void {
    if (server.machine.taskState !== null || server.machine.vmState === 'building') return;
    const action = server.actions.at(-1);
    const event = action?.events.at(-1);
    if (!action || !event || event.finishTime !== null) return;
    const now = this.deps.now();
    const failed = server.machine.vmState === 'error' || server.fault?.created === now;
    event.finishTime = now;
    event.result = failed ? 'Error' : 'Success';
    action.updatedAt = now;
    if (failed) action.message = 'Error';
  }

  /** `server.created`, when a server row goes in. */
  created(server: Server): void {
    if (!this.heard('server.created')) return;
    this.deps.events.emit('server.created', {
      serverId: server.id,
      name: server.name,
      at: this.deps.now(),
    });
  }

  /** `server.step` for every transition, `server.status` when the API status changed. */
  changed(server: Server, before: MachineState, event: string): void {
    const { events } = this.deps;
    const after = server.machine;
    const at = this.deps.now();
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
    // Interned with the machine state: no status-map lookup per step.
    const from = before.status;
    const to = server.deleted ? 'DELETED' : after.status;
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

  /**
   * Whether anyone listens to an event: the engine builds no payload for nobody, which
   * matters on the hot path (every step of every server) of an untraced cloud.
   */
  heard(name: CloudEventName): boolean {
    return this.deps.events.listenerCount(name) > 0;
  }
}
