import type { Cloud } from '../cloud.js';
import { cloudFor, epochOf } from './cloud-setup.js';
import { type ReplayProgress, RunContext } from './context.js';
import { isLoadedScenario, loadScenario } from './load.js';
import { joinPointer } from './pointer.js';
import { STEP_RUNNERS } from './steps.js';
import { substitute } from './substitute.js';
import type { ReplayFailure, TraceLine } from './trace.js';
import { type Scenario, stepKind } from './types.js';
import { scenarioUsers } from './users.js';

export interface ReplayOptions {
  /** Overrides the scenario's seed. */
  readonly seed?: number | string;
  /** The file name failures and the trace mention (default `<scenario>`). */
  readonly file?: string;
  /** Called with each trace line as it is written (the CLI prints the timeline from it). */
  readonly onTrace?: (line: TraceLine) => void;
  /** Called now and then during long runs. */
  readonly onProgress?: (progress: ReplayProgress) => void;
}

export interface ReplayResult {
  /** No expectation failed and every step ran. */
  readonly ok: boolean;
  /** The failed checks of the first failing step (the run stops there). */
  readonly failures: readonly ReplayFailure[];
  readonly trace: readonly TraceLine[];
  /** The cloud as the run left it, to look at further. */
  readonly cloud: Cloud;
  readonly file: string;
  readonly name: string;
  readonly seed: number | string;
  /** Steps run, the failing one included. */
  readonly steps: number;
  /** Virtual ms the run took. */
  readonly elapsedMs: number;
}

/**
 * Replays a scenario in-process: builds its cloud, runs its steps in order, stops at the
 * first step whose expectations fail. Accepts what {@link loadScenario} returns, or a
 * parsed scenario (loaded here: a ScenarioError if it is invalid, and nothing runs).
 *
 * @example
 * const result = replay(loadScenario(json), { seed: 7 });
 * if (!result.ok) console.log(result.failures);
 */
export function replay(input: Scenario | unknown, options: ReplayOptions = {}): ReplayResult {
  const file = options.file ?? '<scenario>';
  const scenario = isLoadedScenario(input) ? input : loadScenario(input, { file });
  const seed = options.seed ?? scenario.seed ?? 0;
  const cloud = cloudFor(scenario, seed);
  const ctx = new RunContext({
    cloud,
    scenario,
    file,
    users: scenarioUsers(scenario),
    onTrace: options.onTrace,
    onProgress: options.onProgress,
  });
  ctx.record('scenario', {
    file,
    name: scenario.name ?? file,
    seed,
    epoch: new Date(epochOf(scenario)).toISOString(),
    hosts: cloud.scheduler.hosts().map((host) => ({
      name: host.name,
      capacity: cloud.scheduler.capacity(host.name),
    })),
  });
  let ran = 0;
  for (const [index, raw] of scenario.steps.entries()) {
    ctx.step = index;
    ctx.kind = stepKind(raw);
    ran++;
    ctx.progress();
    const step = substitute(raw, ctx.vars);
    STEP_RUNNERS[ctx.kind](ctx, step as never, joinPointer('/steps', index));
    if (ctx.failures.length > 0) break;
  }
  ctx.step = -1;
  const ok = ctx.failures.length === 0;
  ctx.record('end', { ok, steps: ran, failures: ctx.failures.length });
  return {
    ok,
    failures: ctx.failures,
    trace: ctx.trace,
    cloud,
    file,
    name: scenario.name ?? file,
    seed,
    steps: ran,
    elapsedMs: ctx.elapsed(),
  };
}
