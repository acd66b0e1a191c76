/** One thing wrong with a scenario file, located by JSON Pointer. */
export interface ScenarioProblem {
  /** JSON Pointer into the file, e.g. `/steps/3/request/method`. */
  readonly pointer: string;
  /** Index in `steps`, when the problem is inside a step. */
  readonly step: number | undefined;
  readonly message: string;
}

/** `file: step 3 (/steps/3/request/method): message` */
export function formatProblem(file: string, problem: ScenarioProblem): string {
  const where =
    problem.step === undefined
      ? `(${problem.pointer || '/'})`
      : `step ${problem.step} (${problem.pointer})`;
  return `${file}: ${where}: ${problem.message}`;
}

/**
 * A scenario that cannot run: invalid against the schema, an unknown `${name}`, a step
 * that cannot run (unknown user, host…). Carries every problem found; nothing ran.
 *
 * @example
 * try { loadScenario(json, { file: 'x.json' }); }
 * catch (error) { if (isScenarioError(error)) console.error(error.message); }
 */
export class ScenarioError extends Error {
  override readonly name = 'ScenarioError';
  readonly file: string;
  readonly problems: readonly ScenarioProblem[];

  constructor(file: string, problems: readonly ScenarioProblem[]) {
    super(problems.map((problem) => formatProblem(file, problem)).join('\n'));
    this.file = file;
    this.problems = problems;
  }

  /** The first problem's step index (convenient when there is one problem). */
  get step(): number | undefined {
    return this.problems[0]?.step;
  }

  get pointer(): string | undefined {
    return this.problems[0]?.pointer;
  }
}

/** Also true for a ScenarioError from another realm or another copy of this module. */
export function isScenarioError(value: unknown): value is ScenarioError {
  return (
    value instanceof ScenarioError ||
    (typeof value === 'object' &&
      value !== null &&
      (value as { name?: unknown }).name === 'ScenarioError')
  );
}
