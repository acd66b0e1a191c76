import { conductorAction, conductorFailed, conductorSucceeded } from './conductor-events.js';
import { openLiveMigrationEvents } from './move-events.js';
import { UNCAUGHT_BY_REBUILD } from './move-scheduling.js';
import type { Server } from './server.js';

/**
 * Closes the conductor's events of the server's last action at a decision: Success and the
 * compute's event opened on the host that runs it, or Error with the failure's message
 * (left alone for {@link UNCAUGHT_BY_REBUILD}: its exception closed them already). True on
 * success.
 *
 * @example
 * if (settleConductor(server, now, scheduleMove(deps, server))) return stepEvent;
 */
export function settleConductor(server: Server, now: number, failure: string | undefined): boolean {
  const action = conductorAction(server);
  if (failure !== undefined) {
    if (failure !== UNCAUGHT_BY_REBUILD) conductorFailed(action, now, failure);
    return false;
  }
  const migration = server.migration;
  if (migration?.kind === 'live-migration' && action !== undefined) {
    conductorSucceeded(action, now, null, false);
    openLiveMigrationEvents(action, now, migration.sourceHost, migration.destHost);
    return true;
  }
  // prep_resize and an evacuation's rebuild run on the destination.
  const host = migration && migration.kind !== 'live-migration' ? migration.destHost : server.host;
  conductorSucceeded(action, now, host);
  return true;
}
