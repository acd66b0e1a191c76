import type { SelectionResult } from '../scheduler/index.js';
import type { ConductorDeps } from './conductor-deps.js';
import { conductorAction, conductorFailed } from './conductor-events.js';
import { forcedClaimFailure } from './live-migrate-checks.js';
import { baseRequest, failureMessage, NO_VALID_HOST } from './request-spec.js';
import { flavorResources, isVolumeBacked, type Migration, type Server } from './server.js';

/** MigrationError's text (nova/exception.py), which _live_migrate raises for the unexpected. */
export const MIGRATION_ERROR = 'Migration error: ';

/** {@link scheduleMove}'s answer for an evacuation rebuild_instance does not catch. */
export const UNCAUGHT_BY_REBUILD = '\0uncaught';

/**
 * Places a move (resize, cold or live migration, evacuation): the destination claimed and
 * the migration `migrating`, undefined once placed; else the conductor's exception message
 * (or {@link MIGRATION_ERROR}-prefixed, or {@link UNCAUGHT_BY_REBUILD}), the fault set.
 *
 * @example
 * const failure = scheduleMove(deps, server); // undefined: server.migration.destHost is set
 */
export function scheduleMove(deps: ConductorDeps, server: Server): string | undefined {
  const migration = server.migration;
  if (!migration) return undefined;
  // An evacuation met again once its stopped destination came back: placed already.
  if (migration.kind === 'evacuation' && migration.destHost !== null) return undefined;
  const { effects } = deps;
  if (migration.forced && migration.requestedHost) return claimForced(deps, server, migration);
  const request = baseRequest(deps, server);
  request.resources = flavorResources(migration.newFlavor, isVolumeBacked(server));
  // A resize's request spec carries the new flavor (conductor
  // _get_request_spec_for_cold_migrate): the filters read its name and extra specs.
  request.flavorName = migration.newFlavor.name;
  request.extraSpecs = migration.newFlavor.extraSpecs;
  const sameHostAllowed = migration.kind === 'resize' && deps.config.allowResizeToSameHost;
  if (!sameHostAllowed && migration.sourceHost !== null)
    request.ignoreHosts = [migration.sourceHost];
  // The create-time host does not bind a move; a requested one goes through filters.
  delete request.forcedHost;
  delete request.requestedHost;
  if (migration.requestedHost) request.requestedHost = migration.requestedHost;
  const result = deps.scheduler.select(request, deps.now());
  const dest = result.ok ? result.picks[0]?.[0] : undefined;
  if (dest === undefined) {
    // A failed evacuation ends in ERROR, so its fault shows; a failed resize/migrate
    // keeps its status and the fault stays hidden (§8.2).
    const message = failureMessage(result);
    if (migration.kind === 'evacuation' && escapesRebuildInstance(result)) {
      conductorFailed(conductorAction(server), deps.now(), message);
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
  deps.records.setMigrationStatus(migration, 'migrating');
  deps.scheduler.moveClaim(server.id, migration.id);
  effects.claim(server.id, dest, flavorResources(migration.newFlavor, isVolumeBacked(server)));
  return undefined;
}

/**
 * A forced destination: no scheduler call at all, so no filter (a disabled service, another
 * zone) and no service check here; only Placement's copy of the allocation, whose refusal
 * is NoValidHost with its own reason. The server keeps its state (an evacuation too:
 * `_allocate_for_evacuate_dest_host` puts back the vm_state it had), task None.
 */
function claimForced(
  deps: ConductorDeps,
  server: Server,
  migration: Migration,
): string | undefined {
  const dest = migration.requestedHost!;
  const resources = flavorResources(migration.newFlavor, isVolumeBacked(server));
  if (!deps.scheduler.fits(dest, resources)) {
    const message = forcedClaimFailure(server, dest);
    deps.effects.setFault(server, 500, message);
    return message;
  }
  migration.destHost = dest;
  deps.records.setMigrationStatus(migration, 'migrating');
  deps.scheduler.moveClaim(server.id, migration.id);
  deps.effects.claim(server.id, dest, resources);
  return undefined;
}

/**
 * Before 2.34 the API waits for the conductor's live-migration task, whose scheduler call
 * (`_find_destination`, the source host ignored) raises NoValidHost to the API: its
 * message when no host would take the server now, undefined when one would. Nothing is
 * claimed here; the move's own step schedules as usual. A named host that is not forced
 * (2.30 to 2.33) is the request's destination, through the filters.
 *
 * @example
 * const refused = liveMigrationNoHost(deps, server); // undefined: some host would take it
 */
export function liveMigrationNoHost(
  deps: ConductorDeps,
  server: Server,
  requestedHost?: string,
): { readonly message: string; readonly raised: boolean } | undefined {
  const request = baseRequest(deps, server);
  if (server.host !== null) request.ignoreHosts = [server.host];
  delete request.forcedHost;
  delete request.requestedHost;
  if (requestedHost !== undefined) request.requestedHost = requestedHost;
  const result = deps.scheduler.select(request, deps.now());
  if (result.ok && result.picks[0]?.[0] !== undefined) return undefined;
  return {
    message: failureMessage(result),
    raised: !result.ok && result.reason === 'filter-error',
  };
}

/**
 * Does a failed scheduling leave master's rebuild_instance uncaught? It catches NoValidHost,
 * UnsupportedPolicyException, AllocationUpdateFailed, NotImplementedError and ValueError.
 *
 * @example
 * escapesRebuildInstance({ ok: false, reason: 'filter-error', error: 'KeyError' }); // true
 */
export function escapesRebuildInstance(result: SelectionResult): boolean {
  return !result.ok && result.reason === 'filter-error' && result.error !== 'ValueError';
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
