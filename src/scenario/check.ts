import type { HostsOption } from '../scheduler/host-control.js';
import type { ScenarioProblem } from './errors.js';
import { joinPointer } from './pointer.js';
import { findReferences } from './substitute.js';
import { type Scenario, type Step, stepKind } from './types.js';
import { scenarioUsers } from './users.js';

const DEFAULT_HOST_NAMES = ['compute-1', 'compute-2', 'compute-3', 'compute-4'];

function initialHosts(option: HostsOption | undefined): string[] {
  if (option === undefined) return [...DEFAULT_HOST_NAMES];
  if (Array.isArray(option)) return (option as readonly { name: string }[]).map((h) => h.name);
  const { count, namePrefix = 'compute-' } = option as { count: number; namePrefix?: string };
  return Array.from({ length: count }, (_, i) => `${namePrefix}${i + 1}`);
}

const isLiteral = (name: string) => !name.includes('${');

/**
 * What the schema cannot see: `${name}` used before any step saves it, unknown users,
 * operations on hosts that do not exist, checks of a response before any request.
 * Runs on a schema-valid scenario.
 */
export function checkScenario(scenario: Scenario): ScenarioProblem[] {
  const problems: ScenarioProblem[] = [];
  const users = scenarioUsers(scenario);
  const userNames = () => [...users.keys()].join(', ');
  if (scenario.user !== undefined && !users.has(scenario.user)) {
    problems.push({
      pointer: '/user',
      step: undefined,
      message: `unknown user "${scenario.user}" (known: ${userNames()})`,
    });
  }
  const defined = new Set(Object.keys(scenario.vars ?? {}));
  const hosts = new Set(initialHosts(scenario.hosts));
  let requested = false;

  scenario.steps.forEach((step, index) => {
    const at = joinPointer('/steps', index);
    const problem = (pointer: string, message: string) =>
      problems.push({ pointer, step: index, message });

    // A request step saves before its own `expect` runs: those names are known there.
    const saved = new Set(Object.keys((step as { save?: object }).save ?? {}));
    const inlineExpect = joinPointer(at, 'expect');
    for (const { name, pointer } of findReferences(step, at)) {
      if (defined.has(name)) continue;
      if (saved.has(name) && pointer.startsWith(`${inlineExpect}/`)) continue;
      const known = [...defined];
      problem(
        pointer,
        `unknown \${${name}}: no earlier step saves it${known.length > 0 ? ` (known: ${known.join(', ')})` : ''}`,
      );
    }

    const checkHost = (name: string, pointer: string) => {
      if (isLiteral(name) && !hosts.has(name)) {
        problem(pointer, `no host named "${name}" (hosts: ${[...hosts].join(', ') || 'none'})`);
      }
    };

    switch (stepKind(step)) {
      case 'request': {
        const { request, save, expect } = step as Extract<Step, { request: unknown }>;
        if (request.user !== undefined && request.auth !== undefined) {
          problem(joinPointer(at, 'request'), 'give either "user" or "auth", not both');
        }
        if (request.user !== undefined && !users.has(request.user)) {
          problem(
            joinPointer(at, 'request', 'user'),
            `unknown user "${request.user}" (known: ${userNames()})`,
          );
        }
        requested = true;
        if (expect) checkExpect(expect, joinPointer(at, 'expect'));
        for (const name of Object.keys(save ?? {})) defined.add(name);
        return;
      }
      case 'expect':
        checkExpect((step as Extract<Step, { expect: unknown }>).expect, joinPointer(at, 'expect'));
        return;
      case 'host': {
        const op = (step as Extract<Step, { host: unknown }>).host;
        const [verb, value] = Object.entries(op)[0] as [string, unknown];
        const pointer = joinPointer(at, 'host', verb);
        if (verb === 'add') {
          const name = (value as { name: string }).name;
          if (hosts.has(name))
            problem(joinPointer(pointer, 'name'), `host "${name}" exists already`);
          hosts.add(name);
        } else {
          checkHost(value as string, pointer);
          if (verb === 'remove') hosts.delete(value as string);
        }
        return;
      }
      case 'fault': {
        const fault = (step as Extract<Step, { fault: unknown }>).fault;
        if (typeof fault === 'object' && (fault.kind === 'host-down' || fault.kind === 'host-up')) {
          checkHost(fault.host, joinPointer(at, 'fault', 'host'));
          if (fault.after !== undefined && fault.at !== undefined) {
            problem(joinPointer(at, 'fault'), 'give either "after" or "at", not both');
          }
        }
        return;
      }
      default:
        return;
    }

    function checkExpect(expect: object, pointer: string) {
      if (requested) return;
      for (const key of ['code', 'body', 'headers']) {
        if (key in expect) {
          problem(joinPointer(pointer, key), 'no request has been made yet: there is no response');
        }
      }
    }
  });
  return problems;
}
