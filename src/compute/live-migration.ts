import { NovaError } from '../errors/nova-error.js';
import { type ActionRule, checkAction, checkSubject } from './action-rules.js';
import type { Compute } from './compute.js';
import { type Caller, recordAction } from './operations.js';
import type { Migration, Server } from './server.js';

/** `live_migrate_force_complete`: lock, then vm_state active and task_state migrating. */
const FORCE_COMPLETE: ActionRule = {
  name: 'force_complete',
  lockChecked: true,
  vmStates: ['active'],
  taskStates: ['migrating'],
  mustHaveLaunched: true,
  host: 'none',
  hostCheckFirst: false,
  lockMessage: 'locked',
};

/** `live_migrate_abort`: lock, then task_state migrating; a lock reads as an invalid state. */
const ABORT: ActionRule = {
  ...FORCE_COMPLETE,
  name: 'abort live migration',
  vmStates: 'any',
  lockMessage: 'invalid-state',
};

/** Statuses of a live migration in progress (`migration_get_in_progress_by_instance`). */
export const LIVE_IN_PROGRESS: readonly string[] = [
  'queued',
  'preparing',
  'running',
  'post-migrating',
];

function subject(compute: Compute, server: Server, caller: Caller, rule: ActionRule): void {
  const refusal = checkAction(rule, checkSubject(server), {
    isAdmin: caller.isAdmin,
    hostUp: compute.isHostUp(server.host),
  });
  if (refusal) throw refusal;
}

/** `Migration.get_by_id_and_instance`: 404 unless the record is this server's. */
export function migrationOf(compute: Compute, server: Server, id: number): Migration {
  for (const migration of compute.migrations.values()) {
    if (migration.dbId === id && migration.serverId === server.id) return migration;
  }
  throw NovaError.notFound(`Migration ${id} not found for instance ${server.id}`);
}

function invalidState(migration: Migration, server: Server, method: string): NovaError {
  return NovaError.badRequest(
    `Migration ${migration.dbId} state of instance ${server.id} is ${migration.status}. Cannot ${method} while the migration is in this state.`,
  );
}

/**
 * POST /servers/{id}/migrations/{mid}/action force_complete: the running live migration
 * finishes now (the compute switches the guest over at once).
 */
export function forceComplete(compute: Compute, server: Server, caller: Caller, id: number): void {
  subject(compute, server, caller, FORCE_COMPLETE);
  const migration = migrationOf(compute, server, id);
  if (migration.status !== 'running') throw invalidState(migration, server, 'force complete');
  recordAction(compute, server, caller, 'live_migration_force_complete');
  if (server.migration === migration) compute.runPendingNow(server);
}

/**
 * DELETE /servers/{id}/migrations/{mid}: the live migration stops; the server stays on its
 * source, task None, and the record reads `cancelled`. `queued` and `preparing` can be
 * aborted from 2.65.
 */
export function abortLiveMigration(
  compute: Compute,
  server: Server,
  caller: Caller,
  id: number,
  inQueueToo: boolean,
): void {
  subject(compute, server, caller, ABORT);
  const migration = migrationOf(compute, server, id);
  const allowed = inQueueToo ? ['running', 'queued', 'preparing'] : ['running'];
  if (!allowed.includes(migration.status)) {
    throw invalidState(migration, server, 'abort live migration');
  }
  recordAction(compute, server, caller, 'live_migration_cancel');
  if (server.migration === migration) compute.trySend(server, 'MOVE_FAILED');
  compute.setMigrationStatus(migration, 'cancelled');
}
