import { Ajv, type ValidateFunction } from 'ajv';
import type { Compute } from '../compute/compute.js';
import type { MachineState } from '../compute/machine-runner.js';
import type { Server } from '../compute/server.js';
import type { DecodedBlock } from './column-decode.js';
import { type EncodedBlock, encodeBlock } from './columns.js';
import { copyPlain } from './copy.js';
import { SNAPSHOT_SCHEMA } from './schema.js';
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
  const blocks: EncodedBlock[] = [];
  for (let start = 0; start < servers.length; start += blockRows) {
    blocks.push(encodeBlock(servers.slice(start, start + blockRows), readValue, extras));
  }
  return blocks;
}

/**
 * Checks a block's server values (each distinct value once against its schema, each shape
 * for the required keys), then builds the server records and runs the cross-checks.
 */
export function readServers(
  block: DecodedBlock,
  at: string,
  firstIndex: number,
  checker: ServerChecker,
): object[] {
  block.shapes.forEach((keys, i) => {
    for (const key of REQUIRED)
      if (!keys.includes(key))
        throw new SnapshotError(`Invalid snapshot: ${at} shape ${i} has no '${key}'`);
  });
  for (const [key, column] of block.columns) {
    const check = CHECKS.get(key);
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
  const servers: object[] = new Array(block.rows);
  const columns = block.shapes.map((keys) => keys.map((key) => block.columns.get(key)!));
  const copies = block.shapes.map((keys) => keys.map((key) => !SHARED.has(key)));
  for (let row = 0; row < block.rows; row++) {
    const shape = block.shapeOf[row]!;
    const keys = block.shapes[shape]!;
    const cols = columns[shape]!;
    const copy = copies[shape]!;
    const server: Record<string, unknown> = {};
    for (let k = 0; k < keys.length; k++) {
      const column = cols[k]!;
      const value = column.index === null ? column.values[row] : column.values[column.index[row]!];
      // A value many rows share is copied for each, so no two servers hold one object.
      server[keys[k]!] = column.index !== null && copy[k] ? copyPlain(value) : value;
    }
    checker.add(server, firstIndex + row);
    servers[row] = server;
  }
  return servers;
}
