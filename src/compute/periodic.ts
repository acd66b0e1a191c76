import type { CloudConfig } from '../config.js';
import type { Server } from './server.js';
import type { VmState } from './states.js';

/** Nova's periodic tasks that the simulator runs (nova/compute/manager.py). */
export type PeriodicTask = VmStateTask | 'sync-power-states';

/** The periodic tasks that look at the servers of one vm_state (`PERIODIC`). */
export type VmStateTask =
  | 'reclaim'
  | 'confirm-resizes'
  | 'offload-shelved'
  | 'rescue-timeout'
  | 'build-timeout';

export interface PeriodicRule {
  readonly vmState: VmState;
  readonly event: string;
  readonly seconds: (config: CloudConfig) => number;
  readonly since: (server: Server) => number | null;
  /** Only servers with no task running (all but the build timeout, which watches builds). */
  readonly taskNone: boolean;
  /**
   * The instance action recorded when the task goes through the compute API (confirm_resize,
   * unrescue); the others call the compute manager, which records none.
   */
  readonly record?: string;
}

/** Which servers each periodic task looks at, and when they are due (nova/compute/manager.py). */
export const PERIODIC: Readonly<Record<VmStateTask, PeriodicRule>> = {
  reclaim: {
    vmState: 'soft-delete',
    event: 'RECLAIM',
    seconds: (c) => c.reclaimInstanceInterval,
    since: (s) => s.deletedAt,
    taskNone: true,
  },
  'confirm-resizes': {
    vmState: 'resized',
    event: 'CONFIRM_RESIZE',
    seconds: (c) => c.resizeConfirmWindow,
    // Nova measures from the migration record, not from the server's last update.
    since: (s) => s.migration?.finishedAt ?? null,
    taskNone: true,
    record: 'confirmResize',
  },
  'offload-shelved': {
    vmState: 'shelved',
    event: 'SHELVE_OFFLOAD',
    seconds: (c) => c.shelvedOffloadTime,
    since: (s) => s.shelvedAt,
    taskNone: true,
  },
  'rescue-timeout': {
    vmState: 'rescued',
    event: 'UNRESCUE',
    seconds: (c) => c.rescueTimeout,
    since: (s) => s.launchedAt,
    taskNone: true,
    record: 'unrescue',
  },
  'build-timeout': {
    vmState: 'building',
    event: 'BUILD_FAILED',
    seconds: (c) => c.instanceBuildTimeout,
    since: (s) => s.createdAt,
    taskNone: false,
  },
};

/** vm_states the periodic tasks look at, indexed so a tick never scans every server. */
export const WATCHED: ReadonlySet<VmState> = new Set(
  Object.values(PERIODIC).map((rule) => rule.vmState),
);
