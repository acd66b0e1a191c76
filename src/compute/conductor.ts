import { forcedBuildTarget } from './compute-nodes.js';
import type { ConductorDeps } from './conductor-deps.js';
import { conductorAction, conductorSucceeded } from './conductor-events.js';
import { settleConductor } from './conductor-settle.js';
import { isIoBusy } from './host-load.js';
import {
  liveMigrationNoHost,
  MIGRATION_ERROR,
  scheduleMove,
  UNCAUGHT_BY_REBUILD,
} from './move-scheduling.js';
import { baseRequest, failureMessage, NO_VALID_HOST } from './request-spec.js';
import { flavorResources, isVolumeBacked, NO_ALTERNATES, type Server } from './server.js';
import type { Decision } from './server-machine.js';

export type { ConductorDeps, ServerGroupView } from './conductor-deps.js';
export { NO_VALID_HOST, NOT_ENOUGH_HOSTS } from './request-spec.js';

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
        return settleConductor(server, this.deps.now(), scheduleMove(this.deps, server))
          ? stepEvent
          : 'MOVE_FAILED';
      case 'schedule-live': {
        const failure = scheduleMove(this.deps, server);
        if (settleConductor(server, this.deps.now(), failure)) return stepEvent;
        return failure?.startsWith(MIGRATION_ERROR) ? 'MOVE_ERRORED' : 'MOVE_FAILED';
      }
      case 'schedule-evacuate': {
        const migration = server.migration;
        const failure = scheduleMove(this.deps, server);
        const dest = migration?.destHost ?? null;
        if (failure === undefined && dest !== null && !this.deps.scheduler.isAlive(dest)) {
          // Placed (a forced host skips every service check): the conductor's cast to the
          // stopped nova-compute waits in its queue, the server `rebuilding`, until the
          // host comes back and this decision is met again.
          conductorSucceeded(conductorAction(server), this.deps.now(), null, false);
          this.deps.waitForWorker?.(server, stepEvent);
          return undefined;
        }
        if (settleConductor(server, this.deps.now(), failure)) return stepEvent;
        // rebuild_instance catches only NoValidHost and a few others (ValueError among
        // them); a filter's KeyError, TypeError, AttributeError, IndexError or RemoteError
        // leaves it through its EventReporter alone: the server stays `rebuilding`, no
        // fault, the migration `accepted`.
        if (failure === UNCAUGHT_BY_REBUILD) return undefined;
        return migration?.forced === true ? 'MOVE_FAILED' : 'EVACUATE_FAILED';
      }
      case 'schedule-unshelve':
        return settleConductor(server, this.deps.now(), this.scheduleUnshelve(server))
          ? stepEvent
          : 'UNSHELVE_FAILED';
      case 'schedule-rebuild':
        return this.checkRebuild(server, stepEvent);
    }
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
    const request = baseRequest(this.deps, server);
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
      effects.claim(sibling.id, host, flavorResources(sibling.flavor, isVolumeBacked(sibling)));
      effects.placeOn(sibling, host);
      // slice, not a rest pattern: an exact-size array, not one with room for 16 (per server).
      sibling.alternates = picks.length > 1 ? picks.slice(1) : NO_ALTERNATES;
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
    const resources = flavorResources(server.flavor, isVolumeBacked(server));
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

  /**
   * Before 2.34 the API waits for the conductor's live-migration task: NoValidHost's
   * message when no host would take the server now (see move-scheduling.ts).
   */
  liveMigrationNoHost(
    server: Server,
    requestedHost?: string,
  ): { readonly message: string; readonly raised: boolean } | undefined {
    return liveMigrationNoHost(this.deps, server, requestedHost);
  }

  /** Places an offloaded unshelve; undefined once placed, else the exception's message. */
  private scheduleUnshelve(server: Server): string | undefined {
    const request = baseRequest(this.deps, server);
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
    this.deps.effects.claim(
      server.id,
      host,
      flavorResources(server.flavor, isVolumeBacked(server)),
    );
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
    if (check === undefined)
      return settleConductor(server, this.deps.now(), undefined) ? stepEvent : undefined;
    delete server.rebuildCheck;
    if (server.host === null)
      return settleConductor(server, this.deps.now(), undefined) ? stepEvent : undefined;
    const request = baseRequest(this.deps, server);
    request.imageId = check.imageRef;
    request.imageProperties = { ...check.imageProperties };
    const result = this.deps.scheduler.checkRebuild(request, server.host, this.deps.now());
    if (result.ok)
      return settleConductor(server, this.deps.now(), undefined) ? stepEvent : undefined;
    settleConductor(server, this.deps.now(), failureMessage(result));
    if (result.reason === 'filter-error') return undefined;
    if (check.origImageRef && check.origImageRef !== check.imageRef) {
      server.imageRef = check.origImageRef;
    }
    this.deps.effects.setFault(server, 500, failureMessage(result));
    return 'REBUILD_FAILED';
  }
}

/** MaxRetriesExceeded's message once every alternate host failed. */
function exhausted(server: Server): string {
  return `Exceeded maximum number of retries. Exhausted all hosts available for retrying build failures for instance ${server.id}.`;
}
