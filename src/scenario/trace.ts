import type { StepKind } from './types.js';

/**
 * One line of a replay trace: the run's own records (`scenario`, `request`, `save`,
 * `advance`, `until`, `expect`, `note`, `host-op`, `fault-rule`, `failure`, `end`) and
 * every event of `cloud.events`, by its name, with the event's fields. `t` is virtual
 * milliseconds since the run began; `step` the index of the step that was running.
 * Plain JSON with a fixed key order: the same file and seed give the same bytes.
 */
export interface TraceLine {
  readonly seq: number;
  readonly t: number;
  readonly type: string;
  readonly step?: number;
  readonly [field: string]: unknown;
}

/** A check that did not hold, or a step that could not run. */
export interface ReplayFailure {
  readonly file: string;
  readonly step: number;
  readonly kind: StepKind;
  /** JSON Pointer of what failed in the file, e.g. `/steps/7/expect/status`. */
  readonly pointer: string;
  /** What was checked: `server web-1 status`, `code`, `body /server/name`… */
  readonly message: string;
  /** The matcher, in words; absent when the step could not run at all. */
  readonly expected?: string;
  readonly found?: unknown;
  /** Virtual ms since the run began. */
  readonly t: number;
}

/** The trace as JSON lines, each ending in a newline. */
export function traceToJsonLines(trace: readonly TraceLine[]): string {
  return trace.map((line) => `${JSON.stringify(line)}\n`).join('');
}
