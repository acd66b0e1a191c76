/** §7.1: the fault name of an error body by HTTP code; anything else is `computeFault`. */
export const FAULT_NAMES: Readonly<Record<number, string>> = {
  400: 'badRequest',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'itemNotFound',
  405: 'badMethod',
  409: 'conflictingRequest',
  413: 'overLimit',
  415: 'badMediaType',
  429: 'overLimit',
  501: 'notImplemented',
  503: 'serviceUnavailable',
};

export function faultName(code: number): string {
  return FAULT_NAMES[code] ?? 'computeFault';
}

/** §7.2: `req-` + UUID4. */
export const REQUEST_ID =
  /^req-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** §4.8: `created`, `updated`: seconds precision with `Z`. */
export const ISO_SECONDS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;

/** §4.7: the statuses whose views carry `fault`. */
export const FAULT_STATUSES: ReadonlySet<string> = new Set(['ERROR', 'DELETED']);

/** What §8.4 needs of a compute service. */
export interface ServiceState {
  readonly enabled: boolean;
  readonly forcedDown: boolean;
  readonly alive: boolean;
  readonly lastHeartbeat: number;
}

/**
 * §8.4 `host_status`, in its order: no host → '', forced down → DOWN, disabled →
 * MAINTENANCE, a heartbeat within service_down_time → UP, else UNKNOWN. A running
 * nova-compute heart-beats all the time. Both answers at the exact boundary.
 */
export function hostStatusOf(
  host: string | null,
  service: ServiceState | undefined,
  now: number,
  serviceDownTimeMs: number,
): readonly string[] {
  if (host === null || service === undefined) return [''];
  if (service.forcedDown) return ['DOWN'];
  if (!service.enabled) return ['MAINTENANCE'];
  if (service.alive) return ['UP'];
  const elapsed = now - service.lastHeartbeat;
  if (elapsed === serviceDownTimeMs) return ['UP', 'UNKNOWN'];
  return [elapsed < serviceDownTimeMs ? 'UP' : 'UNKNOWN'];
}
