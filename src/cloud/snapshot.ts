import type { CatalogSnapshot } from '../catalog/catalog.js';
import type { ClockSnapshot } from '../clock/virtual-clock.js';
import type { Compute } from '../compute/compute.js';
import type { MachineRunner, MachineStateJSON } from '../compute/machine-runner.js';
import type { Migration, Server } from '../compute/server.js';
import type { CloudConfig, Quotas } from '../config.js';
import type { FaultsSnapshot } from '../faults/fault-rules.js';
import type { RandomState } from '../random/prng.js';
import type { SchedulerSnapshot } from '../scheduler/index.js';
import type { ServiceName } from '../service/contract.js';
import { copyPlain } from '../snapshot/copy.js';
import { SnapshotError } from '../snapshot/validate.js';

export interface ServerSnapshot extends Omit<Server, 'machine'> {
  readonly machine: MachineStateJSON;
  readonly pending?: { timerId: number; event: string; startedAt: number; dueAt: number };
  readonly stalled?: string;
}

/** Plain JSON of a whole cloud; `createCloud({ restore })` resumes it exactly. */
export interface CloudSnapshot {
  readonly version: 1;
  readonly config: CloudConfig;
  readonly clock: ClockSnapshot;
  readonly random: RandomState;
  readonly scheduler: SchedulerSnapshot;
  readonly faults: FaultsSnapshot;
  readonly catalog: CatalogSnapshot;
  readonly servers: readonly ServerSnapshot[];
  readonly reservations: readonly [string, string[]][];
  readonly projectQuotas: readonly [string, Partial<Quotas>][];
  readonly userQuotas?: readonly [string, Partial<Quotas>][];
  /** os-quota-class-sets values (absent when none were set). */
  readonly classQuotas?: readonly [string, Partial<Quotas>][];
  /** os-migrations records (absent when there are none). */
  readonly migrations?: readonly Migration[];
  /** Each neighbour service's own snapshot, by name. */
  readonly services?: Readonly<Partial<Record<ServiceName, unknown>>>;
}

type ComputeTables = Pick<
  CloudSnapshot,
  'reservations' | 'projectQuotas' | 'userQuotas' | 'classQuotas' | 'migrations'
>;

/** Each server as plain JSON, with its machine state and the timed step it waits on. */
export function serverSnapshots(compute: Compute, runner: MachineRunner): ServerSnapshot[] {
  const servers: ServerSnapshot[] = [];
  for (const server of compute.servers.values()) {
    const pending = compute.pendingOf(server.id);
    const stalled = compute.stalledEventOf(server);
    servers.push(
      copyPlain({
        ...server,
        machine: runner.toJSON(server.machine),
        ...(pending ? { pending } : {}),
        ...(stalled ? { stalled } : {}),
      }),
    );
  }
  return servers;
}

/** Nova's tables beside the servers: server groups' members, quotas and migrations. */
export function computeTables(compute: Compute): ComputeTables {
  return {
    reservations: [...compute.reservations].map(([id, members]) => [id, [...members]]),
    projectQuotas: [...compute.projectQuotas].map(([id, quotas]) => [id, { ...quotas }]),
    userQuotas: [...compute.userQuotas].map(([id, quotas]) => [id, { ...quotas }]),
    ...(compute.classQuotas.size > 0
      ? {
          classQuotas: [...compute.classQuotas].map(([name, quotas]): [string, Partial<Quotas>] => [
            name,
            { ...quotas },
          ]),
        }
      : {}),
    ...(compute.migrations.size > 0
      ? { migrations: structuredClone([...compute.migrations.values()]) }
      : {}),
  };
}

/**
 * Puts a snapshot's servers and tables back into `compute`. `owned` says the server list came
 * from a checked streamed restore (src/snapshot) and may be adopted without copying.
 */
export function restoreCompute(
  compute: Compute,
  runner: MachineRunner,
  restore: CloudSnapshot,
  owned: boolean,
): void {
  for (const entry of restore.servers) restoreServer(compute, runner, entry, owned);
  compute.restoreMigrations(structuredClone(restore.migrations ?? []));
  for (const [name, quotas] of restore.classQuotas ?? [])
    compute.classQuotas.set(name, { ...quotas });
  for (const [id, members] of restore.reservations) compute.reservations.set(id, [...members]);
  for (const [id, quotas] of restore.projectQuotas ?? [])
    compute.projectQuotas.set(id, { ...quotas });
  for (const [id, quotas] of restore.userQuotas ?? []) compute.userQuotas.set(id, { ...quotas });
}

function restoreServer(
  compute: Compute,
  runner: MachineRunner,
  entry: ServerSnapshot,
  owned: boolean,
): void {
  const resolve = (json: MachineStateJSON) => {
    try {
      return runner.fromJSON(json);
    } catch (error) {
      throw SnapshotError.unknownState(entry.id, json.value, String(error));
    }
  };
  if (owned && entry.pending === undefined && entry.stalled === undefined) {
    // The record is already this cloud's own: only its machine state needs resolving.
    const server = entry as unknown as Server;
    server.machine = resolve(entry.machine);
    compute.restoreServer(server, undefined, undefined);
    return;
  }
  const { pending, stalled, ...rest } = owned ? entry : copyPlain(entry);
  // Overriding `machine` in place keeps the key order, so a restored cloud's snapshot is
  // byte-identical to the one it came from.
  const server: Server = { ...rest, machine: resolve(rest.machine) };
  compute.restoreServer(server, pending, stalled);
}
