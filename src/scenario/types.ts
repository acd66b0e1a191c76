import type { CatalogInput } from '../catalog/catalog.js';
import type { CloudConfigInput, Quotas } from '../config.js';
import type { CloudEventName } from '../events.js';
import type {
  BuildFailureRule,
  ImageUploadFailureRule,
  NetworkFailureRule,
  SlowImageUploadRule,
  SlowStepRule,
  SlowVolumeAttachRule,
  VolumeCreateFailureRule,
} from '../faults/fault-rules.js';
import type { HostsOption } from '../scheduler/host-control.js';
import type { HostSpec } from '../scheduler/index.js';
import type { ServiceName } from '../service/contract.js';

/** Any JSON value. */
export type Json =
  | null
  | boolean
  | number
  | string
  | readonly Json[]
  | { readonly [k: string]: Json };

/** Virtual milliseconds, or an ISO-8601 duration without years and months (`PT5M`, `P1DT2H`). */
export type Duration = number | string;

/**
 * A check on one value. A plain JSON value (not an object) must be equal; an object is a
 * conjunction of the keys it has. Wrap an object in `equals` to compare it literally.
 */
export type Matcher =
  | null
  | boolean
  | number
  | string
  | readonly Json[]
  | {
      readonly equals?: Json;
      /** Unanchored regular expression, on strings only. */
      readonly match?: string;
      readonly oneOf?: readonly Json[];
      readonly not?: Json;
      /** true: the pointer resolves; false: it does not. */
      readonly exists?: boolean;
      readonly length?: Matcher;
      readonly min?: number;
      readonly max?: number;
    };

/** A named caller: the Keystone project, user and roles a request is made with. */
export interface ScenarioUser {
  readonly project: string;
  readonly userId?: string;
  readonly roles?: readonly string[];
}

export interface RequestSpec {
  /** The service the request goes to (default `compute`, Nova). */
  readonly service?: ServiceName;
  readonly method: string;
  readonly path: string;
  readonly body?: Json;
  readonly headers?: Readonly<Record<string, string>>;
  /** A user of `users` (or the built-in `member` and `admin`). */
  readonly user?: string;
  /** An explicit Keystone identity instead of a named user. */
  readonly auth?: {
    readonly projectId: string;
    readonly userId: string;
    readonly roles: readonly string[];
  };
  /** Sends `OpenStack-API-Version: compute <microversion>`. */
  readonly microversion?: string;
}

/** Where a saved value comes from: a JSON Pointer into the body, or a response header. */
export type SaveSource = string | { readonly header: string };

export interface ServerChecks {
  readonly status?: Matcher;
  readonly task_state?: Matcher;
  readonly vm_state?: Matcher;
  readonly power_state?: Matcher;
  readonly host?: Matcher;
  readonly locked?: Matcher;
}

/** Counts events of one kind; `server` and `where` narrow which ones. */
export interface EventCount {
  readonly count: Matcher;
  readonly server?: string;
  readonly where?: Readonly<Record<string, Matcher>>;
}

export interface Expectation extends ServerChecks {
  /** The last response's HTTP code. */
  readonly code?: Matcher;
  /** JSON Pointers into the last response body. */
  readonly body?: Readonly<Record<string, Matcher>>;
  /** Header names (case-insensitive) of the last response. */
  readonly headers?: Readonly<Record<string, Matcher>>;
  /** The server the status/task_state/vm_state/host checks are about: id or name. */
  readonly server?: string;
  /** Events of each kind since the run began. */
  readonly events?: Partial<Readonly<Record<CloudEventName, Matcher | EventCount>>>;
}

export interface RequestStep {
  readonly request: RequestSpec;
  readonly save?: Readonly<Record<string, SaveSource>>;
  readonly expect?: Expectation;
  readonly comment?: string;
}

export interface AdvanceStep {
  readonly advance: Duration;
  readonly comment?: string;
}

export interface UntilStep {
  readonly until: {
    readonly server: string;
    readonly status?: Matcher;
    readonly task_state?: Matcher;
    readonly vm_state?: Matcher;
    /** Default one virtual hour. */
    readonly timeout?: Duration;
  };
  readonly comment?: string;
}

export type HostOperation =
  | { readonly add: HostSpec }
  | { readonly remove: string }
  | { readonly down: string }
  | { readonly up: string }
  | { readonly disable: string; readonly reason?: string }
  | { readonly enable: string }
  | { readonly forceDown: string }
  | { readonly forceUp: string };

export interface HostStep {
  readonly host: HostOperation;
  readonly comment?: string;
}

/** A host-down/up rule of the engine, timed relative to now (`after`) or to the start (`at`). */
export interface HostTimedFault {
  readonly kind: 'host-down' | 'host-up';
  readonly host: string;
  readonly after?: Duration;
  readonly at?: Duration;
}

export type FaultSpec =
  | BuildFailureRule
  | SlowStepRule
  | VolumeCreateFailureRule
  | SlowVolumeAttachRule
  | SlowImageUploadRule
  | ImageUploadFailureRule
  | HostTimedFault
  | NetworkFailureRule;

export interface FaultStep {
  readonly fault: FaultSpec | 'clear';
  readonly comment?: string;
}

export interface ExpectStep {
  readonly expect: Expectation;
  readonly comment?: string;
}

/** A line of narration in the timeline. */
export interface NoteStep {
  readonly note: string;
  readonly comment?: string;
}

/**
 * Fails the run here with this message: a counterexample of `nova-sim/testing` ends with
 * one when the failure was in the code under test (its assertions, its exceptions), which
 * the cloud's answers alone cannot show.
 */
export interface FailStep {
  readonly fail: string;
  readonly comment?: string;
}

export type Step =
  | RequestStep
  | AdvanceStep
  | UntilStep
  | HostStep
  | FaultStep
  | ExpectStep
  | NoteStep
  | FailStep;

export const STEP_KINDS = [
  'request',
  'advance',
  'until',
  'host',
  'fault',
  'expect',
  'note',
  'fail',
] as const;
export type StepKind = (typeof STEP_KINDS)[number];

/** A scenario file: a cloud and the steps to run against it. */
export interface Scenario {
  readonly $schema?: string;
  readonly name?: string;
  readonly description?: string;
  readonly seed?: number | string;
  /** Virtual start time, an ISO-8601 instant (default 2026-01-01T00:00:00Z). */
  readonly epoch?: string;
  /** Sent as `OpenStack-API-Version: compute <microversion>` unless a request says otherwise. */
  readonly microversion?: string;
  readonly hosts?: HostsOption;
  readonly config?: CloudConfigInput;
  readonly catalog?: CatalogInput;
  /** Default quotas of every project (`[quota]` options). */
  readonly quotas?: Partial<Quotas>;
  /** Per-project quota overrides, by project id. */
  readonly projects?: Readonly<Record<string, { readonly quotas?: Partial<Quotas> }>>;
  readonly users?: Readonly<Record<string, ScenarioUser>>;
  /** The user of requests that name none (default `member`). */
  readonly user?: string;
  /** Values for `${name}` known before any step runs. */
  readonly vars?: Readonly<Record<string, Json>>;
  readonly steps: readonly Step[];
}

/** The kind of a step: the one key of STEP_KINDS it has. */
export function stepKind(step: Step): StepKind {
  for (const kind of STEP_KINDS) if (kind in step) return kind;
  throw new Error('step without a kind (loadScenario rejects these)');
}
