import type { CloudConfig } from '../config.js';
import type { FaultInjector } from '../faults/fault-rules.js';
import type { Scheduler, SelectionRequest } from '../scheduler/index.js';
import type { Effects } from './effects.js';
import type { InstanceRecords } from './records.js';
import type { Server } from './server.js';

/** What the scheduler needs to know of a server group. */
export interface ServerGroupView {
  readonly policy: 'affinity' | 'anti-affinity' | 'soft-affinity' | 'soft-anti-affinity';
  readonly members: readonly string[];
  readonly maxServerPerHost?: number;
}

export interface ConductorDeps {
  readonly now: () => number;
  readonly scheduler: Scheduler;
  readonly config: CloudConfig;
  readonly faults: FaultInjector;
  readonly records: InstanceRecords;
  readonly effects: Effects;
  /** Sends an event the machine accepts in this state (the engine's `trySend`). */
  readonly send: (server: Server, event: string) => boolean;
  /** The server group a server belongs to, as the scheduler must honour it. */
  readonly groupOf?: ((groupId: string) => ServerGroupView | undefined) | undefined;
  /** Extra host filters for a server's request (the enabled aggregate filters). */
  readonly hostFilter?: ((server: Server) => ((host: string) => boolean) | undefined) | undefined;
  /** Adds what the filters read of a server's request spec (project, flavor, image, aggregates). */
  readonly requestInputs?: ((server: Server, request: SelectionRequest) => void) | undefined;
  /** Leaves the step's event waiting for the server's dead worker (the engine's stall). */
  readonly waitForWorker?: ((server: Server, event: string) => void) | undefined;
}
