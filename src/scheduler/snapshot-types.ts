import type { Claim } from './claims.js';
import type { HostServiceState, ResolvedHostSpec } from './host.js';

/** One host in a snapshot: its full spec and service state. */
export interface HostSnapshot extends HostServiceState {
  spec: ResolvedHostSpec;
  /** Consecutive failed builds (BuildFailureWeigher); absent when 0. */
  failedBuilds?: number;
}

/**
 * A scheduler as plain JSON: hosts by name, claims by consumer then host.
 * Options are not part of it; pass them again to `restoreScheduler`.
 */
export interface SchedulerSnapshot {
  version: 1;
  hosts: HostSnapshot[];
  claims: Claim[];
  /** Consumers building or in an I/O task (IoOpsWeigher); absent when none. */
  busy?: string[];
}
