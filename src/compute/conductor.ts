import type { CloudConfig } from '../config.js';
import type { FaultInjector } from '../faults/fault-rules.js';
import type { Scheduler, SelectionRequest, SelectionResult } from '../scheduler/index.js';
import { forcedBuildTarget } from './compute-nodes.js';
import { conductorAction, conductorFailed, conductorSucceeded } from './conductor-events.js';
import type { Effects } from './effects.js';
import { isIoBusy } from './host-load.js';
import { forcedClaimFailure } from './live-migrate-checks.js';
import type { InstanceRecords } from './records.js';
import { flavorResources, type Migration, type Server } from './server.js';
import type { Decision } from './server-machine.js';

export const NO_VALID_HOST = 'No valid host was found. ';
export const NOT_ENOUGH_HOSTS = 'No valid host was found. There are not enough hosts available.';

/** What the scheduler needs to know of a server group. */
export interface ServerGroupView {
  readonly policy: 'affinity' | 'anti-affinity' | 'soft-affinity' | 'soft-anti-affinity';
  readonly members: readonly string[];
  readonly maxServerPerHost?: number;
}

export interface ConductorDeps {
  readonly now: () => number;
  readonly scheduler: Scheduler;
  readonly config: CloudConfig;
  readonly faults: FaultInjector;
  readonly records: InstanceRecords;
  readonly effects: Effects;
  /** Sends an event the machine accepts in this state (the engine's `trySend`). */
  readonly send: (server: Server, event: string) => boolean;
  /** The server group a server belongs to, as the scheduler must honour it. */
  readonly groupOf?: ((groupId: string) => ServerGroupView | undefined) | undefined;
  /** Extra host filters for a server's request (the enabled aggregate filters). */
  readonly hostFilter?: ((server: Server) => ((host: string) => boolean) | undefined) | undefined;
  /** Adds what the filters read of a server's request spec (project, flavor, image, aggregates). */
  readonly requestInputs?: ((server: Server, request: SelectionRequest) => void) | undefined;
  /** Leaves the step's event waiting for the server's dead worker (the engine's stall). */
  readonly waitForWorker?: ((server: Server, event: string) => void) | undefined;
}

/**
 * The conductor's decisions at the machine's decision points: where a build, a move or
 * an unshelve lands (the scheduler's request, claims, alternates and reschedules), and
 * whether a spawn fails. Each answers with the event that settles the decision.
 *
 * @example
 * conductor.decide('schedule-build', server, 'SCHEDULED'); // 'SCHEDULED' once placed
 */
export class Conductor {
  private readonly deps: ConductorDeps;

  constructor(deps: ConductorDeps) {
    this.deps = deps;
  }

  /** Returns the event that settles a decision point, or undefined if handled already. */
  decide(decision: Decision, server: Server, stepEvent: string): string | undefined {
    switch (decision) {
      case 'schedule-build':
        return this.scheduleBuild(server) ? stepEvent : undefined;
      case 'spawn':
        return this.spawn(server, stepEvent);
      case 'schedule-move':
        return this.settled(server, this.scheduleMove(server)) ? stepEvent : 'MOVE_FAILED';
      case 'schedule-live': {
        const failure = this.scheduleMove(server);
        if (this.settled(server, failure)) return stepEvent;
        return failure?.startsWith(MIGRATION_ERROR) ? 'MOVE_ERRORED' : 'MOVE_FAILED';
      }
      case 'schedule-evacuate': {
        const migration = server.migration;
        const failure = this.scheduleMove(server);
        const dest = migration?.destHost ?? null;
        if (failure === undefined && dest !== null && !this.deps.scheduler.isAlive(dest)) {
          // Placed (a forced host skips every service check): the conductor's cast to the
          // stopped nova-compute waits in its queue, the server `rebuilding`, until the
          // host comes back and this decision is met again.
          conductorSucceeded(conductorAction(server), this.deps.now(), null, false);
          this.deps.waitForWorker?.(server, stepEvent);
          return undefined;
        }
        if (this.settled(server, failure)) return stepEvent;
        // rebuild_instance catches only NoValidHost and a few others (ValueError among
        // them); a filter's KeyError, TypeError, AttributeError, IndexError or RemoteError
        // leaves it through its EventReporter alone: the server stays `rebuilding`, no
        // fault, the migration `accepted`.
        if (failure === UNCAUGHT_BY_REBUILD) return undefined;
        return migration?.forced === true ? 'MOVE_FAILED' : 'EVACUATE_FAILED';
      }
      case 'schedule-unshelve':
        return this.settled(server, this.scheduleUnshelve(server)) ? stepEvent : 'UNSHELVE_FAILED';
      case 'schedule-rebuild':
        return this.checkRebuild(server, stepEvent);
    }
  }

  /**
   * Closes the conductor's events of the last action: Success and the compute's event on
   * the host that runs it, or Error with the failure's message. True on success.
   */
  private settled(server: Server, failure: string | undefined): boolean {
    const action = conductorAction(server);
    const now = this.deps.now();
    if (failure !== undefined) {
      // An uncaught exception closed the events already, with its own message.
      if (failure !== UNCAUGHT_BY_REBUILD) conductorFailed(action, now, failure);
      return false;
    }
    const migration = server.migration;
    // prep_resize and an evacuation's rebuild run on the destination; live_migration on the source.
    const host =
      migration && migration.kind !== 'live-migration' ? migration.destHost : server.host;
    conductorSucceeded(action, now, host);
    return true;
  }

  private baseRequest(server: Server): SelectionRequest {
    const { servers } = this.deps.records;
    const hostsOf = (ids: readonly string[]) =>
      ids.flatMap((id) => {
        const host = servers.get(id)?.host;
        return host ? [host] : [];
      });
    // Optional keys set one by one: a spread of a literal per key was three objects a build.
    const request: SelectionRequest = { resources: flavorResources(server.flavor), count: 1 };
    // Before the inputs: they map the zone to what Placement is asked (none, or the zone).
    if (server.requestedAz) request.availabilityZone = server.requestedAz;
    this.deps.requestInputs?.(server, request);
    if (server.requestedHost) request.requestedHost = server.requestedHost;
    const hostFilter = this.deps.hostFilter?.(server);
    if (hostFilter) request.hostFilter = hostFilter;
    const hints = server.schedulerHints;
    // The scheduler reads them only while SameHostFilter / DifferentHostFilter are enabled;
    // an empty list is no hint (Nova tests the hint's truth).
    if (hints.same_host?.length) request.sameHost = hostsOf(hints.same_host);
    if (hints.different_host?.length) request.differentHost = hostsOf(hints.different_host);
    const group = server.serverGroupId ? this.deps.groupOf?.(server.serverGroupId) : undefined;
    if (group) {
      request.group = {
        policy: group.policy,
        memberHosts: group.members.flatMap((id) => {
          const member = servers.get(id);
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
    const { effects } = this.deps;
    const siblings = this.waitingSiblings(server);
    const request = this.baseRequest(server);
    request.count = siblings.length;
    const forced = forcedBuildTarget(this.deps.scheduler, server.forcedHost, server.forcedNode);
    if (forced !== undefined) request.forcedHost = forced.host;
    const result =
      forced?.missing === undefined ? this.deps.scheduler.select(request, this.deps.now()) : null;
    if (result === null || !result.ok) {
      // A filter that raised fails the call as NoValidHost does: the servers are buried.
      const message = result === null ? (forced?.missing ?? NO_VALID_HOST) : failureMessage(result);
      for (const sibling of siblings) {
        effects.setFault(sibling, 500, message);
        this.deps.send(sibling, 'NO_VALID_HOST');
      }
      return false;
    }
    for (let i = 0; i < siblings.length; i++) {
      const sibling = siblings[i]!;
      const picks = result.picks[i] ?? [];
      const host = picks[0];
      if (host === undefined) continue;
      // The stepping server stays building, so its step ends I/O-busy: marked before the
      // claim, the claim counts its I/O op in the same update of the host's weigher indexes
      // (the step's reportHostLoad then finds nothing to change). Its siblings' own steps
      // mark them later, as before.
      if (sibling === server) this.deps.scheduler.setBusy(server.id, isIoBusy(server));
      effects.claim(sibling.id, host, flavorResources(sibling.flavor));
      effects.placeOn(sibling, host);
      // slice, not a rest pattern: an exact-size array, not one with room for 16 (per server).
      sibling.alternates = picks.slice(1);
      sibling.attempts = 1;
    }
    return server.host !== null;
  }

  private waitingSiblings(server: Server): Server[] {
    const { servers, reservations } = this.deps.records;
    const ids = reservations.get(server.reservationId);
    // A single create (no reservation kept) has no siblings to wait for.
    if (ids === undefined) return [server];
    const siblings: Server[] = [];
    for (const id of ids) {
      const sibling = servers.get(id);
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

  private tryAlternates(server: Server): boolean {
    const { scheduler, effects } = this.deps;
    const resources = flavorResources(server.flavor);
    while (server.alternates.length > 0) {
      const host = server.alternates.shift()!;
      if (scheduler.isUp(host, this.deps.now()) && scheduler.fits(host, resources)) {
        effects.claim(server.id, host, resources);
        effects.placeOn(server, host);
        server.attempts += 1;
        return true;
      }
    }
    effects.setFault(server, 500, exhausted(server));
    this.deps.send(server, 'BUILD_FAILED');
    return false;
  }

  private spawn(server: Server, stepEvent: string): string {
    const { effects } = this.deps;
    if (server.networkError !== undefined) {
      effects.setFault(server, 500, server.networkError);
      return 'BUILD_FAILED';
    }
    const failure = this.deps.faults.buildFailure(server);
    if (!failure) return stepEvent;
    const canRetry = failure.reschedule && server.attempts < this.deps.config.maxAttempts;
    if (canRetry && server.alternates.length > 0) return 'SPAWN_FAILED';
    effects.setFault(server, 500, failure.reschedule ? exhausted(server) : failure.message);
    return 'BUILD_FAILED';
  }

  /** Places a move; undefined once placed, else the conductor's exception message. */
  private scheduleMove(server: Server): string | undefined {
    const migration = server.migration;
    if (!migration) return undefined;
    // An evacuation met again once its stopped destination came back: placed already.
    if (migration.kind === 'evacuation' && migration.destHost !== null) return undefined;
    const { effects } = this.deps;
    if (migration.forced && migration.requestedHost) return this.claimForced(server, migration);
    const request = this.baseRequest(server);
    request.resources = flavorResources(migration.newFlavor);
    const sameHostAllowed = migration.kind === 'resize' && this.deps.config.allowResizeToSameHost;
    if (!sameHostAllowed && migration.sourceHost !== null)
      request.ignoreHosts = [migration.sourceHost];
    // The create-time host does not bind a move; a requested one goes through filters.
    delete request.forcedHost;
    delete request.requestedHost;
    if (migration.requestedHost) request.requestedHost = migration.requestedHost;
    const result = this.deps.scheduler.select(request, this.deps.now());
    const dest = result.ok ? result.picks[0]?.[0] : undefined;
    if (dest === undefined) {
      // A failed evacuation ends in ERROR, so its fault shows; a failed resize/migrate
      // keeps its status and the fault stays hidden (§8.2).
      const message = failureMessage(result);
      if (migration.kind === 'evacuation' && escapesRebuildInstance(result)) {
        conductorFailed(conductorAction(server), this.deps.now(), message);
        return UNCAUGHT_BY_REBUILD;
      }
      if (migration.kind === 'live-migration' && !result.ok && result.reason === 'filter-error') {
        // _live_migrate's catch-all: error/None, the fault, and a MigrationError raised.
        effects.setFault(server, 500, message);
        return `${MIGRATION_ERROR}${message}`;
      }
      effects.setFault(server, 500, message, migration.kind === 'evacuation');
      return raisedInConductor(migration, result, message);
    }
    migration.destHost = dest;
    this.deps.records.setMigrationStatus(migration, 'migrating');
    this.deps.scheduler.moveClaim(server.id, migration.id);
    effects.claim(server.id, dest, flavorResources(migration.newFlavor));
    return undefined;
  }

  /**
   * A forced destination: no scheduler call at all, so no filter (a disabled service, another
   * zone) and no service check here; only Placement's copy of the allocation, whose refusal
   * is NoValidHost with its own reason. The server keeps its state (an evacuation too:
   * `_allocate_for_evacuate_dest_host` puts back the vm_state it had), task None.
   */
  private claimForced(server: Server, migration: Migration): string | undefined {
    const dest = migration.requestedHost!;
    const resources = flavorResources(migration.newFlavor);
    if (!this.deps.scheduler.fits(dest, resources)) {
      const message = forcedClaimFailure(server, dest);
      this.deps.effects.setFault(server, 500, message);
      return message;
    }
    migration.destHost = dest;
    this.deps.records.setMigrationStatus(migration, 'migrating');
    this.deps.scheduler.moveClaim(server.id, migration.id);
    this.deps.effects.claim(server.id, dest, resources);
    return undefined;
  }

  /**
   * Before 2.34 the API waits for the conductor's live-migration task, whose scheduler call
   * (`_find_destination`, the source host ignored) raises NoValidHost to the API: its
   * message when no host would take the server now, undefined when one would. Nothing is
   * claimed here; the move's own step schedules as usual. A named host that is not forced
   * (2.30 to 2.33) is the request's destination, through the filters.
   */
  liveMigrationNoHost(
    server: Server,
    requestedHost?: string,
  ): { readonly message: string; readonly raised: boolean } | undefined {
    const request = this.baseRequest(server);
    if (server.host !== null) request.ignoreHosts = [server.host];
    delete request.forcedHost;
    delete request.requestedHost;
    if (requestedHost !== undefined) request.requestedHost = requestedHost;
    const result = this.deps.scheduler.select(request, this.deps.now());
    if (result.ok && result.picks[0]?.[0] !== undefined) return undefined;
    return {
      message: failureMessage(result),
      raised: !result.ok && result.reason === 'filter-error',
    };
  }

  /** Places an offloaded unshelve; undefined once placed, else the exception's message. */
  private scheduleUnshelve(server: Server): string | undefined {
    const request = this.baseRequest(server);
    delete request.forcedHost;
    delete request.requestedHost;
    // 2.91 `unshelve` to a named host: the request's destination, filters still apply.
    if (server.unshelveHost !== undefined) request.requestedHost = server.unshelveHost;
    delete server.unshelveHost;
    const result = this.deps.scheduler.select(request, this.deps.now());
    const host = result.ok ? result.picks[0]?.[0] : undefined;
    if (host === undefined) {
      const message = !result.ok && result.reason === 'filter-error' ? result.error : NO_VALID_HOST;
      this.deps.effects.setFault(server, 500, message, false);
      return message;
    }
    this.deps.effects.claim(server.id, host, flavorResources(server.flavor));
    this.deps.effects.placeOn(server, host);
    return undefined;
  }

  /**
   * A rebuild onto a new image: master's compute API forces the server's own host and
   * marks the request `_nova_check_type: rebuild`, and the conductor's rebuild_instance
   * asks the scheduler. NoValidHost puts the old image back and sets error/None with the
   * fault; the conductor's event (its EventReporter's `rebuild_server`) closes with Error
   * and the compute never starts. A filter that raises is no exception the conductor
   * catches there: its event closes with Error and the server stays `rebuilding`.
   */
  private checkRebuild(server: Server, stepEvent: string): string | undefined {
    const check = server.rebuildCheck;
    if (check === undefined) return this.settled(server, undefined) ? stepEvent : undefined;
    delete server.rebuildCheck;
    if (server.host === null) return this.settled(server, undefined) ? stepEvent : undefined;
    const request = this.baseRequest(server);
    request.imageId = check.imageRef;
    request.imageProperties = { ...check.imageProperties };
    const result = this.deps.scheduler.checkRebuild(request, server.host, this.deps.now());
    if (result.ok) return this.settled(server, undefined) ? stepEvent : undefined;
    this.settled(server, failureMessage(result));
    if (result.reason === 'filter-error') return undefined;
    if (check.origImageRef && check.origImageRef !== check.imageRef) {
      server.imageRef = check.origImageRef;
    }
    this.deps.effects.setFault(server, 500, failureMessage(result));
    return 'REBUILD_FAILED';
  }
}

/** MigrationError's text (nova/exception.py), which _live_migrate raises for the unexpected. */
const MIGRATION_ERROR = 'Migration error: ';

/** {@link Conductor}'s scheduleMove answer for an evacuation rebuild_instance does not catch. */
const UNCAUGHT_BY_REBUILD = '\0uncaught';

/**
 * Does a failed scheduling leave master's rebuild_instance uncaught? It catches NoValidHost,
 * UnsupportedPolicyException, AllocationUpdateFailed, NotImplementedError and ValueError.
 */
function escapesRebuildInstance(result: SelectionResult): boolean {
  return !result.ok && result.reason === 'filter-error' && result.error !== 'ValueError';
}

/** The fault message of a failed scheduler call: NoValidHost's, or the raised class name. */
function failureMessage(result: SelectionResult): string {
  if (result.ok) return NO_VALID_HOST;
  if (result.reason === 'filter-error') return result.error;
  if (result.reason === 'refused') return result.message;
  return result.reason === 'not-enough-hosts' ? NOT_ENOUGH_HOSTS : NO_VALID_HOST;
}

/**
 * The message of the exception that leaves the conductor when a move's scheduling fails:
 * `_cold_migrate` raises a NoValidHost of its own for a resize or migration, naming which;
 * the others re-raise what they caught.
 */
function raisedInConductor(migration: Migration, result: SelectionResult, message: string): string {
  if (migration.kind !== 'resize' && migration.kind !== 'migration') return message;
  if (!result.ok && (result.reason === 'filter-error' || result.reason === 'refused'))
    return message;
  return `${NO_VALID_HOST}No valid host found for ${migration.kind === 'resize' ? 'resize' : 'cold migrate'}`;
}

/** MaxRetriesExceeded's message once every alternate host failed. */
function exhausted(server: Server): string {
  return `Exceeded maximum number of retries. Exhausted all hosts available for retrying build failures for instance ${server.id}.`;
}
