import type { Auth } from '../api/context.js';
import type { FaultRule } from '../faults/fault-rules.js';
import type { RunContext } from './context.js';
import { parseDuration } from './duration.js';
import { CheckError, checkServer, evaluateExpectation } from './expect.js';
import { describeMatcher } from './matchers.js';
import { joinPointer, resolvePointer } from './pointer.js';
import { findServerByRef, serverFields } from './servers.js';
import type {
  AdvanceStep,
  ExpectStep,
  FailStep,
  FaultStep,
  HostStep,
  Matcher,
  NoteStep,
  RequestStep,
  StepKind,
  UntilStep,
} from './types.js';

const DEFAULT_UNTIL_TIMEOUT_MS = 3_600_000;
const VERSION_HEADERS = ['openstack-api-version', 'x-openstack-nova-api-version'];

type Runner<S> = (ctx: RunContext, step: S, at: string) => void;

/** Runs `body`; a CheckError or any other throw becomes a failure of the step. */
function guarded(ctx: RunContext, at: string, body: () => void): void {
  try {
    body();
  } catch (error) {
    if (error instanceof CheckError) {
      ctx.fail({ pointer: error.pointer, message: error.message });
    } else {
      ctx.fail({ pointer: at, message: `the step could not run: ${errorText(error)}` });
    }
  }
}

function errorText(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'number' ? `${code} ${error.message}` : error.message;
  }
  return String(error);
}

function faultMessage(body: unknown): string | undefined {
  if (body === null || typeof body !== 'object') return undefined;
  const [inner] = Object.values(body);
  const message = (inner as { message?: unknown } | undefined)?.message;
  return typeof message === 'string' ? message : undefined;
}

const request: Runner<RequestStep> = (ctx, step, at) => {
  const spec = step.request;
  const userName = spec.user ?? ctx.scenario.user ?? 'member';
  const auth: Auth = spec.auth ?? ctx.users.get(userName)!;
  const headers: Record<string, string> = { ...spec.headers };
  const microversion = spec.microversion ?? ctx.scenario.microversion;
  const hasVersion = Object.keys(headers).some((h) => VERSION_HEADERS.includes(h.toLowerCase()));
  const compute = spec.service === undefined || spec.service === 'compute';
  if (microversion !== undefined && !hasVersion && compute) {
    // Scenario files may say `2.latest` (older ones do); Nova itself accepts only `latest`.
    headers['OpenStack-API-Version'] =
      `compute ${microversion === '2.latest' ? 'latest' : microversion}`;
  }
  const response = ctx.holding(() =>
    ctx.cloud.request({
      ...(spec.service === undefined ? {} : { service: spec.service }),
      method: spec.method,
      path: spec.path,
      headers,
      auth,
      ...(spec.body !== undefined ? { body: spec.body } : {}),
    }),
  );
  ctx.last = response;
  const message = response.status >= 400 ? faultMessage(response.body) : undefined;
  const body = spec.body;
  const action =
    spec.path.endsWith('/action') &&
    body !== null &&
    typeof body === 'object' &&
    !Array.isArray(body)
      ? Object.keys(body)[0]
      : undefined;
  ctx.record('request', {
    method: spec.method,
    path: spec.path,
    ...(action !== undefined ? { action } : {}),
    user: spec.auth ? `${auth.userId}@${auth.projectId}` : userName,
    code: response.status,
    ...(message !== undefined ? { message } : {}),
  });
  ctx.flushHeld();
  for (const [name, source] of Object.entries(step.save ?? {})) {
    const pointer = joinPointer(at, 'save', name);
    let found: { found: boolean; value: unknown };
    if (typeof source === 'string') {
      found = resolvePointer(response.body, source);
    } else {
      const value = response.headers[source.header.toLowerCase()];
      found = { found: value !== undefined, value };
    }
    if (!found.found) {
      const where = typeof source === 'string' ? source : `header ${source.header}`;
      ctx.fail({
        pointer,
        message: `cannot save ${name}: ${where} is not in the ${response.status} response`,
        found: response.body,
      });
      return;
    }
    ctx.vars[name] = found.value;
    ctx.record('save', { name, value: found.value });
  }
  if (step.expect) expectRunner(ctx, { expect: step.expect }, at);
};

const expectRunner: Runner<ExpectStep> = (ctx, step, at) => {
  guarded(ctx, at, () => {
    const outcomes = evaluateExpectation(step.expect, joinPointer(at, 'expect'), ctx);
    const ok = ctx.judge(outcomes);
    ctx.record('expect', {
      ok,
      checks: outcomes.map((o) => ({ what: o.message, expected: o.expected, ok: o.ok })),
    });
  });
};

const advance: Runner<AdvanceStep> = (ctx, step, at) => {
  const ms = parseDuration(step.advance)!;
  ctx.record('advance', { ms });
  guarded(ctx, joinPointer(at, 'advance'), () => ctx.cloud.clock.advance(ms));
};

const until: Runner<UntilStep> = (ctx, step, at) => {
  const spec = step.until;
  const pointer = joinPointer(at, 'until');
  const timeout =
    spec.timeout === undefined ? DEFAULT_UNTIL_TIMEOUT_MS : parseDuration(spec.timeout)!;
  const clock = ctx.cloud.clock;
  const began = clock.now();
  const deadline = began + timeout;
  const checks = { ...spec } as Omit<typeof spec, 'server' | 'timeout'> & { server?: string };
  delete checks.server;
  delete (checks as { timeout?: unknown }).timeout;
  const pending = () =>
    checkServer(ctx.cloud, spec.server, checks, pointer, joinPointer(pointer, 'server')).filter(
      (outcome) => !outcome.ok,
    );
  guarded(ctx, pointer, () => {
    let failing = pending();
    // Fire timers one instant at a time, so the run stops at the exact moment it holds.
    while (failing.length > 0) {
      const next = clock.nextDueAt();
      if (next === undefined || next > deadline) {
        clock.advanceTo(deadline);
        failing = pending();
        break;
      }
      clock.advanceTo(next);
      failing = pending();
    }
    const found = findServerByRef(ctx.cloud, spec.server);
    const server = 'server' in found ? found.server : undefined;
    const target = (['status', 'task_state', 'vm_state'] as const)
      .filter((field) => spec[field] !== undefined)
      .map((field) => `${field} ${describeMatcher(spec[field] as Matcher)}`)
      .join(', ');
    ctx.record('until', {
      server: server?.id ?? spec.server,
      target,
      reached: failing.length === 0,
      waited: clock.now() - began,
      ...(server ? { status: serverFields(server).status } : {}),
    });
    for (const outcome of failing) {
      ctx.fail({
        pointer: outcome.pointer,
        message: `${outcome.message} within ${timeout} ms`,
        expected: outcome.expected,
        found: outcome.found,
      });
    }
  });
};

const host: Runner<HostStep> = (ctx, step, at) => {
  const op = step.host;
  const [verb, value] = Object.entries(op)[0] as [string, unknown];
  const hosts = ctx.cloud.hosts;
  const name = verb === 'add' ? (value as { name: string }).name : (value as string);
  ctx.record('host-op', { op: verb, host: name });
  guarded(ctx, joinPointer(at, 'host', verb), () => {
    if ('add' in op) hosts.add(op.add);
    else if ('remove' in op) hosts.remove(op.remove);
    else if ('down' in op) hosts.down(op.down);
    else if ('up' in op) hosts.up(op.up);
    else if ('disable' in op) hosts.disable(op.disable, op.reason);
    else if ('enable' in op) hosts.enable(op.enable);
    else if ('forceDown' in op) hosts.forceDown(op.forceDown, true);
    else if ('forceUp' in op) hosts.forceDown(op.forceUp, false);
  });
};

const fault: Runner<FaultStep> = (ctx, step, at) => {
  const spec = step.fault;
  guarded(ctx, joinPointer(at, 'fault'), () => {
    if (spec === 'clear') {
      ctx.record('fault-rule', { rule: 'clear' });
      ctx.cloud.clearFaults();
      return;
    }
    let rule: FaultRule;
    if (spec.kind === 'host-down' || spec.kind === 'host-up') {
      const now = ctx.cloud.clock.now();
      const atMs =
        spec.after !== undefined
          ? now + parseDuration(spec.after)!
          : spec.at !== undefined
            ? ctx.start + parseDuration(spec.at)!
            : now;
      rule = { kind: spec.kind, host: spec.host, atMs };
    } else {
      rule = spec as FaultRule;
    }
    ctx.record('fault-rule', { rule });
    ctx.cloud.addFault(rule);
  });
};

const note: Runner<NoteStep> = (ctx, step) => {
  ctx.record('note', { text: step.note });
};

const fail: Runner<FailStep> = (ctx, step, at) => {
  ctx.fail({ pointer: joinPointer(at, 'fail'), message: step.fail });
};

/** One runner per step kind. */
export const STEP_RUNNERS: { readonly [K in StepKind]: Runner<never> } = {
  request,
  advance,
  until,
  host,
  fault,
  expect: expectRunner,
  note,
  fail,
};
