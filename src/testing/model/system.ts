import type { ApiRequest, ApiResponse } from '../../api/request.js';
import { DEFAULT_EPOCH_MS } from '../../clock/virtual-clock.js';
import { type Cloud, type CloudSnapshot, createCloud } from '../../cloud.js';
import { type CloudConfig, type CloudConfigInput, resolveConfig } from '../../config.js';
import type { FaultRule } from '../../faults/fault-rules.js';
import type { HostSpec } from '../../scheduler/index.js';
import { BackupLedger } from '../invariants/backups.js';
import { responseProblems } from '../invariants/responses.js';
import { serviceResponseProblems } from '../invariants/service-responses.js';
import { classifyRequest } from './classify.js';
import { type LogEntry, Observer } from './observer.js';
import { Recorder } from './recorder.js';
import { createReferenceModel, type ReferenceModel } from './reference-model.js';

/** The cloud a run starts from: what a counterexample scenario needs to rebuild it. */
export interface CloudSetup {
  readonly seed: number;
  readonly hosts: readonly HostSpec[];
  readonly config: CloudConfigInput;
  readonly epochMs?: number;
}

/** Called after every command, e.g. to let the orchestrator under test react. */
export type AfterCommandHook = (system: CloudSystem) => void;

export interface SystemOptions {
  readonly reference?: ReferenceModel;
  /** Check invariants after every command (default true). */
  readonly checks?: boolean;
  /** Let snapshot-restore commands swap the cloud (default true). */
  readonly restores?: boolean;
  readonly afterCommand?: AfterCommandHook;
}

/**
 * The real system of a model-based run: the cloud under test, instrumented so that every
 * request, clock advance, host and fault operation is recorded (for the scenario), logged
 * (for determinism checks) and watched (for transitions), whoever makes it: the harness's
 * commands or the orchestrator under test.
 */
export class CloudSystem {
  cloud: Cloud;
  readonly setup: CloudSetup;
  readonly config: CloudConfig;
  readonly reference: ReferenceModel;
  readonly observer: Observer;
  /** Each createBackup's rotation, for the rotation invariant. */
  readonly backups = new BackupLedger();
  readonly recorder = new Recorder();
  readonly log: LogEntry[] = [];
  readonly checks: boolean;
  readonly restores: boolean;
  readonly afterCommand: AfterCommandHook | undefined;
  readonly startedAt: number;
  /** Commands run so far, as their toString(). */
  readonly script: string[] = [];
  /**
   * Where the code under test threw, if it did: its `afterCommand` hook (after the n-th
   * command) or its `atEnd` check. A counterexample says so, since the cloud's answers
   * alone cannot show it.
   */
  failedIn: { readonly hook: 'afterCommand' | 'atEnd'; readonly after: number } | undefined;
  private detach: () => void = () => {};
  private depth = 0;

  constructor(setup: CloudSetup, options: SystemOptions = {}) {
    this.setup = setup;
    this.config = resolveConfig(setup.config);
    this.reference = options.reference ?? createReferenceModel();
    this.checks = options.checks ?? true;
    this.restores = options.restores ?? true;
    this.afterCommand = options.afterCommand;
    this.startedAt = setup.epochMs ?? DEFAULT_EPOCH_MS;
    this.observer = new Observer({
      reference: this.reference,
      log: this.log,
      startedAt: this.startedAt,
      reclaimSeconds: this.config.reclaimInstanceInterval,
    });
    this.cloud = this.install(
      createCloud({
        seed: setup.seed,
        hosts: [...setup.hosts],
        config: setup.config,
        epochMs: this.startedAt,
        trace: true,
      }),
    );
  }

  /** `cloud.request`, recorded and watched. */
  request(input: ApiRequest): ApiResponse {
    return this.cloud.request(input);
  }

  now(): number {
    return this.cloud.clock.now();
  }

  /** Continues on a cloud restored from `snapshot` (through JSON, as a file would carry it). */
  restore(snapshot: CloudSnapshot): void {
    const plain = JSON.parse(JSON.stringify(snapshot)) as CloudSnapshot;
    this.detach();
    this.cloud = this.install(createCloud({ restore: plain, trace: true }));
  }

  /** Instruments a cloud: every entry point is recorded, logged and watched. */
  private install(cloud: Cloud): Cloud {
    const { recorder, observer, log } = this;
    const top = <T>(fn: () => T): [T, boolean] => {
      const outer = this.depth === 0;
      this.depth++;
      try {
        return [fn(), outer];
      } finally {
        this.depth--;
      }
    };
    const request = cloud.request.bind(cloud);
    cloud.request = (input: ApiRequest) => {
      const [response] = top(() => observer.during(classifyRequest(input), () => request(input)));
      recorder.request(input, response);
      log.push({ type: 'response', data: response });
      const neighbour = input.service !== undefined && input.service !== 'compute';
      const problems = neighbour
        ? serviceResponseProblems(input, response)
        : responseProblems(input, response, this.config.maxMicroversion);
      for (const problem of problems) observer.report('response', problem);
      return response;
    };
    const clock = cloud.clock;
    for (const name of ['advance', 'advanceTo', 'runAll', 'next'] as const) {
      const original = (clock[name] as (...args: unknown[]) => unknown).bind(clock);
      (clock as unknown as Record<string, unknown>)[name] = (...args: unknown[]) => {
        const before = clock.now();
        const [result, outer] = top(() => original(...args));
        if (outer) recorder.advance(clock.now() - before);
        return result;
      };
    }
    const hosts = cloud.hosts as unknown as Record<string, (...args: unknown[]) => unknown>;
    const hostOp = (
      name: string,
      op: (args: unknown[]) => Parameters<Recorder['host']>[0] | undefined,
    ) => {
      const original = hosts[name]!;
      hosts[name] = (...args: unknown[]) => {
        const [result, outer] = top(() => original(...args));
        const recorded = op(args);
        if (outer && recorded) {
          const reason =
            recorded === 'disable' && typeof args[1] === 'string' ? args[1] : undefined;
          recorder.host(recorded, String(args[0]), reason);
        }
        return result;
      };
    };
    hostOp('down', () => 'down');
    hostOp('up', () => 'up');
    hostOp('disable', () => 'disable');
    hostOp('enable', () => 'enable');
    hostOp('forceDown', (args) => (args[1] === false ? 'force-up' : 'force-down'));
    const addFault = cloud.addFault.bind(cloud);
    cloud.addFault = (rule: FaultRule) => {
      const [, outer] = top(() => addFault(rule));
      if (outer) recorder.fault(rule);
    };
    const clearFaults = cloud.clearFaults.bind(cloud);
    cloud.clearFaults = () => {
      const [, outer] = top(() => clearFaults());
      if (outer) recorder.clearFaults();
    };
    const detachObserver = observer.attach(cloud);
    const detachBackups = this.backups.attach(cloud);
    this.detach = () => {
      detachObserver();
      detachBackups();
    };
    return cloud;
  }
}
