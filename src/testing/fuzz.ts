import fc from 'fast-check';
import { cloudCommands } from './commands/commands.js';
import { checkDeterminism } from './invariants/determinism.js';
import { isCloudPropertyError, runCloudCommands } from './run.js';

export type FuzzProperty = 'commands' | 'determinism';

export interface FuzzOptions {
  /** Which property (default both, one after the other). */
  readonly properties?: readonly FuzzProperty[];
  readonly numRuns?: number;
  /** fast-check's seed; a failure prints the one to reuse. */
  readonly seed?: number;
  /** fast-check's replay path of a failure: with its seed, runs just the counterexample. */
  readonly path?: string;
  /** The commands' `replayPath` of that failure (printed with it). */
  readonly replayPath?: string;
  readonly maxCommands?: number;
  /** Called every `progressEvery` runs (and once at the end of each property). */
  readonly onProgress?: (progress: FuzzProgress) => void;
  readonly progressEvery?: number;
  readonly counterexampleDir?: string;
}

export interface FuzzProgress {
  readonly property: FuzzProperty;
  /** Runs so far, shrinking runs included. */
  readonly runs: number;
  readonly numRuns: number;
  readonly shrinking: boolean;
}

export interface FuzzResult {
  readonly property: FuzzProperty;
  readonly failed: boolean;
  readonly numRuns: number;
  readonly seed: number;
  /** `SEED`, `FUZZ_PATH` and `REPLAY_PATH` reproduce a failure. */
  readonly path: string | undefined;
  readonly replayPath: string | undefined;
  readonly scenarioPath: string | undefined;
  readonly message: string | undefined;
}

/**
 * Runs the properties long: many runs, progress reports, and on failure the seed, the
 * replay path and the counterexample scenario. `{ seed, path }` of a failure runs exactly
 * that counterexample again.
 *
 * @example
 * const [result] = runFuzz({ numRuns: 10_000, onProgress: (p) => console.log(p.runs) });
 * if (result?.failed) console.log(result.scenarioPath);
 */
export function runFuzz(options: FuzzOptions = {}): FuzzResult[] {
  const numRuns = options.numRuns ?? 1000;
  const every = options.progressEvery ?? 100;
  const results: FuzzResult[] = [];
  for (const property of options.properties ?? (['commands', 'determinism'] as const)) {
    let runs = 0;
    let failures = 0;
    let scenarioPath: string | undefined;
    const report = () =>
      options.onProgress?.({
        property,
        runs,
        numRuns,
        shrinking: failures > 0,
      });
    const arbitrary = cloudCommands({
      ...(options.maxCommands === undefined ? {} : { maxCommands: options.maxCommands }),
      ...(options.replayPath === undefined ? {} : { replayPath: options.replayPath }),
    });
    const predicate = fc.property(arbitrary, (program) => {
      runs++;
      if (runs % every === 0) report();
      try {
        if (property === 'commands') {
          runCloudCommands(program, {
            name: `fuzz-${property}`,
            ...(options.counterexampleDir === undefined
              ? {}
              : { counterexampleDir: options.counterexampleDir }),
          });
        } else {
          checkDeterminism(program);
        }
      } catch (error) {
        failures++;
        if (isCloudPropertyError(error)) scenarioPath = error.scenarioPath;
        throw error;
      }
    });
    const details = fc.check(predicate, {
      numRuns,
      ...(options.seed === undefined ? {} : { seed: options.seed }),
      ...(options.path === undefined ? {} : { path: options.path }),
    });
    if (runs % every !== 0) report();
    results.push({
      property,
      failed: details.failed,
      numRuns: details.numRuns,
      seed: details.seed,
      path: details.counterexamplePath ?? undefined,
      replayPath: details.failed
        ? /replayPath="([^"]*)"/.exec(fc.stringify(details.counterexample))?.[1]
        : undefined,
      scenarioPath: details.failed ? scenarioPath : undefined,
      message: details.failed
        ? details.errorInstance instanceof Error
          ? details.errorInstance.message
          : String(details.errorInstance)
        : undefined,
    });
  }
  return results;
}
