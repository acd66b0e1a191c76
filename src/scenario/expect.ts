import type { ApiResponse } from '../api/request.js';
import type { Cloud } from '../cloud.js';
import type { CloudEventName } from '../events.js';
import { canonicalStatus, describeMatcher, mapMatcher, matches, type Subject } from './matchers.js';
import { joinPointer, resolvePointer } from './pointer.js';
import { findServerByRef, serverFields } from './servers.js';
import type { TraceLine } from './trace.js';
import type { EventCount, Expectation, Matcher, ServerChecks } from './types.js';

/** One check of an expectation and how it went. */
export interface CheckOutcome {
  readonly ok: boolean;
  /** JSON Pointer of the check in the file. */
  readonly pointer: string;
  /** What was checked, in words. */
  readonly message: string;
  readonly expected: string;
  readonly found: unknown;
}

export interface ExpectContext {
  readonly cloud: Cloud;
  readonly last: ApiResponse | undefined;
  /** The trace lines of one event kind so far. */
  readonly events: (type: CloudEventName) => readonly TraceLine[];
}

/** A check that cannot be made at all (no such server). */
export class CheckError extends Error {
  override readonly name = 'CheckError';
  readonly pointer: string;
  constructor(pointer: string, message: string) {
    super(message);
    this.pointer = pointer;
  }
}

const SERVER_FIELDS = [
  'status',
  'task_state',
  'vm_state',
  'power_state',
  'host',
  'locked',
] as const;
const STATUS_FIELDS = new Set(['status', 'from', 'to']);

/** Status matchers accept the old spellings: compare canonical names. */
function normalise(field: string, matcher: Matcher): Matcher {
  return STATUS_FIELDS.has(field) ? mapMatcher(matcher, canonicalStatus) : matcher;
}

function outcome(
  pointer: string,
  message: string,
  matcher: Matcher,
  subject: Subject,
): CheckOutcome {
  return {
    ok: matches(subject, matcher),
    pointer,
    message,
    expected: describeMatcher(matcher),
    found: subject.found ? subject.value : '(absent)',
  };
}

/**
 * Checks a server's fields (status, task_state, vm_state, power_state, host, locked).
 * Throws CheckError when the server does not exist.
 */
export function checkServer(
  cloud: Cloud,
  ref: string,
  checks: ServerChecks,
  pointer: string,
  refPointer: string,
): CheckOutcome[] {
  const found = findServerByRef(cloud, ref);
  if ('error' in found) throw new CheckError(refPointer, found.error);
  const fields = serverFields(found.server);
  const outcomes: CheckOutcome[] = [];
  for (const field of SERVER_FIELDS) {
    const matcher = checks[field];
    if (matcher === undefined) continue;
    outcomes.push(
      outcome(
        joinPointer(pointer, field),
        `server ${found.server.name} ${field}`,
        normalise(field, matcher),
        { found: true, value: fields[field] },
      ),
    );
  }
  return outcomes;
}

function countEvents(
  ctx: ExpectContext,
  type: CloudEventName,
  spec: Matcher | EventCount,
  pointer: string,
): CheckOutcome {
  const filtered = spec !== null && typeof spec === 'object' && 'count' in spec;
  const filter = filtered ? (spec as EventCount) : undefined;
  let serverId: string | undefined;
  let serverName: string | undefined;
  if (filter?.server !== undefined) {
    const found = findServerByRef(ctx.cloud, filter.server);
    if ('error' in found) throw new CheckError(joinPointer(pointer, 'server'), found.error);
    serverId = found.server.id;
    serverName = found.server.name;
  }
  const where = Object.entries(filter?.where ?? {});
  const count = ctx.events(type).filter((line) => {
    if (serverId !== undefined && line.serverId !== serverId && line.consumerId !== serverId) {
      return false;
    }
    return where.every(([key, matcher]) =>
      matches({ found: key in line, value: line[key] }, normalise(key, matcher)),
    );
  }).length;
  const matcher = filter ? filter.count : (spec as Matcher);
  const narrowed = [
    ...(serverName !== undefined ? [`of ${serverName}`] : []),
    ...where.map(([key, m]) => `${key} ${describeMatcher(m)}`),
  ];
  const what = `${type} events${narrowed.length > 0 ? ` (${narrowed.join(', ')})` : ''}`;
  return outcome(filtered ? joinPointer(pointer, 'count') : pointer, what, matcher, {
    found: true,
    value: count,
  });
}

/**
 * Runs every check of an `expect`: the last response's code, body pointers and headers,
 * a server's fields, event counts. Throws CheckError when a check cannot be made.
 */
export function evaluateExpectation(
  expect: Expectation,
  pointer: string,
  ctx: ExpectContext,
): CheckOutcome[] {
  const outcomes: CheckOutcome[] = [];
  const last = ctx.last;
  if (expect.code !== undefined) {
    outcomes.push(
      outcome(joinPointer(pointer, 'code'), 'code', expect.code, {
        found: last !== undefined,
        value: last?.status,
      }),
    );
  }
  for (const [at, matcher] of Object.entries(expect.body ?? {})) {
    outcomes.push(
      outcome(
        joinPointer(pointer, 'body', at),
        `body ${at || '(whole)'}`,
        matcher,
        resolvePointer(last?.body, at),
      ),
    );
  }
  for (const [name, matcher] of Object.entries(expect.headers ?? {})) {
    const value = last?.headers[name.toLowerCase()];
    outcomes.push(
      outcome(joinPointer(pointer, 'headers', name), `header ${name}`, matcher, {
        found: value !== undefined,
        value,
      }),
    );
  }
  if (expect.server !== undefined) {
    outcomes.push(
      ...checkServer(ctx.cloud, expect.server, expect, pointer, joinPointer(pointer, 'server')),
    );
  }
  for (const [type, spec] of Object.entries(expect.events ?? {})) {
    outcomes.push(
      countEvents(
        ctx,
        type as CloudEventName,
        spec as Matcher | EventCount,
        joinPointer(pointer, 'events', type),
      ),
    );
  }
  return outcomes;
}
