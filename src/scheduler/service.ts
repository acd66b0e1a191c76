import type { HostServiceState } from './host.js';

/** Nova's `HostStatus` values of `host_status` (§8.4); `''` when there is no host. */
export type HostStatus = 'UP' | 'DOWN' | 'MAINTENANCE' | 'UNKNOWN' | '';

/** `[DEFAULT] service_down_time`: 60 s without a heartbeat and a service is down. */
export const DEFAULT_SERVICE_DOWN_TIME_MS = 60_000;

/**
 * Nova's `servicegroup` `service_is_up`: not forced down, and a heartbeat within
 * `service_down_time`. A live process heart-beats all the time; a dead one last
 * beat at `lastHeartbeat`. Nova compares `abs(elapsed)`, so do we.
 */
export function isServiceUp(
  service: HostServiceState,
  now: number,
  serviceDownTimeMs: number,
): boolean {
  if (service.forcedDown) return false;
  return service.alive || Math.abs(now - service.lastHeartbeat) <= serviceDownTimeMs;
}

/**
 * `get_instance_host_status`, in Nova's order: no service → `''`, forced down →
 * `DOWN`, disabled → `MAINTENANCE`, up → `UP`, else `UNKNOWN`.
 */
export function hostStatusOf(
  service: HostServiceState | undefined,
  now: number,
  serviceDownTimeMs: number,
): HostStatus {
  if (service === undefined) return '';
  if (service.forcedDown) return 'DOWN';
  if (!service.enabled) return 'MAINTENANCE';
  return isServiceUp(service, now, serviceDownTimeMs) ? 'UP' : 'UNKNOWN';
}
