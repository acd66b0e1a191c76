import { Ajv, type ValidateFunction } from 'ajv';
import type { Compute } from '../compute/compute.js';
import type { MachineState } from '../compute/machine-runner.js';
import type { Server } from '../compute/server.js';
import type { Claim, Resources, Scheduler } from '../scheduler/index.js';
import type { DecodedBlock } from './column-decode.js';
import { type EncodedBlock, encodeBlock, encodeRows } from './columns.js';
import { rowBuilder } from './record-builder.js';
import { SNAPSHOT_SCHEMA } from './schema.js';
import type { ServerOrdinals } from './server-ordinals.js';
import { type ServerChecker, SnapshotError } from './validate.js';

const serverSchema = SNAPSHOT_SCHEMA.properties.servers.items;
const ajv = new Ajv({ allErrors: false, strict: false });
const REQUIRED: readonly string[] = serverSchema.required;
const CHECKS = new Map<string, ValidateFunction>(
  Object.entries(serverSchema.properties).map(([key, schema]) => [key, ajv.compile(schema)]),
);
/**
 * Values no code changes in place (a flavor is replaced whole on resize; a machine state is
 * resolved to an interned one), so restored servers may share them; all others are copied.
 */
const SHARED = new Set(['flavor', 'machine']);

function machineJSON(state: MachineState): unknown {
  return { value: state.snapshot.value, context: { ...state.snapshot.context } };
}

/**
 * Encodes servers as `cloud.snapshot()` shows them (machine as JSON, then `pending` and
 * `stalled` when set) into detached blocks of `blockRows`.
 *
 * @example
 * const blocks = encodeServers(cloud.compute, [...cloud.compute.servers.values()], 16_384);
 */
export function encodeServers(
  compute: Compute,
  servers: readonly Server[],
  blockRows: number,
): EncodedBlock[] {
  const encode = serverBlockEncoder(compute);
  const blocks: EncodedBlock[] = [];
  for (let start = 0; start < servers.length; start += blockRows) {
    blocks.push(encode(servers.slice(start, start + blockRows)));
  }
  return blocks;
}

/**
 * Encodes one block of servers at a time, as {@link encodeServers} does (a long save can
 * then pause between blocks).
 *
 * @example
 * const encode = serverBlockEncoder(cloud.compute);
 * const block = encode(servers.slice(0, 4096));
 */
export function serverBlockEncoder(compute: Compute): (servers: readonly Server[]) => EncodedBlock {
  const machines = new Map<MachineState, unknown>();
  const readValue = (record: object, key: string): unknown => {
    const value = (record as Record<string, unknown>)[key];
    if (key !== 'machine') return value;
    const state = value as MachineState;
    let json = machines.get(state);
    if (json === undefined) machines.set(state, (json = machineJSON(state)));
    return json;
  };
  const extras = (record: object) => {
    const server = record as Server;
    const pending = compute.pendingOf(server.id);
    const stalled = compute.stalledEventOf(server);
    if (!pending && !stalled) return undefined;
    const more: [string, unknown][] = [];
    if (pending) more.push(['pending', pending]);
    if (stalled) more.push(['stalled', stalled]);
    return more;
  };
  return (servers) => encodeBlock(servers, readValue, extras);
}

/** How one kind of record is checked: a validator per key and the keys it must have. */
interface RecordRules {
  readonly checks: ReadonlyMap<string, ValidateFunction>;
  readonly required: readonly string[];
  /** Keys whose values records may share (never changed in place). */
  readonly shared: ReadonlySet<string>;
}

const SERVER_RULES: RecordRules = { checks: CHECKS, required: REQUIRED, shared: SHARED };

const claimSchema = SNAPSHOT_SCHEMA.properties.scheduler.properties.claims.items;
const CLAIM_RULES: RecordRules = {
  checks: new Map(
    Object.entries(claimSchema.properties).map(([key, schema]) => [key, ajv.compile(schema)]),
  ),
  required: claimSchema.required,
  shared: new Set(),
};

/**
 * Checks a block's values (each distinct value once against its schema, each shape for the
 * required keys), then builds the records, each with its own copy of any shared value.
 */
function readRecords(block: DecodedBlock, at: string, rules: RecordRules): object[] {
  block.shapes.forEach((keys, i) => {
    for (const key of rules.required)
      if (!keys.includes(key))
        throw new SnapshotError(`Invalid snapshot: ${at} shape ${i} has no '${key}'`);
  });
  for (const [key, column] of block.columns) {
    const check = rules.checks.get(key);
    if (!check) continue;
    column.values.forEach((value, i) => {
      if (!check(value)) {
        const error = check.errors![0]!;
        throw new SnapshotError(
          `Invalid snapshot: ${at} column ${key} value ${i}${error.instancePath} ${error.message ?? 'is invalid'}`,
        );
      }
    });
  }
  const records: object[] = new Array(block.rows);
  const builders = block.shapes.map((keys) =>
    rowBuilder(
      keys,
      keys.map((key) => block.columns.get(key)!),
      keys.map((key) => !rules.shared.has(key)),
    ),
  );
  const { shapeOf } = block;
  if (builders.length === 1) {
    const build = builders[0]!;
    for (let row = 0; row < block.rows; row++) records[row] = build(row);
  } else {
    for (let row = 0; row < block.rows; row++) records[row] = builders[shapeOf[row]!]!(row);
  }
  return records;
}

/** A block of servers read and checked, each against the others read so far. */
export function readServers(
  block: DecodedBlock,
  at: string,
  firstIndex: number,
  checker: ServerChecker,
): object[] {
  const servers = readRecords(block, at, SERVER_RULES);
  servers.forEach((server, i) => {
    checker.add(server, firstIndex + i);
  });
  return servers;
}

/** A block of Placement claims read and checked (their owners are checked at the end). */
export function readClaims(block: DecodedBlock, at: string): Claim[] {
  return readRecords(block, at, CLAIM_RULES) as Claim[];
}

/** The keys of a claim, in the order `{ consumerId, host, resources }` lists them. */
const CLAIM_KEYS = ['consumerId', 'host', 'resources'] as const;

/**
 * The scheduler's claims as detached blocks, in the ledger's own order: read into three
 * columns, not an object per claim (the same lines as {@link encodeClaimBlock}).
 */
export function encodeClaims(
  scheduler: Scheduler,
  blockRows: number,
  servers?: ServerOrdinals,
): EncodedBlock[] {
  const columns: [string[], string[], Resources[]] = [[], [], []];
  const [consumers, hosts, resources] = columns;
  scheduler.eachClaim((consumerId, host, held) => {
    consumers.push(consumerId);
    hosts.push(host);
    resources.push(held);
  });
  const blocks: EncodedBlock[] = [];
  for (let start = 0; start < consumers.length; start += blockRows) {
    const size = Math.min(blockRows, consumers.length - start);
    blocks.push(encodeRows(size, CLAIM_KEYS, (row, k) => columns[k]![start + row], servers?.refs));
  }
  return blocks;
}

/** The scheduler's claims, in the ledger's own order, detached from it. */
export function listClaims(scheduler: Scheduler): Claim[] {
  const claims: Claim[] = [];
  scheduler.eachClaim((consumerId, host, resources) => {
    claims.push({ consumerId, host, resources });
  });
  return claims;
}

const plain = (record: object, key: string) => (record as Record<string, unknown>)[key];

/** One block of claims (consumers as positions among `servers` where they are theirs). */
export function encodeClaimBlock(claims: readonly Claim[], servers?: ServerOrdinals): EncodedBlock {
  return encodeBlock(claims, plain, undefined, servers?.refs);
}
