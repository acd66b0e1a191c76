import { FilterCrash } from './filter-crash.js';
import type { HostRecord } from './host.js';
import { type HostStateValue, hostStateAttribute } from './host-state.js';
import type { SelectionContext } from './selection-context.js';

/**
 * JsonFilter (nova/scheduler/filters/json_filter.py): the `query` scheduler hint, JSON
 * such as `[">=", "$free_ram_mb", 1024]`, evaluated against the host's HostState with
 * Python's comparison and truth rules. Where Python raises (malformed JSON, an unknown
 * operator, ordering a string against a number, `.get` on a value that is no dict) the
 * filter raises too: a {@link FilterCrash}, which fails the whole scheduling call as it
 * does in Nova master.
 */

/** A decoded JSON value or a HostState value, as the filter's Python sees it. */
type Value = HostStateValue | boolean | null | readonly Value[] | { readonly [key: string]: Value };

function isList(v: Value): v is readonly Value[] {
  return Array.isArray(v);
}

function isDict(v: Value): v is { readonly [key: string]: Value } {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Python's `bool()` (NaN is true there). */
function truthy(v: Value): boolean {
  if (isList(v)) return v.length > 0;
  if (isDict(v)) return Object.keys(v).length > 0;
  if (typeof v === 'number') return v !== 0;
  return Boolean(v);
}

/** int, float and bool compare with each other in Python. */
function isNumber(v: Value): v is number | boolean {
  return typeof v === 'number' || typeof v === 'boolean';
}

/** Python's `==` (never raises). */
function equals(a: Value, b: Value): boolean {
  if (isNumber(a) && isNumber(b)) return Number(a) === Number(b);
  if (isList(a) && isList(b)) return a.length === b.length && a.every((x, i) => equals(x, b[i]!));
  if (isDict(a) && isDict(b)) {
    const keys = Object.keys(a);
    return (
      keys.length === Object.keys(b).length &&
      keys.every((k) => Object.hasOwn(b, k) && equals(a[k]!, b[k]!))
    );
  }
  return a === b;
}

function typeName(v: Value): string {
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float';
  if (typeof v === 'string') return 'str';
  if (isList(v)) return 'list';
  return v === null ? 'NoneType' : 'dict';
}

/**
 * Python's ordering, as a sign: numbers with numbers, strings with strings (by code
 * point), lists element by element; anything else raises TypeError.
 */
function order(a: Value, b: Value, op: string): number {
  if (isNumber(a) && isNumber(b)) return Number(a) - Number(b);
  if (typeof a === 'string' && typeof b === 'string') {
    const x = Array.from(a);
    const y = Array.from(b);
    for (let i = 0; i < Math.min(x.length, y.length); i++) {
      if (x[i] !== y[i]) return x[i]!.codePointAt(0)! - y[i]!.codePointAt(0)!;
    }
    return x.length - y.length;
  }
  if (isList(a) && isList(b)) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      if (!equals(a[i]!, b[i]!)) return order(a[i]!, b[i]!, op);
    }
    return a.length - b.length;
  }
  throw new FilterCrash(
    'TypeError',
    `'${op}' not supported between instances of '${typeName(a)}' and '${typeName(b)}'`,
  );
}

/** `_op_compare`: the first argument against every other; fewer than two is False. */
function compareAll(args: readonly Value[], op: string, test: (sign: number) => boolean): boolean {
  if (args.length < 2) return false;
  const first = args[0]!;
  let ok = true;
  // Every comparison runs, as Python's list comprehension does, so a later one still raises.
  for (const arg of args.slice(1)) if (!test(order(first, arg, op))) ok = false;
  return ok;
}

const COMMANDS: Readonly<Record<string, (args: readonly Value[]) => Value>> = {
  '=': (args) => args.length >= 2 && args.slice(1).every((arg) => equals(args[0]!, arg)),
  '<': (args) => compareAll(args, '<', (s) => s < 0),
  '>': (args) => compareAll(args, '>', (s) => s > 0),
  '<=': (args) => compareAll(args, '<=', (s) => s <= 0),
  '>=': (args) => compareAll(args, '>=', (s) => s >= 0),
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
    if (!isDict(value)) {
      throw new FilterCrash('AttributeError', `'${typeName(value)}' object has no attribute 'get'`);
    }
    value = Object.hasOwn(value, key) ? value[key] : undefined;
    if (value === undefined || value === null) return null;
  }
  return value;
}

/** `query[0]` and `query[1:]` of what `_process_filter` is given (a str is its characters). */
function split(query: Value): [Value, readonly Value[]] {
  if (isList(query)) return [query[0]!, query.slice(1)];
  if (typeof query === 'string') {
    const chars = Array.from(query);
    return [chars[0]!, chars.slice(1)];
  }
  if (isDict(query)) throw new FilterCrash('KeyError', '0');
  throw new FilterCrash('TypeError', `'${typeName(query)}' object is not subscriptable`);
}

/** `_process_filter`: the command is looked up before any argument is evaluated. */
function evaluate(query: Value, host: HostRecord, ctx: SelectionContext): Value {
  if (!truthy(query)) return true;
  const [cmd, args] = split(query);
  if (isList(cmd) || isDict(cmd)) {
    throw new FilterCrash('TypeError', `unhashable type: '${typeName(cmd)}'`);
  }
  const method = typeof cmd === 'string' && Object.hasOwn(COMMANDS, cmd) ? COMMANDS[cmd] : null;
  if (!method) throw new FilterCrash('KeyError', String(cmd));
  const cooked: Value[] = [];
  for (let arg of args) {
    if (isList(arg)) arg = evaluate(arg, host, ctx);
    else if (typeof arg === 'string') arg = parseString(arg, host, ctx);
    if (arg !== null) cooked.push(arg);
  }
  return method(cooked);
}

/** A string literal, or one of the constants Python's json accepts and JSON.parse does not. */
const PYTHON_CONSTANTS = /"(?:[^"\\]|\\.)*"|-?Infinity|NaN/g;
const CONSTANT_MARK = '\u{F8FF}';
const CONSTANTS: Readonly<Record<string, number>> = {
  NaN: Number.NaN,
  Infinity: Number.POSITIVE_INFINITY,
  '-Infinity': Number.NEGATIVE_INFINITY,
};

/**
 * `jsonutils.loads` of the hint: JSON plus Python's `NaN`, `Infinity` and `-Infinity`.
 * Python's JSONDecodeError reaches the conductor as RemoteError.
 */
function decode(query: string): Value {
  const marked = query.replace(PYTHON_CONSTANTS, (token) =>
    token.startsWith('"') ? token : `"${CONSTANT_MARK}${token}"`,
  );
  try {
    return JSON.parse(marked, (_key, value: unknown) =>
      typeof value === 'string' && value.startsWith(CONSTANT_MARK)
        ? CONSTANTS[value.slice(CONSTANT_MARK.length)]
        : value,
    ) as Value;
  } catch (error) {
    throw new FilterCrash('RemoteError', (error as Error).message);
  }
}

/** Does the host satisfy the request's `query` hint (none: every host does)? */
export function jsonQueryPasses(host: HostRecord, ctx: SelectionContext): boolean {
  const query = ctx.request.query;
  if (!query) return true;
  const result = evaluate(decode(query), host, ctx);
  return isList(result) ? result.some(truthy) : truthy(result);
}
