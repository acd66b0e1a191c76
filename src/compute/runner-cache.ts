import { type CloudConfig, stepDuration } from '../config.js';
import { MachineRunner } from './machine-runner.js';
import { createServerMachine } from './server-machine.js';

/** Enough for every timing a test suite tries; the oldest goes first beyond it. */
const MAX_RUNNERS = 32;
const runners = new Map<string, MachineRunner>();

/**
 * The machine runner for a config's step durations and shelve policy, shared by every
 * cloud with the same ones. Building the xstate machine and learning its transitions took
 * most of `createCloud`'s time (~5 ms a cloud); interned states and memoised steps are
 * immutable and depend on nothing but these settings, so clouds can share them.
 *
 * @example
 * const runner = runnerFor(resolveConfig({ stepMs: { spawning: 5000 } }));
 */
export function runnerFor(config: CloudConfig): MachineRunner {
  const offloadAtOnce = config.shelvedOffloadTime === 0;
  const key = `${offloadAtOnce}|${JSON.stringify(config.stepMs)}`;
  let runner = runners.get(key);
  if (runner !== undefined) return runner;
  // The durations are read once here, as the cloud's own config never changes afterwards.
  const timings: CloudConfig = { ...config, stepMs: { ...config.stepMs } };
  runner = new MachineRunner(
    createServerMachine({
      stepMs: (task) => stepDuration(timings, task),
      offloadAtOnce,
    }),
  );
  if (runners.size >= MAX_RUNNERS) runners.delete(runners.keys().next().value!);
  runners.set(key, runner);
  return runner;
}
