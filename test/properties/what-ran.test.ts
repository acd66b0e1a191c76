import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/cli.js';
import { loadScenario } from '../../src/scenario/load.js';
import { replay } from '../../src/scenario/run.js';
import {
  AdvanceClockCommand,
  Autoscaler,
  type CloudProgram,
  type CloudSystem,
  HostDownCommand,
  isCloudPropertyError,
  runCloudCommands,
} from '../../src/testing/index.js';
import { tempDir } from '../support/temp-dir.js';

// A failure says what ran: every request that reached the cloud, the code under test's
// included, in the order the counterexample scenario holds them; and a failure of the code
// under test (not of Nova's rules) replays as a failure, not as a pass.

const program = (): CloudProgram => ({
  setup: {
    seed: 3,
    hosts: [{ name: 'compute-1' }, { name: 'compute-2' }],
    config: {},
  },
  commands: [
    new AdvanceClockCommand(60_000),
    new HostDownCommand(0, true),
    new AdvanceClockCommand(60_000),
  ],
});

function failingRun(hook: 'afterCommand' | 'atEnd') {
  const dir = tempDir('what-ran');
  let scaler: Autoscaler | undefined;
  const scalerOf = (system: CloudSystem) =>
    (scaler ??= new Autoscaler((request) => system.request(request), { desired: 2 }));
  let ticks = 0;
  try {
    runCloudCommands(program(), {
      name: `fails-in-${hook}`,
      counterexampleDir: dir,
      afterCommand: (system) => {
        scalerOf(system).reconcile();
        if (hook === 'afterCommand' && ++ticks === 2) throw new Error('my scaler is confused');
      },
      atEnd: (system) => {
        system.cloud.clock.advance(60_000);
        expect(scalerOf(system).activeCount()).toBe(5);
      },
    });
  } catch (error) {
    if (!isCloudPropertyError(error)) throw error;
    return error;
  }
  throw new Error('the run passed');
}

describe('a counterexample says what ran', () => {
  it('prints every request that reached the cloud, in the scenario order, the orchestrator’s too', () => {
    const error = failingRun('atEnd');
    const lines = error.message.split('\n');
    expect(lines).toContain(
      "(thrown by the code under test, in atEnd; the cloud kept Nova's rules)",
    );
    expect(lines).toContain('  1. advance(60000 ms)');
    expect(lines).toContain('     afterCommand:');
    expect(lines).toContain('  atEnd:');
    const printed = lines
      .map((line) => /^ {7}(GET|POST|PUT|DELETE) (\S+)/.exec(line))
      .filter((m) => m !== null)
      .map((m) => `${m[1]} ${m[2]}`);
    const scenario = JSON.parse(readFileSync(error.scenarioPath!, 'utf8'));
    const recorded = scenario.steps
      .filter((s: { request?: unknown }) => s.request !== undefined)
      .map(
        (s: { request: { method: string; path: string } }) =>
          `${s.request.method} ${s.request.path}`,
      );
    // The orchestrator created servers (POST) and listed them (GET) after each command.
    expect(printed.filter((p) => p.startsWith('POST /v2.1/servers'))).toHaveLength(2);
    expect(printed.length).toBe(recorded.length);
    // Same order; the scenario names saved ids `${s1}`, the message prints them.
    printed.forEach((line, i) => {
      const pattern = recorded[i]
        .replace(/[.*+?^()|[\]\\]/g, '\\$&')
        .replace(/\$\\?\{\w+\\?\}|\$\{\w+\}/g, '[0-9a-f-]+');
      expect(line).toMatch(new RegExp(`^${pattern}`));
    });
  });

  it('replays a failure of the code under test as a failure, saying so', () => {
    for (const hook of ['atEnd', 'afterCommand'] as const) {
      const error = failingRun(hook);
      const file = error.scenarioPath!;
      const scenario = loadScenario(JSON.parse(readFileSync(file, 'utf8')), { file });
      const result = replay(scenario, { file });
      expect(result.ok).toBe(false);
      expect(result.failures).toHaveLength(1);
      const failure = result.failures[0]!;
      expect(failure.pointer).toBe(`/steps/${scenario.steps.length - 1}/fail`);
      expect(failure.message).toMatch(
        hook === 'atEnd'
          ? /^the code under test failed \(atEnd\): .*expected 2 to be 5/
          : /^the code under test failed \(afterCommand, after command 2\): my scaler is confused/,
      );
    }
  });

  it('nova-sim replay of it exits 1 and prints why', () => {
    const error = failingRun('atEnd');
    let out = '';
    const code = main(['replay', error.scenarioPath!], {
      stdout: (text) => {
        out += text;
      },
      stderr: (text) => {
        out += text;
      },
      stderrIsTTY: false,
      color: false,
    });
    expect(code).toBe(1);
    expect(out).toMatch(/failed: the code under test failed \(atEnd\)/);
  });
});
