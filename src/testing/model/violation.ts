/**
 * A broken invariant or a response the reference did not expect. The message says what
 * was expected, what came back, and on which command.
 */
export class InvariantViolation extends Error {
  override readonly name = 'InvariantViolation';
  /** Which family of invariants: capacity, status, transition, lifecycle, quota, listing… */
  readonly invariant: string;
  /** A scenario `expect` that fails where the run failed, when one can say it. */
  readonly expect: Readonly<Record<string, unknown>> | undefined;

  constructor(invariant: string, message: string, expect?: Readonly<Record<string, unknown>>) {
    super(`[${invariant}] ${message}`);
    this.invariant = invariant;
    this.expect = expect;
  }
}

/** Also true across realms (checks the name, as ky's guards do). */
export function isInvariantViolation(error: unknown): error is InvariantViolation {
  return (
    error instanceof InvariantViolation ||
    (error instanceof Error && error.name === 'InvariantViolation' && 'invariant' in error)
  );
}

/** Throws an {@link InvariantViolation}. */
export function violated(
  invariant: string,
  message: string,
  expect?: Readonly<Record<string, unknown>>,
): never {
  throw new InvariantViolation(invariant, message, expect);
}
