import type { StatePair } from './states.js';

/** §1.3 power_state integers. */
export const POWER = {
  NOSTATE: 0,
  RUNNING: 1,
  PAUSED: 3,
  SHUTDOWN: 4,
  CRASHED: 6,
  SUSPENDED: 7,
} as const;

const { NOSTATE, RUNNING, PAUSED, SHUTDOWN, SUSPENDED } = POWER;

/** Task states whose walk ends with the guest running (§2.3 "Final … / 1"). */
const RUNNING_AFTER = new Set([
  'spawning',
  'powering-on',
  'reboot_started',
  'reboot_started_hard',
  'unpausing',
  'resuming',
  'unrescuing',
  'restoring',
  'rebuild_spawning',
]);

/**
 * The power_state a server may have on arriving at `to` from `from`, per §1.3 and the
 * "Final vm_state / power_state" column of §2.3 (libvirt's value or the fake driver's,
 * §9, where they differ); undefined where the reference says nothing (e.g. a reset, which
 * changes nothing else).
 *
 * @example
 * arrivalPower(pair('active', 'powering-off'), pair('stopped')); // [4]
 */
export function arrivalPower(from: StatePair, to: StatePair): readonly number[] | undefined {
  if (to.vm === 'building') return [NOSTATE];
  if (to.vm === 'deleted') return [NOSTATE];
  if (to.task !== null) return undefined;
  if (from.vm === 'building' && to.vm === 'error') return [NOSTATE];
  if (to.vm === 'active' && from.task !== null && RUNNING_AFTER.has(from.task)) return [RUNNING];
  if (to.vm === 'stopped' && from.task === 'powering-off') return [SHUTDOWN];
  if (to.vm === 'shelved' || to.vm === 'shelved_offloaded') return [SHUTDOWN];
  if (to.vm === 'paused' && from.task === 'pausing') return [PAUSED, RUNNING];
  if (to.vm === 'suspended' && from.task === 'suspending') return [SHUTDOWN, SUSPENDED, RUNNING];
  if (to.vm === 'soft-delete' && from.task === 'soft-deleting') return [SHUTDOWN, RUNNING];
  if (to.vm === 'rescued' && from.task === 'rescuing') return [RUNNING, SHUTDOWN];
  if (to.vm === 'resized' && from.task === 'resize_finish') return [RUNNING, SHUTDOWN];
  return undefined;
}
