import type { HostSpec } from './host.js';
import type { Scheduler } from './scheduler.js';
import type { HostStatus } from './service.js';

/** `{ count, ...sizes }` makes `count` identical hosts named compute-1…; or list them. */
export type HostsOption =
  | (Omit<HostSpec, 'name'> & { readonly count: number; readonly namePrefix?: string })
  | readonly HostSpec[];

/** Host operations: what an operator (or a fault) does to compute nodes. */
export interface HostControl {
  add(spec: HostSpec): void;
  remove(name: string): void;
  /** nova-compute stops: steps on the host wait; after service_down_time it reads as down. */
  down(name: string): void;
  up(name: string): void;
  disable(name: string, reason?: string): void;
  enable(name: string): void;
  /** os-services force-down: the service is down at once. */
  forceDown(name: string, forced?: boolean): void;
  status(name: string | null): HostStatus;
  list(): ReturnType<Scheduler['hosts']>;
}
