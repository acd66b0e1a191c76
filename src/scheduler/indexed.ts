import { hasAggregateMultipliers } from './aggregate-weights.js';
import { filterMayRaise } from './filter-may-raise.js';
import { consume, createSelectionContext, hostPasses, type SelectionContext } from './filters.js';
import type { HostRecord } from './host.js';
import type { HostIndex } from './host-index.js';
import type { IndexedHosts } from './indexed-hosts.js';
import type { PreparedRequest, SelectionResult } from './request.js';
import { noValidHostReason, withAlternates } from './scan.js';
import { bestByThreshold } from './threshold.js';
import { chooseFromSubset, type SelectionEnv } from './weigher.js';
import type { WeighedFeature } from './weighers.js';
import { bestWeighed, weighHosts } from './weighing.js';

/** What each weigher reads that earlier instances of the same request change. */
function consumptionMoves(feature: WeighedFeature, ctx: SelectionContext): boolean {
  const r = ctx.request.resources;
  switch (feature) {
    case 'freeVcpus':
      return r.vcpus > 0;
    case 'freeDiskMb':
      return r.diskGb > 0;
    case 'ioOps':
    case 'instances':
      return true;
    default:
      return false;
  }
}

/**
 * Is the RAM index order the weighed order for this selection? It is when RAM is
 * the only active weigher whose weight differs between hosts: the others then add
 * the same amount to every candidate. The multiplier bound keeps that constant
 * from swallowing the RAM term's last bits (RAM in whole MB below 2^30 per host).
 */
function ramOrderIsWeighedOrder(source: IndexedHosts, ctx: SelectionContext, env: SelectionEnv) {
  if (env.ramMultiplier === 0) return false;
  let others = 0;
  for (const w of env.weighing) {
    const feature = w.def.feature;
    if (feature === 'freeRamMb' || feature === 'softAffinity' || feature === 'softAntiAffinity')
      continue;
    if (!source.features.uniform(feature)) return false;
    if (ctx.consumed.size > 0 && consumptionMoves(feature, ctx)) return false;
    others += Math.abs(w.multiplier);
  }
  return others <= 2 ** 20 * Math.abs(env.ramMultiplier);
}

/**
 * Can the indexed selection serve this request? Forced hosts, soft policies, per-aggregate
 * multipliers, shuffling the best tied hosts and a filter that may raise (its exception
 * must not depend on where the walk stops) need the scan; so does a cloud without
 * ComputeFilter, since the index leaves forced-down hosts out as that filter would.
 */
export function indexServes(request: PreparedRequest, env: SelectionEnv): boolean {
  const policy = request.group?.policy;
  return (
    request.forcedHost === null &&
    env.enabledFilters.has('ComputeFilter') &&
    policy !== 'soft-affinity' &&
    policy !== 'soft-anti-affinity' &&
    !env.shuffleBestSameWeighedHosts &&
    !hasAggregateMultipliers(request, env) &&
    !filterMayRaise(request, env)
  );
}

/**
 * When only a few named hosts can pass (2.74 host, an affinity group that has
 * hosts, `same_host`), those hosts; else null (walk the index).
 */
function namedCandidates(
  source: IndexedHosts,
  ctx: SelectionContext,
  env: SelectionEnv,
): HostRecord[] | null {
  const req = ctx.request;
  let names: Iterable<string>;
  if (req.requestedHost !== null) names = [req.requestedHost];
  else if (
    req.group?.policy === 'affinity' &&
    ctx.members.size > 0 &&
    env.enabledFilters.has('ServerGroupAffinityFilter')
  )
    names = ctx.members.keys();
  else if (req.sameHost !== null) names = req.sameHost;
  else return null;
  const out: HostRecord[] = [];
  for (const name of names) {
    const host = source.byName.get(name);
    if (host !== undefined) out.push(host);
  }
  return out;
}

/**
 * The positions of hosts that may have room for the requested RAM. A host fits
 * only if `free_ram_mb ≥ requested − (total − reserved) × (ratio − 1)`, so hosts
 * below `requested − memorySlackMb` cannot: with `pack` they fill the front of
 * the index (and are skipped by binary search), with `spread` the back.
 */
function walkRange(
  source: IndexedHosts,
  index: HostIndex,
  ctx: SelectionContext,
  env: SelectionEnv,
): [number, number] {
  const wanted = ctx.request.resources.memoryMb;
  if (wanted === 0) return [0, index.size];
  // One MB of margin against rounding in the ratio products; a wider range is always safe.
  const threshold = wanted - source.memorySlackMb - 1;
  return env.ramMultiplier >= 0
    ? [0, index.firstAbove(-threshold)]
    : [index.firstAtLeast(threshold), index.size];
}

/**
 * The best `k` hosts that pass, best first: what the first `k` entries of a
 * full filter-and-weigh would be. Hosts untouched by this request are walked
 * in index order, which is their weigher order; the few hosts earlier
 * instances consumed have stale index keys, so they are weighed apart and merged.
 */
function bestPassing(
  source: IndexedHosts,
  ctx: SelectionContext,
  k: number,
  env: SelectionEnv,
): HostRecord[] {
  const named = namedCandidates(source, ctx, env);
  if (named !== null) {
    return weighHosts(
      named.filter((h) => hostPasses(h, ctx)),
      ctx,
      env.weighing,
    ).slice(0, k);
  }
  const zone = ctx.request.availabilityZone;
  const index = zone === null ? source.all : source.byZone.get(zone);
  if (index === undefined) return [];
  const [from, to] = walkRange(source, index, ctx, env);
  if (!ramOrderIsWeighedOrder(source, ctx, env)) {
    // The threshold walk leads with the RAM list; without RAMWeigher, or in a zone, scan.
    if (zone === null && env.ramMultiplier !== 0) {
      const best = bestByThreshold(source, ctx, env, k, from, to);
      if (best !== null) return best;
    }
    // A zone's hosts are a part of each list: filter them all, weigh, keep the best k.
    const passing: HostRecord[] = [];
    for (let p = from; p < to; p++) {
      const host = source.bySlot[index.slotAt(p)]!;
      if (hostPasses(host, ctx)) passing.push(host);
    }
    return bestWeighed(passing, ctx, env.weighing, k, source.columns);
  }
  const consumed = ctx.consumed;
  const skip = consumed.size > 0;
  const out: HostRecord[] = [];
  for (let p = from; p < to && out.length < k; p++) {
    const host = source.bySlot[index.slotAt(p)]!;
    if (skip && consumed.has(host)) continue;
    if (hostPasses(host, ctx)) out.push(host);
  }
  if (!skip) return out;
  for (const host of consumed.keys()) if (hostPasses(host, ctx)) out.push(host);
  return weighHosts(out, ctx, env.weighing).slice(0, k);
}

/**
 * Selection through the weigher index; gives exactly what {@link selectByScan}
 * gives (same picks, alternates and `random` draws) for the requests
 * {@link indexServes}.
 */
export function selectByIndex(
  source: IndexedHosts,
  request: PreparedRequest,
  now: number,
  env: SelectionEnv,
): SelectionResult {
  const ctx = createSelectionContext(request, now, env);
  const chosen: HostRecord[] = [];
  let firstSorted: HostRecord[] = [];
  for (let i = 0; i < request.count; i++) {
    // A single instance takes its alternates from the same list, so fetch enough.
    const k =
      request.count === 1 ? Math.max(env.hostSubsetSize, env.maxAttempts) : env.hostSubsetSize;
    const sorted = chooseFromSubset(bestPassing(source, ctx, k, env), env);
    const best = sorted[0];
    if (best === undefined) {
      return { ok: false, reason: noValidHostReason(source.byName.values(), request, now, env) };
    }
    if (i === 0) firstSorted = sorted;
    chosen.push(best);
    // A single instance's context is read no more: its consumption would be dead work.
    if (request.count > 1) consume(ctx, best);
  }
  let sorted = firstSorted;
  if (request.count > 1 && env.maxAttempts > 1) {
    // Enough that, after dropping the chosen hosts, maxAttempts − 1 remain when they exist.
    const k = env.hostSubsetSize + new Set(chosen).size + env.maxAttempts - 1;
    sorted = chooseFromSubset(bestPassing(source, ctx, k, env), env);
  }
  return { ok: true, picks: withAlternates(chosen, sorted, env.maxAttempts) };
}
