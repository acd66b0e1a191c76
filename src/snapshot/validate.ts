import { Ajv, type ErrorObject } from 'ajv';
import { VM_STATES } from '../compute/states.js';
import { SNAPSHOT_SCHEMA } from './schema.js';

/** A snapshot that cannot be restored: the message names the first thing wrong. */
export class SnapshotError extends RangeError {
  /** A state the server machine does not have, found when the machine is resolved. */
  static unknownState(serverId: string, value: unknown, reason: string): SnapshotError {
    return new SnapshotError(
      `Invalid snapshot: server ${serverId} is in machine state ${JSON.stringify(value)}, which does not exist (${reason})`,
    );
  }

  override readonly name = 'SnapshotError';
}

/** Also true for a SnapshotError from another realm or copy of this module. */
export function isSnapshotError(value: unknown): value is SnapshotError {
  return value instanceof Error && value.name === 'SnapshotError';
}

const ajv = new Ajv({ allErrors: false, strict: false });
const checkShape = ajv.compile(SNAPSHOT_SCHEMA);

function describe(error: ErrorObject): string {
  const at = error.instancePath === '' ? 'the snapshot' : error.instancePath;
  return `${at} ${error.message ?? 'is invalid'}`;
}

interface ServerLike {
  id: string;
  dbId: number;
  deleted: boolean;
  host: string | null;
  flavor: { vcpus: number; ram: number; disk: number };
  machine: { value: unknown };
  migration: { id: string; sourceHost: string; destHost: string | null } | null;
}

const VM = new Set<string>(VM_STATES);

// Built only on a failure: a message (or a closure) per server cost more than the checks.
const where = (server: ServerLike, i: number) => `Invalid snapshot: server ${i} (${server.id})`;

/** Throws unless the value is an object of version 1 whose Nova parts match the schema. */
export function checkSnapshotShape(snapshot: unknown): void {
  if (typeof snapshot !== 'object' || snapshot === null || Array.isArray(snapshot)) {
    throw new SnapshotError('Invalid snapshot: not a JSON object');
  }
  const version = (snapshot as { version?: unknown }).version;
  if (version !== 1) {
    throw new SnapshotError(
      `Invalid snapshot: version ${JSON.stringify(version)} is not supported (this nova-sim reads version 1)`,
    );
  }
  if (!checkShape(snapshot)) {
    throw new SnapshotError(`Invalid snapshot: ${describe(checkShape.errors![0]!)}`);
  }
}

interface ClaimLike {
  consumerId: string;
  host: string;
}

interface SnapshotParts {
  scheduler: {
    hosts: { spec: { name: string } }[];
    claims: ClaimLike[];
  };
  clock: { timers: { id: number }[] };
}

/**
 * What a schema cannot say, checked one server at a time (so a streamed restore checks as
 * it reads): unique server and row ids, machine states that exist, hosts that exist, and,
 * at the end, claims that belong to a server or its move.
 *
 * @example
 * const check = new ServerChecker(header);
 * servers.forEach((s, i) => check.add(s, i));
 * check.finish();
 */
export class ServerChecker {
  private readonly hosts = new Set<string>();
  private readonly ids = new Set<string>();
  private readonly dbIds = new Set<number>();
  /** Moves in flight: a claim may belong to one (the servers' own ids are in `ids`). */
  private readonly moves = new Set<string>();
  private lastState: unknown;
  private readonly timers: Set<number>;
  /** Claims to check at the end, each list with the only consumers it needs to look up. */
  private readonly claims: { list: ClaimLike[]; unplaced: ReadonlySet<unknown> | undefined }[];

  constructor(snapshot: object) {
    const s = snapshot as SnapshotParts;
    for (const h of s.scheduler.hosts) {
      if (this.hosts.has(h.spec.name))
        throw new SnapshotError(`Invalid snapshot: duplicate host ${h.spec.name}`);
      this.hosts.add(h.spec.name);
    }
    this.timers = new Set(s.clock.timers.map((t) => t.id));
    this.claims = [{ list: s.scheduler.claims, unplaced: undefined }];
  }

  /**
   * More claims to check at the end (a streamed snapshot lists them apart). With
   * `unplaced`, the claims' consumers are servers already read except those it holds
   * (claims of version 2 name servers by position), and only those are looked up.
   */
  addClaims(claims: ClaimLike[], unplaced?: ReadonlySet<unknown>): void {
    this.claims.push({ list: claims, unplaced });
  }

  add(value: object, i: number): void {
    const server = value as ServerLike;
    const { ids, dbIds } = this;
    const size = ids.size;
    if (ids.add(server.id).size === size)
      throw new SnapshotError(`Invalid snapshot: duplicate server id ${server.id}`);
    const rows = dbIds.size;
    if (dbIds.add(server.dbId).size === rows)
      throw new SnapshotError(`${where(server, i)} repeats row id ${server.dbId}`);
    const { value: state } = server.machine;
    // A streamed restore hands runs of servers one shared machine value: check it once.
    if (state !== this.lastState) {
      const vmState = typeof state === 'string' ? state : Object.keys(state as object)[0];
      if (vmState === undefined || !VM.has(vmState)) {
        throw new SnapshotError(
          `${where(server, i)} is in vm_state ${JSON.stringify(vmState)}, which does not exist`,
        );
      }
      this.lastState = state;
    }
    if (server.host !== null && !this.hosts.has(server.host)) {
      throw new SnapshotError(
        `${where(server, i)} runs on host ${server.host}, which is not in the snapshot`,
      );
    }
    const pending = (server as { pending?: { timerId: number } }).pending;
    if (pending && !this.timers.has(pending.timerId)) {
      throw new SnapshotError(
        `${where(server, i)} waits on timer ${pending.timerId}, which is not in the clock`,
      );
    }
    if (server.migration) this.moves.add(server.migration.id);
  }

  finish(): void {
    for (const { list, unplaced } of this.claims) {
      for (const claim of list) {
        if (!this.hosts.has(claim.host)) {
          throw new SnapshotError(
            `Invalid snapshot: a claim of ${claim.consumerId} is on host ${claim.host}, which is not in the snapshot`,
          );
        }
        if (unplaced !== undefined && (unplaced.size === 0 || !unplaced.has(claim.consumerId)))
          continue;
        if (!this.ids.has(claim.consumerId) && !this.moves.has(claim.consumerId)) {
          throw new SnapshotError(
            `Invalid snapshot: host ${claim.host} holds a claim of ${claim.consumerId}, which is no server or move in the snapshot (usage does not add up)`,
          );
        }
      }
    }
  }
}

/**
 * Checks a snapshot before a cloud is built from it: its version, the shape and types of
 * its Nova parts (JSON Schema), then what a schema cannot say (see {@link ServerChecker}).
 * Throws a {@link SnapshotError} naming the first problem.
 *
 * @example
 * validateSnapshot(JSON.parse(text)); // throws SnapshotError('snapshot version 2 is not supported …')
 */
export function validateSnapshot(snapshot: unknown): void {
  checkSnapshotShape(snapshot);
  const s = snapshot as { servers: object[] };
  const check = new ServerChecker(s);
  s.servers.forEach((server, i) => {
    check.add(server, i);
  });
  check.finish();
}
