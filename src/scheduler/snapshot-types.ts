import type { Claim } from './claims.js';
import type { HostServiceState, ResolvedHostSpec } from './host.js';

/** One host in a snapshot: its full spec and service state. */
export interface HostSnapshot extends HostServiceState {
  spec: ResolvedHostSpec;
}

/**
 * A scheduler as plain JSON: hosts by name, claims by consumer then host.
 * Options are not part of it; pass them again to `restoreScheduler`.
 */
export interface SchedulerSnapshot {
  version: 1;
  hosts: HostSnapshot[];
  claims: Claim[];
}
