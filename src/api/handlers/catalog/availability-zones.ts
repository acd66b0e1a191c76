import type { ApiContext, HandlerResult, Route } from '../../context.js';
import { authorize, requireAdmin } from '../../policy.js';
import { type ServiceRecord, serviceRecords } from './service-records.js';
import { perfectTime } from './view-helpers.js';

/**
 * `availability_zones.get_availability_zones`: a zone is available when it has an enabled
 * service (down services still count: only `disabled` matters), unavailable when all its
 * services are disabled. Zones come in service order.
 */
function zones(services: readonly ServiceRecord[]): { available: string[]; unavailable: string[] } {
  const available: string[] = [];
  for (const s of services) if (!s.disabled && !available.includes(s.zone)) available.push(s.zone);
  const unavailable: string[] = [];
  for (const s of services) {
    if (s.disabled && !available.includes(s.zone) && !unavailable.includes(s.zone))
      unavailable.push(s.zone);
  }
  return { available, unavailable };
}

/** GET /os-availability-zone: any user; the `internal` zone of the control services is hidden. */
function listZones(ctx: ApiContext): HandlerResult {
  authorize(ctx, 'os_compute_api:os-availability-zone:list');
  const { available, unavailable } = zones(serviceRecords(ctx.cloud));
  const entry = (zoneName: string, ok: boolean) => ({
    zoneName,
    zoneState: { available: ok },
    hosts: null,
  });
  return {
    status: 200,
    body: {
      availabilityZoneInfo: [
        ...available.filter((z) => z !== 'internal').map((z) => entry(z, true)),
        ...unavailable.filter((z) => z !== 'internal').map((z) => entry(z, false)),
      ],
    },
  };
}

/** GET /os-availability-zone/detail (admin): hosts and their enabled services per zone. */
function detailZones(ctx: ApiContext): HandlerResult {
  requireAdmin(ctx, 'os_compute_api:os-availability-zone:detail');
  const services = serviceRecords(ctx.cloud);
  const { available, unavailable } = zones(services);
  const info: unknown[] = available.map((zoneName) => {
    const hosts: Record<string, Record<string, unknown>> = {};
    for (const s of services) {
      if (s.disabled || s.zone !== zoneName) continue;
      hosts[s.host] ??= {};
      hosts[s.host]![s.binary] = {
        available: s.up,
        active: !s.disabled,
        updated_at: perfectTime(s.updatedAt),
      };
    }
    return { zoneName, zoneState: { available: true }, hosts };
  });
  for (const zoneName of unavailable)
    info.push({ zoneName, zoneState: { available: false }, hosts: null });
  return { status: 200, body: { availabilityZoneInfo: info } };
}

export const availabilityZoneRoutes: readonly Route[] = [
  { method: 'GET', path: '/os-availability-zone', handler: listZones },
  { method: 'GET', path: '/os-availability-zone/detail', handler: detailZones },
];
