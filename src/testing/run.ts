import fc from 'fast-check';
import type { CloudProgram } from './commands/commands.js';
import { writeCounterexample } from './counterexample.js';
import { initialModel } from './model/cloud-model.js';
import { CloudSystem, type SystemOptions } from './model/system.js';
import { isInvariantViolation } from './model/violation.js';
import { AT_END, whatRan } from './what-ran.js';

export interface RunOptions extends SystemOptions {
  /** Names the property: the counterexample file is `<name>.json`. */
  readonly name?: string;
  /**
   * Where failing runs write their scenario (default $NOVA_SIM_COUNTEREXAMPLES, else
   * `<tmp>/nova-sim-counterexamples`); false writes none.
   */
  readonly counterexampleDir?: string | false;
  /** Runs after the last command: the final property of the code under test. */
  readonly atEnd?: (system: CloudSystem) => void;
}

/**
 * A failed run: the original failure, the script of commands that led there, and the
 * scenario file that replays it.
 */
export class CloudPropertyError extends Error {
  override readonly name = 'CloudPropertyError';
  /** The counterexample scenario, if one was written. */
  readonly scenarioPath: string | undefined;

  constructor(message: string, scenarioPath: string | undefined, cause: unknown) {
    super(message, { cause });
    this.scenarioPath = scenarioPath;
  }
}

export function isCloudPropertyError(error: unknown): error is CloudPropertyError {
  return error instanceof Error && error.name === 'CloudPropertyError' && 'scenarioPath' in error;
}

/**
 * Runs a generated program against a fresh cloud with fast-check's `modelRun`, checking
 * every response against the reference model and every invariant after every command.
 * On failure throws a {@link CloudPropertyError} whose message has the commands run and
 * the path of a scenario that `nova-sim replay` reproduces.
 *
 * @example
 * import { test } from '@fast-check/vitest';
 * test.prop([cloudCommands()])('Nova rules hold', (program) => {
 *   runCloudCommands(program, { name: 'nova-rules' });
 * });
 */
export function runCloudCommands(program: CloudProgram, options: RunOptions = {}): CloudSystem {
  const system = new CloudSystem(program.setup, options);
  try {
    fc.modelRun(() => ({ model: initialModel(system), real: system }), program.commands);
    if (options.atEnd) {
      system.recorder.note(AT_END);
      try {
        options.atEnd(system);
      } catch (error) {
        system.failedIn = { hook: 'atEnd', after: system.script.length };
        throw error;
      }
    }
    return system;
  } catch (error) {
    const path =
      options.counterexampleDir === false
        ? undefined
        : writeCounterexample(system, error, {
            ...(options.name === undefined ? {} : { name: options.name }),
            ...(options.counterexampleDir === undefined ? {} : { dir: options.counterexampleDir }),
          });
    const message = error instanceof Error ? error.message : String(error);
    const own = system.failedIn !== undefined && !isInvariantViolation(error);
    throw new CloudPropertyError(
      [
        message,
        ...(own
          ? [
              `(thrown by the code under test, in ${system.failedIn!.hook}; the cloud kept Nova's rules)`,
            ]
          : []),
        `after ${system.script.length} command(s) on seed ${program.setup.seed}, what ran:`,
        ...whatRan(system),
        ...(path === undefined
          ? []
          : [`counterexample scenario: ${path}`, `replay it: npx nova-sim replay ${path}`]),
      ].join('\n'),
      path,
      error,
    );
  }
}
