import type { Auth } from '../api/context.js';
import type { ApiResponse } from '../api/request.js';
import type { Cloud } from '../cloud.js';
import type { CloudEventName } from '../events.js';
import { CLOUD_EVENT_NAMES } from './event-names.js';
import type { CheckOutcome } from './expect.js';
import type { ReplayFailure, TraceLine } from './trace.js';
import type { Scenario, StepKind } from './types.js';

const CLOUD_EVENT_SET: ReadonlySet<string> = new Set(CLOUD_EVENT_NAMES);

/** Where a replay is, for a progress display. */
export interface ReplayProgress {
  readonly file: string;
  /** Index of the running step. */
  readonly step: number;
  readonly steps: number;
  /** Virtual ms since the run began. */
  readonly t: number;
  /** Trace lines so far. */
  readonly lines: number;
}

/** The state of one replay, shared by the step runners. */
export class RunContext {
  readonly cloud: Cloud;
  readonly scenario: Scenario;
  readonly file: string;
  readonly users: ReadonlyMap<string, Auth>;
  readonly start: number;
  readonly vars: Record<string, unknown>;
  readonly trace: TraceLine[] = [];
  readonly failures: ReplayFailure[] = [];
  last: ApiResponse | undefined;
  step = -1;
  kind: StepKind = 'note';
  private readonly byType = new Map<string, TraceLine[]>();
  private held: [string, Readonly<Record<string, unknown>>, number | undefined][] | undefined;
  private readonly onTrace: ((line: TraceLine) => void) | undefined;
  private readonly onProgress: ((progress: ReplayProgress) => void) | undefined;

  constructor(init: {
    cloud: Cloud;
    scenario: Scenario;
    file: string;
    users: ReadonlyMap<string, Auth>;
    onTrace: ((line: TraceLine) => void) | undefined;
    onProgress: ((progress: ReplayProgress) => void) | undefined;
  }) {
    this.cloud = init.cloud;
    this.scenario = init.scenario;
    this.file = init.file;
    this.users = init.users;
    this.start = init.cloud.clock.now();
    this.vars = { ...init.scenario.vars };
    this.onTrace = init.onTrace;
    this.onProgress = init.onProgress;
    for (const type of CLOUD_EVENT_NAMES) {
      this.cloud.events.on(type, ((event: { at: number }) => {
        const { at, ...fields } = event;
        const extra =
          type === 'host' && (fields as { change?: string }).change === 'added'
            ? { capacity: this.cloud.scheduler.capacity((fields as { host: string }).host) }
            : {};
        this.record(type, { ...fields, ...extra }, at);
      }) as never);
    }
  }

  /** Virtual ms since the run began. */
  elapsed(at = this.cloud.clock.now()): number {
    return at - this.start;
  }

  /**
   * Runs `fn` holding back the events it causes, so that the caller can record the
   * request first and its consequences after it ({@link flushHeld}).
   */
  holding<T>(fn: () => T): T {
    this.held = [];
    try {
      return fn();
    } catch (error) {
      this.flushHeld();
      throw error;
    }
  }

  flushHeld(): void {
    const held = this.held ?? [];
    this.held = undefined;
    for (const [type, fields, at] of held) this.record(type, fields, at);
  }

  record(
    type: string,
    fields: Readonly<Record<string, unknown>>,
    at?: number,
  ): TraceLine | undefined {
    if (this.held && CLOUD_EVENT_SET.has(type)) {
      this.held.push([type, fields, at]);
      return undefined;
    }
    const line: TraceLine = {
      seq: this.trace.length,
      t: this.elapsed(at),
      type,
      ...(this.step >= 0 ? { step: this.step } : {}),
      ...fields,
    };
    this.trace.push(line);
    let lines = this.byType.get(type);
    if (!lines) this.byType.set(type, (lines = []));
    lines.push(line);
    this.onTrace?.(line);
    if (this.onProgress && this.trace.length % 256 === 0) this.progress();
    return line;
  }

  progress(): void {
    this.onProgress?.({
      file: this.file,
      step: this.step,
      steps: this.scenario.steps.length,
      t: this.elapsed(),
      lines: this.trace.length,
    });
  }

  events(type: CloudEventName): readonly TraceLine[] {
    return this.byType.get(type) ?? [];
  }

  /** Records a failure of the running step. */
  fail(failure: Omit<ReplayFailure, 'file' | 'step' | 'kind' | 't'>): void {
    const full: ReplayFailure = {
      file: this.file,
      step: this.step,
      kind: this.kind,
      t: this.elapsed(),
      ...failure,
    };
    this.failures.push(full);
    this.record('failure', { ...failure });
  }

  /** Records the failed checks among `outcomes`; true when all held. */
  judge(outcomes: readonly CheckOutcome[]): boolean {
    let ok = true;
    for (const check of outcomes) {
      if (check.ok) continue;
      ok = false;
      this.fail({
        pointer: check.pointer,
        message: check.message,
        expected: check.expected,
        found: check.found,
      });
    }
    return ok;
  }
}
