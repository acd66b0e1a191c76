import type { HostRecord } from './host.js';
import type { SelectionContext } from './selection-context.js';

export type { SelectionContext } from './selection-context.js';
export { consume, createSelectionContext } from './selection-context.js';

/**
 * Placement's check of one resource class: nothing asked, or at most `max_unit`
 * (= total) and within `(total − reserved) × ratio` after what is used.
 */
function classFits(requested: number, total: number, used: number, capacity: number): boolean {
  return requested === 0 || (requested <= total && used + requested <= capacity);
}

/**
 * Would Placement return `host` as an allocation candidate? Capacity, the
 * `COMPUTE_STATUS_DISABLED` forbidden trait, the AZ aggregate, required and forbidden traits.
 */
export function placementAccepts(host: HostRecord, ctx: SelectionContext): boolean {
  const req = ctx.request;
  if (!host.enabled) return false;
  if (req.memberOf !== null && !req.memberOf.has(host.name)) return false;
  if (req.availabilityZone !== null && host.zone !== req.availabilityZone) {
    return false;
  }
  // Indexed loops: `for…of` made an array iterator per call here (a dozen per build).
  const required = req.requiredTraits;
  for (let i = 0; i < required.length; i++) if (!host.traits.has(required[i]!)) return false;
  const forbidden = req.forbiddenTraits;
  for (let i = 0; i < forbidden.length; i++) if (host.traits.has(forbidden[i]!)) return false;
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

/** The enabled filters, in order, then the 2.74 requested host and the caller's own filter. */
export function filtersAccept(host: HostRecord, ctx: SelectionContext): boolean {
  for (const passes of ctx.filters) if (!passes(host, ctx)) return false;
  const req = ctx.request;
  if (req.requestedHost !== null && host.name !== req.requestedHost) return false;
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
