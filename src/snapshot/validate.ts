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

/**
 * Checks a snapshot before a cloud is built from it: its version, the shape and types of
 * its Nova parts (JSON Schema), then what a schema cannot say: unique server ids and row
 * ids, machine states that exist, hosts that exist, and claims that belong to a server or
 * its move. Throws a {@link SnapshotError} naming the first problem.
 *
 * @example
 * validateSnapshot(JSON.parse(text)); // throws SnapshotError('snapshot version 2 is not supported …')
 */
export function validateSnapshot(snapshot: unknown): void {
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
  const s = snapshot as unknown as {
    servers: ServerLike[];
    scheduler: {
      hosts: { spec: { name: string } }[];
      claims: { consumerId: string; host: string }[];
    };
    clock: { timers: { id: number }[] };
  };
  const hosts = new Set<string>();
  for (const h of s.scheduler.hosts) {
    if (hosts.has(h.spec.name))
      throw new SnapshotError(`Invalid snapshot: duplicate host ${h.spec.name}`);
    hosts.add(h.spec.name);
  }
  const ids = new Set<string>();
  const dbIds = new Set<number>();
  const consumers = new Map<string, Set<string>>();
  const timers = new Set(s.clock.timers.map((t) => t.id));
  s.servers.forEach((server, i) => {
    const at = `Invalid snapshot: server ${i} (${server.id})`;
    if (ids.has(server.id))
      throw new SnapshotError(`Invalid snapshot: duplicate server id ${server.id}`);
    ids.add(server.id);
    if (dbIds.has(server.dbId)) throw new SnapshotError(`${at} repeats row id ${server.dbId}`);
    dbIds.add(server.dbId);
    const { value } = server.machine;
    const vmState = typeof value === 'string' ? value : Object.keys(value as object)[0];
    if (vmState === undefined || !VM.has(vmState)) {
      throw new SnapshotError(
        `${at} is in vm_state ${JSON.stringify(vmState)}, which does not exist`,
      );
    }
    if (server.host !== null && !hosts.has(server.host)) {
      throw new SnapshotError(`${at} runs on host ${server.host}, which is not in the snapshot`);
    }
    const pending = (server as { pending?: { timerId: number } }).pending;
    if (pending && !timers.has(pending.timerId)) {
      throw new SnapshotError(`${at} waits on timer ${pending.timerId}, which is not in the clock`);
    }
    const held = new Set<string>();
    if (!server.deleted && server.host !== null) held.add(server.host);
    consumers.set(server.id, held);
    if (server.migration) {
      const moveHosts = new Set([server.migration.sourceHost]);
      if (server.migration.destHost !== null) moveHosts.add(server.migration.destHost);
      for (const h of moveHosts) held.add(h);
      consumers.set(server.migration.id, moveHosts);
    }
  });
  for (const claim of s.scheduler.claims) {
    if (!hosts.has(claim.host)) {
      throw new SnapshotError(
        `Invalid snapshot: a claim of ${claim.consumerId} is on host ${claim.host}, which is not in the snapshot`,
      );
    }
    if (!consumers.has(claim.consumerId)) {
      throw new SnapshotError(
        `Invalid snapshot: host ${claim.host} holds a claim of ${claim.consumerId}, which is no server or move in the snapshot (usage does not add up)`,
      );
    }
  }
}
