import type { CloudConfig, Quotas } from '../config.js';
import { DEFAULT_CONFIG } from '../config.js';
import { DeletedRows } from './deleted-rows.js';
import { WATCHED } from './periodic.js';
import type { Migration, NewServer, Server } from './server.js';
import type { VmState } from './states.js';

/** Project usage as Nova's quota counts it: servers neither deleted nor soft-deleted. */
export interface Usage {
  instances: number;
  cores: number;
  ram: number;
}

/**
 * Nova's database as the engine keeps it: the instance table and its indexes (usage per
 * project, servers by watched vm_state, archivable deleted rows), migrations, quota
 * overrides and multi-create reservations. It changes rows and keeps its indexes right;
 * it decides nothing and emits nothing.
 *
 * @example
 * const db = new InstanceRecords(config, () => clock.now());
 * db.usageOf('demo'); // { instances: 0, cores: 0, ram: 0 }
 */
export class InstanceRecords {
  readonly servers = new Map<string, Server>();
  /** Every migration record (os-migrations), by uuid in creation order; a move in flight is also its server's `migration`. */
  readonly migrations = new Map<string, Migration>();
  /** os-quota-class-sets: limits set per quota class (`default` is every project's default). */
  readonly classQuotas = new Map<string, Partial<Quotas>>();
  /** Per-project quota overrides (os-quota-sets); others get the config's defaults. */
  readonly projectQuotas = new Map<string, Partial<Quotas>>();
  /** Per-user overrides (os-quota-sets?user_id=), keyed `${projectId}/${userId}`. */
  readonly userQuotas = new Map<string, Partial<Quotas>>();
  /** Server ids by reservation id, for multi-create; kept by the cloud. */
  readonly reservations = new Map<string, string[]>();
  private readonly usage = new Map<string, Usage>();
  private readonly byVmState = new Map<VmState, Set<string>>();
  private readonly deletedRows = new DeletedRows();
  private nextDbId = 1;
  private readonly config: CloudConfig;
  private readonly now: () => number;

  constructor(config: CloudConfig, now: () => number) {
    this.config = config;
    this.now = now;
  }

  // ----- instances -------------------------------------------------------------------

  /** Inserts a new server with its first machine state and the next DB id. */
  insert(server: NewServer, machine: Server['machine']): Server {
    // Completes the caller's fresh object in place (same key order as a spread copy,
    // without copying its ~45 fields, or a temporary object, for every server).
    const record = server as { -readonly [K in keyof Server]: Server[K] };
    record.machine = machine;
    record.dbId = this.nextDbId++;
    this.servers.set(record.id, record);
    if (counts(record)) this.count(record, +1);
    this.index(record, undefined);
    return record;
  }

  /** Re-inserts a server row from a snapshot. */
  restore(server: Server): void {
    this.servers.set(server.id, server);
    this.nextDbId = Math.max(this.nextDbId, server.dbId + 1);
    if (counts(server)) this.count(server, +1);
    this.index(server, undefined);
    if (server.deleted) this.deletedRows.restored(server);
  }

  /** Keeps usage and the vm_state index right after the server's machine changed. */
  changed(server: Server, previous: VmState, wasCounted: boolean): void {
    const nowCounted = counts(server);
    if (wasCounted !== nowCounted) this.count(server, nowCounted ? +1 : -1);
    if (previous !== server.machine.vmState) this.index(server, previous);
  }

  /** Records a soft-deleted-for-good row, so that archiving finds it. */
  markDeleted(server: Server): void {
    this.deletedRows.deleted(server);
  }

  /**
   * Removes the rows deleted before `cutoff` (ms) from the table, telling `archived` of
   * each as it goes (the rest of the table as it stands at that moment).
   */
  archiveDeletedBefore(cutoff: number, archived: (server: Server) => void): void {
    for (const server of this.deletedRows.expired(cutoff)) {
      this.servers.delete(server.id);
      const siblings = this.reservations.get(server.reservationId);
      if (siblings) {
        const rest = siblings.filter((id) => id !== server.id);
        if (rest.length > 0) this.reservations.set(server.reservationId, rest);
        else this.reservations.delete(server.reservationId);
      }
      archived(server);
    }
  }

  /** How many live servers are in a watched vm_state. */
  countInVmState(vmState: VmState): number {
    return this.byVmState.get(vmState)?.size ?? 0;
  }

  /** The live servers in a watched vm_state, in DB order (Nova's query order). */
  inVmState(vmState: VmState): Server[] {
    return [...(this.byVmState.get(vmState) ?? [])]
      .map((id) => this.servers.get(id))
      .filter((server): server is Server => server !== undefined)
      .sort((a, b) => a.dbId - b.dbId);
  }

  // ----- quotas ----------------------------------------------------------------------

  quotasOf(projectId: string): Quotas {
    const own = this.projectQuotas.get(projectId);
    const defaults = this.defaultQuotas();
    return own ? { ...defaults, ...own } : defaults;
  }

  /** Every project's defaults: the config's, overridden by the `default` quota class. */
  defaultQuotas(): Quotas {
    const byClass = this.classQuotas.get('default');
    return byClass ? { ...this.config.quotas, ...byClass } : this.config.quotas;
  }

  usageOf(projectId: string): Usage {
    return { ...(this.usage.get(projectId) ?? { instances: 0, cores: 0, ram: 0 }) };
  }

  /** Applies a flavor change while keeping the project's usage right. */
  recount(server: Server, change: () => void): void {
    const counted = counts(server);
    if (counted) this.count(server, -1);
    change();
    if (counted) this.count(server, +1);
  }

  /** Seconds a deleted row stays before it is archived; negative keeps rows forever. */
  get deletedRetention(): number {
    return this.config.deletedServerRetention ?? DEFAULT_CONFIG.deletedServerRetention;
  }

  // ----- migrations ------------------------------------------------------------------

  /** Adds the server's new migration record (from its current host and flavor), created now. */
  insertMigration(
    server: Server,
    sourceHost: string | null,
    move: Pick<Migration, 'id' | 'kind' | 'newFlavor' | 'requestedHost'>,
  ): Migration {
    const migration: Migration = {
      id: move.id,
      dbId: this.migrations.size + 1,
      serverId: server.id,
      userId: server.userId,
      projectId: server.projectId,
      kind: move.kind,
      sourceHost,
      destHost: null,
      oldFlavor: server.flavor,
      newFlavor: move.newFlavor,
      // The API saves an evacuation as `accepted` (compute/api.py evacuate), as the
      // conductor does a live migration; MigrationTask saves a resize `pre-migrating`.
      status: move.kind === 'resize' || move.kind === 'migration' ? 'pre-migrating' : 'accepted',
      requestedHost: move.requestedHost,
      createdAt: this.now(),
      updatedAt: null,
    };
    this.migrations.set(migration.id, migration);
    return migration;
  }

  /** Restores the migration records; a server's move in flight stays the same object. */
  restoreMigrations(migrations: readonly Migration[]): void {
    for (const record of migrations) {
      const live = this.servers.get(record.serverId)?.migration;
      this.migrations.set(record.id, live?.id === record.id ? live : record);
    }
  }

  /** Moves a migration record to a new status; Nova's `save()` stamps `updated_at`. */
  setMigrationStatus(migration: Migration, status: string): void {
    migration.status = status;
    migration.updatedAt = this.now();
  }

  // ----- indexes ---------------------------------------------------------------------

  private index(server: Server, previous: VmState | undefined): void {
    if (previous !== undefined && WATCHED.has(previous))
      this.byVmState.get(previous)?.delete(server.id);
    const vmState = server.machine.vmState;
    if (!WATCHED.has(vmState) || server.deleted) return;
    let ids = this.byVmState.get(vmState);
    if (!ids) this.byVmState.set(vmState, (ids = new Set()));
    ids.add(server.id);
  }

  /**
   * Adds (+1) or takes away (-1) the server's flavor from its project's usage. The caller
   * decides whether the server counts: when it stops counting (deleted, soft-deleted) it
   * must still be taken away, so this must not look at `counts(server)` itself.
   */
  private count(server: Server, sign: 1 | -1): void {
    let usage = this.usage.get(server.projectId);
    if (!usage) this.usage.set(server.projectId, (usage = { instances: 0, cores: 0, ram: 0 }));
    usage.instances += sign;
    usage.cores += sign * server.flavor.vcpus;
    usage.ram += sign * server.flavor.ram;
  }
}

/** Nova's quota counts servers that are neither deleted nor soft-deleted. */
export function counts(server: Server): boolean {
  return (
    !server.deleted &&
    server.machine.vmState !== 'soft-delete' &&
    server.machine.vmState !== 'deleted'
  );
}
