import type { HostRecord } from './host.js';
import { type HostStateValue, hostStateAttribute } from './host-state.js';
import type { SelectionContext } from './selection-context.js';

/**
 * JsonFilter (nova/scheduler/filters/json_filter.py): the `query` scheduler hint, a
 * JSON list such as `[">=", "$free_ram_mb", 1024]`, evaluated against the host's
 * HostState with Python's comparison and truth rules. Where Python would raise (an
 * unknown operator, comparing a string with a number, malformed JSON) Nova's whole
 * scheduling call fails; here the host fails instead.
 */

type Value = HostStateValue | boolean | null | readonly Value[];

class QueryError extends Error {}

function truthy(v: Value): boolean {
  if (Array.isArray(v)) return v.length > 0;
  if (v !== null && typeof v === 'object') return Object.keys(v).length > 0;
  return Boolean(v);
}

function isNumber(v: Value): v is number | boolean {
  return typeof v === 'number' || typeof v === 'boolean';
}

function equals(a: Value, b: Value): boolean {
  if (isNumber(a) && isNumber(b)) return Number(a) === Number(b);
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((x, i) => equals(x, b[i]!));
  }
  if (typeof a === 'object' && typeof b === 'object' && a !== null && b !== null) {
    return JSON.stringify(a) === JSON.stringify(b);
  }
  return a === b;
}

/** Python's ordering: numbers with numbers, strings with strings; anything else raises. */
function order(a: Value, b: Value): number {
  if (isNumber(a) && isNumber(b)) return Number(a) - Number(b);
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  throw new QueryError('unorderable types');
}

function compareAll(args: Value[], test: (a: Value, b: Value) => boolean): boolean {
  if (args.length < 2) return false;
  const [first, ...rest] = args;
  return rest.every((arg) => test(first!, arg));
}

const COMMANDS: Readonly<Record<string, (args: Value[]) => Value>> = {
  '=': (args) => compareAll(args, equals),
  '<': (args) => compareAll(args, (a, b) => order(a, b) < 0),
  '>': (args) => compareAll(args, (a, b) => order(a, b) > 0),
  '<=': (args) => compareAll(args, (a, b) => order(a, b) <= 0),
  '>=': (args) => compareAll(args, (a, b) => order(a, b) >= 0),
  in: (args) => args.length >= 2 && args.slice(1).some((arg) => equals(args[0]!, arg)),
  not: (args) => args.map((arg) => !truthy(arg)),
  or: (args) => args.some(truthy),
  and: (args) => args.every(truthy),
};

/** `_parse_string`: `$attr.key` looks the host up; an empty string is None. */
function parseString(text: string, host: HostRecord, ctx: SelectionContext): Value {
  if (text === '') return null;
  if (!text.startsWith('$')) return text;
  const [first, ...rest] = text.slice(1).split('.');
  const picks = ctx.picks.get(host) ?? 0;
  const used = ctx.consumed.get(host);
  let value: Value | undefined = hostStateAttribute(host, first!, {
    instances: picks,
    ioOps: picks,
    vcpus: used?.vcpus ?? 0,
    memoryMb: used?.memoryMb ?? 0,
    diskGb: used?.diskGb ?? 0,
  });
  if (value === undefined) return null;
  for (const key of rest) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw new QueryError('no .get on a non-dict');
    }
    const dict = value as Record<string, HostStateValue>;
    value = Object.hasOwn(dict, key) ? dict[key] : undefined;
    if (value === undefined) return null;
  }
  return value;
}

function evaluate(query: Value, host: HostRecord, ctx: SelectionContext): Value {
  if (!truthy(query)) return true;
  if (!Array.isArray(query)) throw new QueryError('a query is a list');
  const [cmd, ...args] = query;
  const method = typeof cmd === 'string' && Object.hasOwn(COMMANDS, cmd) ? COMMANDS[cmd] : null;
  if (!method) throw new QueryError(`unknown command ${String(cmd)}`);
  const cooked: Value[] = [];
  for (let arg of args as Value[]) {
    if (Array.isArray(arg)) arg = evaluate(arg, host, ctx);
    else if (typeof arg === 'string') arg = parseString(arg, host, ctx);
    if (arg !== null) cooked.push(arg);
  }
  return method(cooked);
}

/** Does the host satisfy the request's `query` hint (none: every host does)? */
export function jsonQueryPasses(host: HostRecord, ctx: SelectionContext): boolean {
  const query = ctx.request.query;
  if (!query) return true;
  try {
    const result = evaluate(JSON.parse(query) as Value, host, ctx);
    return Array.isArray(result) ? result.some(truthy) : truthy(result);
  } catch {
    return false;
  }
}
