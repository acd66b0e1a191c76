import type { HostRecord } from './host.js';
import { supportsImage } from './image-properties.js';
import type { PreparedRequest } from './request.js';
import { addResources, type Resources } from './resources.js';
import { isServiceUp } from './service.js';

/**
 * The state of one selection: the request, the time, and what earlier
 * instances of the same multi-create already took (Nova's
 * `_consume_selected_host`: host resources and group membership).
 */
export interface SelectionContext {
  readonly request: PreparedRequest;
  readonly now: number;
  readonly serviceDownTimeMs: number;
  /** Resources taken on each host by earlier instances of this request. */
  readonly consumed: Map<HostRecord, Resources>;
  /** Instances of this request placed on each host so far. */
  readonly picks: Map<HostRecord, number>;
  /** Group members per host, this request's earlier instances included. */
  readonly members: Map<string, number>;
}

export function createSelectionContext(
  request: PreparedRequest,
  now: number,
  serviceDownTimeMs: number,
): SelectionContext {
  return {
    request,
    now,
    serviceDownTimeMs,
    consumed: new Map(),
    picks: new Map(),
    members: new Map(request.group?.members ?? []),
  };
}

/** Counts `host` as used by one more instance of the request. */
export function consume(ctx: SelectionContext, host: HostRecord): void {
  const before = ctx.consumed.get(host);
  const r = ctx.request.resources;
  ctx.consumed.set(host, before === undefined ? { ...r } : addResources(before, r));
  ctx.picks.set(host, (ctx.picks.get(host) ?? 0) + 1);
  if (ctx.request.group !== null) {
    ctx.members.set(host.name, (ctx.members.get(host.name) ?? 0) + 1);
  }
}

/**
 * Placement's check of one resource class: nothing asked, or at most `max_unit`
 * (= total) and within `(total − reserved) × ratio` after what is used.
 */
function classFits(requested: number, total: number, used: number, capacity: number): boolean {
  return requested === 0 || (requested <= total && used + requested <= capacity);
}

/**
 * Would Placement return `host` as an allocation candidate? Capacity, the
 * `COMPUTE_STATUS_DISABLED` forbidden trait, the AZ aggregate, required traits.
 */
export function placementAccepts(host: HostRecord, ctx: SelectionContext): boolean {
  const req = ctx.request;
  if (!host.enabled) return false;
  if (req.availabilityZone !== null && host.zone !== req.availabilityZone) {
    return false;
  }
  for (const trait of req.requiredTraits) if (!host.traits.has(trait)) return false;
  const r = req.resources;
  const { used, total, capacity } = host;
  const extra = ctx.consumed.get(host);
  if (extra === undefined) {
    return (
      classFits(r.vcpus, total.vcpus, used.vcpus, capacity.vcpus) &&
      classFits(r.memoryMb, total.memoryMb, used.memoryMb, capacity.memoryMb) &&
      classFits(r.diskGb, total.diskGb, used.diskGb, capacity.diskGb)
    );
  }
  return (
    classFits(r.vcpus, total.vcpus, used.vcpus + extra.vcpus, capacity.vcpus) &&
    classFits(r.memoryMb, total.memoryMb, used.memoryMb + extra.memoryMb, capacity.memoryMb) &&
    classFits(r.diskGb, total.diskGb, used.diskGb + extra.diskGb, capacity.diskGb)
  );
}

/** The enabled filters (§8.1) plus the hint filters and the 2.74 requested host. */
export function filtersAccept(host: HostRecord, ctx: SelectionContext): boolean {
  const req = ctx.request;
  // ComputeFilter: the service must be up (disabled hosts never got this far).
  if (!isServiceUp(host, ctx.now, ctx.serviceDownTimeMs)) return false;
  if (req.requestedHost !== null && host.name !== req.requestedHost) return false;
  if (req.image !== null && !supportsImage(host.spec.supportedInstances, req.image)) return false;
  const group = req.group;
  if (group !== null) {
    if (group.policy === 'anti-affinity') {
      if ((ctx.members.get(host.name) ?? 0) >= group.maxServerPerHost) return false;
    } else if (group.policy === 'affinity') {
      if (ctx.members.size > 0 && !ctx.members.has(host.name)) return false;
    }
  }
  if (req.sameHost !== null && !req.sameHost.has(host.name)) return false;
  if (req.differentHost?.has(host.name)) return false;
  if (req.hostFilter !== null && !req.hostFilter(host.name)) return false;
  return true;
}

/**
 * Does `host` survive Placement, `ignore_hosts` and (unless the host is forced,
 * which bypasses them) the filters?
 */
export function hostPasses(host: HostRecord, ctx: SelectionContext): boolean {
  if (!placementAccepts(host, ctx)) return false;
  if (ctx.request.ignoreHosts?.has(host.name)) return false;
  return ctx.request.forcedHost !== null || filtersAccept(host, ctx);
}
