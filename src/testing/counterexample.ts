import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Auth } from '../api/context.js';
import type { Scenario, Step } from '../scenario/types.js';
import { ADMIN_AUTH, memberAuth, PROJECTS } from './model/actors.js';
import type { RecordedStep } from './model/recorder.js';
import type { CloudSystem } from './model/system.js';
import { isInvariantViolation } from './model/violation.js';

const VERSION_HEADER = 'openstack-api-version';

/** The named callers of an exported scenario: the projects' members and the operator. */
function scenarioUsers(): NonNullable<Scenario['users']> {
  const users: Record<string, { project: string; userId: string; roles: string[] }> = {};
  for (const project of PROJECTS) {
    const auth = memberAuth(project);
    users[project] = { project, userId: auth.userId, roles: [...auth.roles] };
  }
  users.operator = { project: ADMIN_AUTH.projectId, userId: ADMIN_AUTH.userId, roles: ['admin'] };
  return users;
}

function userOf(
  auth: Partial<Auth> | undefined,
  users: ReturnType<typeof scenarioUsers>,
): string | undefined {
  if (auth === undefined) return undefined;
  for (const [name, user] of Object.entries(users)) {
    if (
      user.project === auth.projectId &&
      user.userId === auth.userId &&
      JSON.stringify(user.roles) === JSON.stringify(auth.roles)
    ) {
      return name;
    }
  }
  return undefined;
}

const FAULT_KEYS: Readonly<Record<number, string>> = {
  400: 'badRequest',
  403: 'forbidden',
  404: 'itemNotFound',
  409: 'conflictingRequest',
};

/** Replaces every occurrence of a saved id with `${name}`, in strings at any depth. */
function named<T>(value: T, names: ReadonlyMap<string, string>): T {
  if (names.size === 0) return value;
  const walk = (node: unknown): unknown => {
    if (typeof node === 'string') {
      let out = node;
      for (const [id, name] of names) out = out.split(id).join(`\${${name}}`);
      return out;
    }
    if (Array.isArray(node)) return node.map(walk);
    if (node !== null && typeof node === 'object') {
      return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, walk(v)]));
    }
    return node;
  };
  return walk(value) as T;
}

/**
 * A run as a scenario (src/scenario) that `nova-sim replay` runs: the cloud's setup, then
 * every request (each with the code it got, the failing one with the code the reference
 * expected), clock advance, host and fault operation, in order, the commands as notes,
 * and the broken invariant as a final note (and `expect`, where one can say it).
 *
 * @example
 * writeFileSync('counterexample.json', JSON.stringify(toScenario(system, error), null, 2));
 */
export function toScenario(
  system: CloudSystem,
  error?: unknown,
  name = 'counterexample',
): Scenario {
  const users = scenarioUsers();
  const names = new Map<string, string>();
  const steps: Step[] = [];
  const message =
    error instanceof Error ? error.message : error === undefined ? undefined : String(error);
  for (const step of system.recorder.steps) steps.push(exportStep(step, system, users, names));
  const own = system.failedIn !== undefined && !isInvariantViolation(error);
  if (own && message !== undefined) {
    // The cloud's answers replay as they were; the failure was the code under test's, so
    // the replay must fail where it did rather than pass.
    const where =
      system.failedIn!.hook === 'atEnd'
        ? 'atEnd'
        : `afterCommand, after command ${system.failedIn!.after}`;
    steps.push({ fail: `the code under test failed (${where}): ${message}` });
  } else if (message !== undefined) {
    steps.push({ note: `failed: ${message}` });
  }
  if (isInvariantViolation(error) && error.expect) {
    steps.push(named({ expect: error.expect as never, comment: error.invariant }, names));
  }
  const { setup } = system;
  return {
    name,
    description: `Counterexample found by nova-sim/testing.\n${message ?? ''}`.trim(),
    seed: setup.seed,
    epoch: new Date(system.startedAt).toISOString(),
    hosts: [...setup.hosts],
    config: setup.config,
    users,
    steps,
  };
}

function exportStep(
  step: RecordedStep,
  system: CloudSystem,
  users: ReturnType<typeof scenarioUsers>,
  names: Map<string, string>,
): Step {
  switch (step.kind) {
    case 'note': {
      if (!step.text.startsWith('#')) return { note: `the code under test: ${step.text}` };
      const index = Number(step.text.slice(1)) - 1;
      return { note: system.script[index] ?? step.text };
    }
    case 'advance':
      return { advance: step.ms };
    case 'host': {
      const host = step.host;
      switch (step.op) {
        case 'down':
          return { host: { down: host } };
        case 'up':
          return { host: { up: host } };
        case 'disable':
          return {
            host:
              step.reason === undefined
                ? { disable: host }
                : { disable: host, reason: step.reason },
          };
        case 'enable':
          return { host: { enable: host } };
        case 'force-down':
          return { host: { forceDown: host } };
        case 'force-up':
          return { host: { forceUp: host } };
      }
      break;
    }
    case 'fault': {
      const rule = step.rule;
      if (rule.kind === 'host-down' || rule.kind === 'host-up') {
        return {
          fault: {
            kind: rule.kind,
            host: rule.host,
            at: Math.max(0, rule.atMs - system.startedAt),
          },
        };
      }
      return { fault: rule };
    }
    case 'clear-faults':
      return { fault: 'clear' };
    case 'request':
      return exportRequest(step, users, names);
  }
  return { note: 'unknown step' };
}

function exportRequest(
  step: Extract<RecordedStep, { kind: 'request' }>,
  users: ReturnType<typeof scenarioUsers>,
  names: Map<string, string>,
): Step {
  const { request } = step;
  const headers: Record<string, string> = {};
  let microversion: string | undefined;
  for (const [key, value] of Object.entries(request.headers ?? {})) {
    // Only what the scenario's `microversion` takes; a malformed version stays a header.
    const version = /^compute\s+(2\.(\d+|latest)|latest)$/i.exec(value);
    if (key.toLowerCase() === VERSION_HEADER && version) microversion = version[1];
    else headers[key] = value;
  }
  const user = userOf(request.auth, users);
  const spec = named(
    {
      ...(request.service === undefined ? {} : { service: request.service }),
      method: request.method,
      path: request.path,
      ...(request.body === undefined ? {} : { body: request.body as never }),
      ...(Object.keys(headers).length > 0 ? { headers } : {}),
      ...(microversion === undefined ? {} : { microversion }),
      ...(user !== undefined
        ? { user }
        : request.auth === undefined
          ? {}
          : {
              auth: {
                projectId: String(request.auth.projectId),
                userId: String(request.auth.userId),
                roles: [...(request.auth.roles ?? [])],
              },
            }),
    },
    names,
  );
  const code = step.expect?.status ?? step.status;
  const expect: Record<string, unknown> = { code };
  const failing = step.expect?.status;
  const message = (step.body as Record<string, { message?: unknown }> | null)?.[
    FAULT_KEYS[code] ?? ''
  ]?.message;
  if (failing === undefined && typeof message === 'string' && step.status === code) {
    expect.body = { [`/${FAULT_KEYS[code]}/message`]: named(message, names) };
  }
  const out: Step = { request: spec, expect: expect as never };
  const id = (step.body as { server?: { id?: unknown } } | null)?.server?.id;
  if (
    request.method.toUpperCase() === 'POST' &&
    step.status === 202 &&
    typeof id === 'string' &&
    !names.has(id)
  ) {
    const saved = `s${names.size + 1}`;
    names.set(id, saved);
    return { ...out, save: { [saved]: '/server/id' } };
  }
  return out;
}

/** Where counterexamples go: $NOVA_SIM_COUNTEREXAMPLES, else `<tmp>/nova-sim-counterexamples`. */
export function counterexampleDir(): string {
  return process.env.NOVA_SIM_COUNTEREXAMPLES ?? join(tmpdir(), 'nova-sim-counterexamples');
}

/**
 * Writes a run's scenario to `<dir>/<name>.json` (overwritten by each failure, so after
 * fast-check's shrinking it holds the smallest counterexample) and returns the path.
 */
export function writeCounterexample(
  system: CloudSystem,
  error: unknown,
  options: { name?: string; dir?: string } = {},
): string {
  const name = slug(options.name ?? 'cloud-commands');
  const dir = options.dir ?? counterexampleDir();
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${name}.json`);
  writeFileSync(path, `${JSON.stringify(toScenario(system, error, name), null, 2)}\n`);
  return path;
}

function slug(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'counterexample'
  );
}
