import fc from 'fast-check';
import type { CloudProgram } from '../commands/commands.js';
import { initialModel } from '../model/cloud-model.js';
import type { LogEntry } from '../model/observer.js';
import { CloudSystem } from '../model/system.js';
import { violated } from '../model/violation.js';

/** What one run did: every response and event, and where it stopped if a check failed. */
export interface RunLog {
  readonly log: readonly LogEntry[];
  readonly stoppedBy: string | undefined;
}

/**
 * Runs a program and returns its log. Checks stay on, but a failing one ends the run
 * rather than the caller: determinism is about the log, whatever it holds.
 */
export function runLog(program: CloudProgram, options: { restores: boolean }): RunLog {
  const system = new CloudSystem(program.setup, { restores: options.restores, checks: false });
  let stoppedBy: string | undefined;
  try {
    fc.modelRun(() => ({ model: initialModel(system), real: system }), program.commands);
  } catch (error) {
    stoppedBy = error instanceof Error ? error.message : String(error);
  }
  return { log: system.log, stoppedBy };
}

function compare(a: RunLog, b: RunLog, what: string): void {
  const n = Math.max(a.log.length, b.log.length);
  for (let i = 0; i < n; i++) {
    const x = JSON.stringify(a.log[i]);
    const y = JSON.stringify(b.log[i]);
    if (x !== y) {
      violated(
        'determinism',
        `${what}: the runs part at entry ${i} of ${n}:\n  first:  ${x?.slice(0, 400)}\n  second: ${y?.slice(0, 400)}`,
      );
    }
  }
  if (a.stoppedBy !== b.stoppedBy) {
    violated(
      'determinism',
      `${what}: one run stopped with ${a.stoppedBy}, the other with ${b.stoppedBy}`,
    );
  }
}

/**
 * DESIGN.md's determinism: the same commands with the same seed give the identical log
 * of responses and events, and snapshot → JSON → restore at the program's restore points
 * gives the same log as running straight through.
 *
 * @example
 * test.prop([cloudCommands()])('deterministic', (program) => checkDeterminism(program));
 */
export function checkDeterminism(program: CloudProgram): void {
  const straight = runLog(program, { restores: false });
  compare(straight, runLog(program, { restores: false }), 'same seed, same commands');
  compare(straight, runLog(program, { restores: true }), 'snapshot and restore mid-run');
}
