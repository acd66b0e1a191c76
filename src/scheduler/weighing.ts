import type { SelectionContext } from './filters.js';
import type { HostRecord } from './host.js';
import type { ActiveWeigher, WeighedFeature, Weighing } from './weighers.js';

/**
 * Nova's `free_ram_mb` of a host: total − reserved − used (the allocation ratio
 * is not applied), less what earlier instances of this request took.
 */
export function freeRamMb(host: HostRecord, ctx?: SelectionContext): number {
  const free = host.total.memoryMb - host.spec.reserved.memoryMb - host.used.memoryMb;
  const extra = ctx?.consumed.get(host);
  return extra === undefined ? free : free - extra.memoryMb;
}

/**
 * Each weighed feature's raw value by host slot, kept by the registry, so weighing
 * every candidate reads contiguous arrays. Same values as {@link featureValue}.
 */
export interface HostColumns {
  column(feature: WeighedFeature): Float64Array | undefined;
  /** The hosts' slots (cached for the last list asked about). */
  slotsOf(hosts: readonly HostRecord[]): Int32Array;
}

/**
 * What a weigher reads of a host, as Nova's HostState has it, after
 * `consume_from_request` of this request's earlier instances (each adds one
 * instance and one I/O op to its host).
 */
export function featureValue(
  feature: WeighedFeature,
  host: HostRecord,
  ctx?: SelectionContext,
): number {
  const extra = ctx?.consumed.get(host);
  switch (feature) {
    case 'freeRamMb':
      return freeRamMb(host, ctx);
    case 'freeVcpus':
      // CPUWeigher: vcpus_total × cpu_allocation_ratio − vcpus_used (reserved not taken off).
      return (
        host.total.vcpus * host.spec.allocationRatio.vcpus - host.used.vcpus - (extra?.vcpus ?? 0)
      );
    case 'freeDiskMb': {
      const freeGb = host.total.diskGb - host.spec.reserved.diskGb - host.used.diskGb;
      return (freeGb - (extra?.diskGb ?? 0)) * 1024;
    }
    case 'ioOps':
      return host.ioOps + (ctx?.picks.get(host) ?? 0);
    case 'instances':
      return host.instances + (ctx?.picks.get(host) ?? 0);
    case 'failedBuilds':
      return host.failedBuilds;
    case 'hypervisorVersion':
      return host.spec.hypervisorVersion;
    case 'softAffinity':
      return ctx?.request.group?.policy === 'soft-affinity' ? (ctx.members.get(host.name) ?? 0) : 0;
    case 'softAntiAffinity':
      return ctx?.request.group?.policy === 'soft-anti-affinity'
        ? -(ctx.members.get(host.name) ?? 0)
        : 0;
    case 'neutral':
      return 0;
  }
}

/**
 * Each host's raw weight for `feature`, into `out`. One loop per feature, and the
 * per-host lookups of this request's earlier picks only when there were some:
 * this runs over every candidate host.
 */
function rawValues(
  feature: WeighedFeature,
  hosts: readonly HostRecord[],
  ctx: SelectionContext,
  out: Float64Array,
  columns?: HostColumns,
): void {
  const n = hosts.length;
  const column = ctx.consumed.size === 0 ? columns?.column(feature) : undefined;
  if (column !== undefined) {
    // Contiguous per-slot values: no walk through every host's objects.
    const slots = columns!.slotsOf(hosts);
    for (let i = 0; i < n; i++) out[i] = column[slots[i]!]!;
    return;
  }
  if (ctx.consumed.size > 0 || feature === 'softAffinity' || feature === 'softAntiAffinity') {
    for (let i = 0; i < n; i++) out[i] = featureValue(feature, hosts[i]!, ctx);
    return;
  }
  switch (feature) {
    case 'freeRamMb':
      for (let i = 0; i < n; i++) {
        const h = hosts[i]!;
        out[i] = h.total.memoryMb - h.spec.reserved.memoryMb - h.used.memoryMb;
      }
      return;
    case 'freeVcpus':
      for (let i = 0; i < n; i++) {
        const h = hosts[i]!;
        out[i] = h.total.vcpus * h.spec.allocationRatio.vcpus - h.used.vcpus;
      }
      return;
    case 'freeDiskMb':
      for (let i = 0; i < n; i++) {
        const h = hosts[i]!;
        out[i] = (h.total.diskGb - h.spec.reserved.diskGb - h.used.diskGb) * 1024;
      }
      return;
    case 'ioOps':
      for (let i = 0; i < n; i++) out[i] = hosts[i]!.ioOps;
      return;
    case 'instances':
      for (let i = 0; i < n; i++) out[i] = hosts[i]!.instances;
      return;
    case 'failedBuilds':
      for (let i = 0; i < n; i++) out[i] = hosts[i]!.failedBuilds;
      return;
    case 'hypervisorVersion':
      for (let i = 0; i < n; i++) out[i] = hosts[i]!.spec.hypervisorVersion;
      return;
    default:
      out.fill(0);
  }
}

/**
 * Adds one weigher's `multiplier × normalised weight` to `scores`, as
 * `BaseWeightHandler.get_weighed_objects`: raw weights clamped to `minval`, then
 * scaled to 0–1 between `minval` (else the smallest) and the largest; all equal → 0.
 */
function addWeigher(
  hosts: readonly HostRecord[],
  ctx: SelectionContext,
  weigher: ActiveWeigher,
  scores: Float64Array,
  raw: Float64Array,
  columns: HostColumns | undefined,
): void {
  const { minval, feature } = weigher.def;
  rawValues(feature, hosts, ctx, raw, columns);
  const n = hosts.length;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    let v = raw[i]!;
    if (minval !== null && v < minval) raw[i] = v = minval;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const lo = minval ?? min;
  if (lo === max) return;
  const range = max - lo;
  const perHost = ctx.hostMultiplier;
  if (perHost !== null) {
    for (let i = 0; i < n; i++) {
      scores[i] = scores[i]! + perHost(weigher, hosts[i]!) * ((raw[i]! - lo) / range);
    }
    return;
  }
  const m = weigher.multiplier;
  for (let i = 0; i < n; i++) scores[i] = scores[i]! + m * ((raw[i]! - lo) / range);
}

/** Each host's total weight, in the order given. */
export function scoreHosts(
  hosts: readonly HostRecord[],
  ctx: SelectionContext,
  weighing: Weighing,
  columns?: HostColumns,
): Float64Array {
  const scores = new Float64Array(hosts.length);
  if (hosts.length <= 1) return scores;
  const raw = new Float64Array(hosts.length);
  for (const w of ctx.weighing ?? weighing) addWeigher(hosts, ctx, w, scores, raw, columns);
  return scores;
}

/** Best first: the higher weight, then the host name ascending (Nova keeps the input order). */
function better(scoreA: number, nameA: string, scoreB: number, nameB: string): boolean {
  return scoreA > scoreB || (scoreA === scoreB && nameA < nameB);
}

/**
 * Sorts hosts best first by their summed weights, as Nova's `get_weighed_objects`.
 *
 * @example
 * weighHosts(passing, ctx, resolveWeighing()); // Nova's default weighers
 */
export function weighHosts(
  hosts: readonly HostRecord[],
  ctx: SelectionContext,
  weighing: Weighing,
): HostRecord[] {
  return weighHostsScored(hosts, ctx, weighing).hosts;
}

/** {@link weighHosts} with each sorted host's weight beside it. */
export function weighHostsScored(
  hosts: readonly HostRecord[],
  ctx: SelectionContext,
  weighing: Weighing,
): { hosts: HostRecord[]; weights: number[] } {
  const scores = scoreHosts(hosts, ctx, weighing);
  const order = hosts.map((_, i) => i);
  order.sort((a, b) => {
    const ha = hosts[a]!;
    const hb = hosts[b]!;
    if (better(scores[a]!, ha.name, scores[b]!, hb.name)) return -1;
    return better(scores[b]!, hb.name, scores[a]!, ha.name) ? 1 : 0;
  });
  return { hosts: order.map((i) => hosts[i]!), weights: order.map((i) => scores[i]!) };
}

/** The first `k` of {@link weighHosts} without sorting them all. */
export function bestWeighed(
  hosts: readonly HostRecord[],
  ctx: SelectionContext,
  weighing: Weighing,
  k: number,
  columns?: HostColumns,
): HostRecord[] {
  if (k >= hosts.length) return weighHosts(hosts, ctx, weighing);
  const scores = scoreHosts(hosts, ctx, weighing, columns);
  const best: number[] = [];
  for (let i = 0; i < hosts.length; i++) {
    const s = scores[i]!;
    const name = hosts[i]!.name;
    let at = best.length;
    while (at > 0) {
      const j = best[at - 1]!;
      if (!better(s, name, scores[j]!, hosts[j]!.name)) break;
      at--;
    }
    if (at >= k) continue;
    best.splice(at, 0, i);
    if (best.length > k) best.pop();
  }
  return best.map((i) => hosts[i]!);
}
