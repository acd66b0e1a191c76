// A disagreement as a scenario file (docs/scenarios.md): the program's steps up to the one
// where the two sides part, each request expecting the code Nova gave and each wait the
// status Nova reached, so `nova-sim replay` fails where the simulator differs, without Nova.
// A shorter program is tried first (only the writes and waits on the disagreeing server,
// plus its boot); it is kept when the replay still fails at its last step.

import { replay } from '../../dist/index.js';
import { IMAGE, OTHER_PROJECT, PERSONAS, PROJECT } from './personas.mjs';

/** `$s0` in a program is `${s0}` in a scenario; `$image` and `$project` are constants. */
function vars(value) {
  if (typeof value === 'string') {
    return value
      .replaceAll('$image', IMAGE)
      .replaceAll('$other_project', OTHER_PROJECT)
      .replaceAll('$project', PROJECT)
      .replace(/\$([A-Za-z_]\w*)/g, (_, name) => `\${${name}}`);
  }
  if (Array.isArray(value)) return value.map(vars);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, vars(v)]));
  }
  return value;
}

const slotOf = (step) =>
  ('wait' in step ? step.wait : step.path).match(/^(?:\/servers\/)?\$(s\d+)/)?.[1] ??
  Object.keys(step.save ?? {})[0];

function scenarioStep(step, nova, last) {
  if ('wait' in step) {
    const server = vars(step.wait);
    // The simulator's side polls a second at a time; five minutes covers every settling.
    return nova.status === 'DELETED'
      ? [
          { advance: 'PT5M' },
          { request: { method: 'GET', path: `/v2.1/servers/${server}` }, expect: { code: 404 } },
        ]
      : [{ advance: 'PT5M' }, { expect: { server, status: nova.status } }];
  }
  const expect = { code: nova.status };
  const fault = nova.body && typeof nova.body === 'object' ? Object.keys(nova.body)[0] : undefined;
  if (last && nova.status >= 400 && typeof nova.body?.[fault]?.message === 'string') {
    expect.body = { [`/${fault}/message`]: nova.body[fault].message };
  }
  const request = {
    request: {
      method: step.method,
      path: `/v2.1${vars(step.path)}`,
      ...('body' in step ? { body: vars(step.body) } : {}),
      auth: PERSONAS[step.as ?? 'member'],
      ...(step.version ? { microversion: step.version } : {}),
    },
    // A refused boot saves nothing: the variable keeps its earlier server.
    ...(step.save && nova.status < 300
      ? {
          save: Object.fromEntries(
            Object.entries(step.save).map(([k, p]) => [k, `/${p.replaceAll('.', '/')}`]),
          ),
        }
      : {}),
    expect,
  };
  // Nova's harness runs casts as calls: the simulator's side lets a minute pass.
  return step.method === 'GET' ? [request] : [request, { advance: 60_000 }];
}

function build(program, nova, indexes) {
  return {
    name: `${program.name} step ${indexes.at(-1)}`,
    description: `Nova 26.2.2's answers as expectations (npm run differential${program.seed === undefined ? ` --only ${program.name}` : ` -- --generate 1 --seed ${program.seed}`})`,
    seed: 1,
    hosts: [{ name: 'compute', vcpus: 1000, memoryMb: 800000, diskGb: 600000 }],
    config: { maxMicroversion: '2.93', allowResizeToSameHost: true },
    steps: indexes.flatMap((i) => scenarioStep(program.steps[i], nova[i], i === indexes.at(-1))),
  };
}

/** Whether the replay's first failure is in the scenario's last request or wait. */
function failsAtEnd(scenario) {
  const { failures } = replay(scenario);
  const tail = scenario.steps.length - 3;
  return failures.length > 0 && failures[0].step >= tail;
}

/**
 * The scenario of a disagreement at step `at`: the short form when it still fails there,
 * else every step up to `at`.
 *
 * @example
 * toScenario(program, novaResult.steps, 42); // { name: 'gen-2001 step 42', steps: [...] }
 */
export function toScenario(program, nova, at) {
  const all = program.steps.map((_, i) => i).filter((i) => i <= at);
  const slot = slotOf(program.steps[at]);
  if (slot) {
    const short = all.filter((i) => {
      const step = program.steps[i];
      if (i === at) return true;
      if (!('wait' in step) && step.method === 'GET') return false;
      return slotOf(step) === slot;
    });
    const scenario = build(program, nova, short);
    if (failsAtEnd(scenario)) return scenario;
  }
  return build(program, nova, all);
}
