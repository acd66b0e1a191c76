import type { ApiRequest, ApiResponse } from '../../api/request.js';
import type { FaultRule } from '../../faults/fault-rules.js';

/** What the harness expected of a request, attached to the step that broke it. */
export interface StepExpectation {
  readonly status?: number;
  /** JSON pointers into the response body and the values expected there. */
  readonly body?: Readonly<Record<string, unknown>>;
}

export type HostOperation = 'down' | 'up' | 'disable' | 'enable' | 'force-down' | 'force-up';

/** One thing done to the cloud, in order: what a scenario replays. */
export type RecordedStep =
  | {
      readonly kind: 'request';
      readonly request: ApiRequest;
      readonly status: number;
      readonly body: unknown;
      expect?: StepExpectation;
    }
  | { readonly kind: 'advance'; readonly ms: number }
  | {
      readonly kind: 'host';
      readonly op: HostOperation;
      readonly host: string;
      readonly reason?: string;
    }
  | { readonly kind: 'fault'; readonly rule: FaultRule }
  | { readonly kind: 'clear-faults' }
  | { readonly kind: 'note'; readonly text: string };

/** Collects the steps of one run, for the counterexample scenario. */
export class Recorder {
  readonly steps: RecordedStep[] = [];

  request(request: ApiRequest, response: ApiResponse): void {
    this.steps.push({
      kind: 'request',
      request: structuredClone(request),
      status: response.status,
      body: response.body,
    });
  }

  advance(ms: number): void {
    const last = this.steps.at(-1);
    // Consecutive advances read better as one.
    if (last?.kind === 'advance')
      this.steps[this.steps.length - 1] = { kind: 'advance', ms: last.ms + ms };
    else this.steps.push({ kind: 'advance', ms });
  }

  host(op: HostOperation, host: string, reason?: string): void {
    this.steps.push({ kind: 'host', op, host, ...(reason === undefined ? {} : { reason }) });
  }

  fault(rule: FaultRule): void {
    this.steps.push({ kind: 'fault', rule: structuredClone(rule) });
  }

  clearFaults(): void {
    this.steps.push({ kind: 'clear-faults' });
  }

  note(text: string): void {
    this.steps.push({ kind: 'note', text });
  }

  /** Attaches what the harness expected to the last request step. */
  expectOnLastRequest(expect: StepExpectation): void {
    for (let i = this.steps.length - 1; i >= 0; i--) {
      const step = this.steps[i]!;
      if (step.kind === 'request') {
        step.expect = expect;
        return;
      }
    }
  }
}
