import { applyAggregateMultipliers } from './aggregate-weights.js';
import { type FilterCrash, isFilterCrash } from './filter-crash.js';
import {
  consume,
  createSelectionContext,
  hostPasses,
  placementAccepts,
  type SelectionContext,
} from './filters.js';
import type { HostRecord } from './host.js';
import type { NoValidHostReason, PreparedRequest, SelectionResult } from './request.js';
import { chooseFromSubset, type SelectionEnv, shuffleBestTied } from './weigher.js';
import { weighHostsScored } from './weighing.js';

/** Forced and 2.74-requested hosts narrow Placement itself (`in_tree`) to that host. */
function namedHostsOnly(hosts: Iterable<HostRecord>, request: PreparedRequest): HostRecord[] {
  const out: HostRecord[] = [];
  for (const h of hosts) {
    if (request.forcedHost !== null && h.name !== request.forcedHost) continue;
    if (request.requestedHost !== null && h.name !== request.requestedHost) continue;
    out.push(h);
  }
  return out;
}

/**
 * Why a request that found no hosts failed: Placement had no candidate at all
 * (`No valid host was found. `) or the filters left too few.
 */
export function noValidHostReason(
  hosts: Iterable<HostRecord>,
  request: PreparedRequest,
  now: number,
  env: SelectionEnv,
): NoValidHostReason {
  const ctx = createSelectionContext(request, now, env);
  return namedHostsOnly(hosts, request).some((h) => placementAccepts(h, ctx))
    ? 'not-enough-hosts'
    : 'no-candidates';
}

/**
 * Filter, weigh, shuffle the best tied hosts (`shuffle_best_same_weighed_hosts`) and
 * apply `host_subset_size`: Nova's `_get_sorted_hosts`.
 */
function sortedHosts(
  universe: readonly HostRecord[],
  ctx: SelectionContext,
  env: SelectionEnv,
): HostRecord[] {
  const passing = passingHosts(universe, ctx);
  const { hosts, weights } = weighHostsScored(passing, ctx, env.weighing);
  if (env.shuffleBestSameWeighedHosts) shuffleBestTied(hosts, weights, env);
  return chooseFromSubset(hosts, env);
}

/** The filter (by place in `enabled_filters`) that raised on `host`. */
function crashingFilter(host: HostRecord, ctx: SelectionContext): number {
  for (let i = 0; i < ctx.filters.length; i++) {
    try {
      if (!ctx.filters[i]!(host, ctx)) return ctx.filters.length;
    } catch (error) {
      if (isFilterCrash(error)) return i;
      throw error;
    }
  }
  return ctx.filters.length;
}

/**
 * The hosts that pass. Nova runs each filter over every host before the next filter, so
 * when some filter raises, the exception is that of the first filter (in
 * `enabled_filters` order) that raises on any host still in the running.
 */
function passingHosts(universe: readonly HostRecord[], ctx: SelectionContext): HostRecord[] {
  const passing: HostRecord[] = [];
  let crash: { index: number; error: FilterCrash } | null = null;
  for (const h of universe) {
    try {
      if (hostPasses(h, ctx)) passing.push(h);
    } catch (error) {
      if (!isFilterCrash(error)) throw error;
      const index = crashingFilter(h, ctx);
      if (crash === null || index < crash.index) crash = { index, error };
    }
  }
  if (crash !== null) throw crash.error;
  return passing;
}

/**
 * The reference selection: Nova's `_schedule` loop, filtering and weighing every
 * host for every instance. The indexed selection must agree with it exactly.
 *
 * Per instance it takes the best host and consumes it (resources, group
 * membership); alternates come from the same sorted list for a single instance,
 * and from a re-sort after all picks for a multi-create (`_get_alternate_hosts`),
 * skipping every chosen host.
 */
export function selectByScan(
  hosts: readonly HostRecord[],
  request: PreparedRequest,
  now: number,
  env: SelectionEnv,
): SelectionResult {
  const universe = namedHostsOnly(hosts, request);
  const ctx = createSelectionContext(request, now, env);
  applyAggregateMultipliers(ctx, env);
  if (!universe.some((h) => placementAccepts(h, ctx))) {
    return { ok: false, reason: 'no-candidates' };
  }
  const chosen: HostRecord[] = [];
  let sorted: HostRecord[] = [];
  try {
    for (let i = 0; i < request.count; i++) {
      sorted = sortedHosts(universe, ctx, env);
      const best = sorted[0];
      if (best === undefined) return { ok: false, reason: 'not-enough-hosts' };
      chosen.push(best);
      consume(ctx, best);
    }
    if (request.count > 1 && env.maxAttempts > 1) sorted = sortedHosts(universe, ctx, env);
  } catch (error) {
    if (isFilterCrash(error))
      return { ok: false, reason: 'filter-error', error: error.pythonClass };
    throw error;
  }
  return { ok: true, picks: withAlternates(chosen, sorted, env.maxAttempts) };
}

/** Each pick followed by the first `maxAttempts − 1` hosts of `sorted` that were not chosen. */
export function withAlternates(
  chosen: readonly HostRecord[],
  sorted: readonly HostRecord[],
  maxAttempts: number,
): string[][] {
  if (chosen.length === 1) {
    // One instance (most builds): its pick and alternates in one array, no Set.
    const only = chosen[0]!;
    const picks = [only.name];
    for (const h of sorted) {
      if (picks.length >= maxAttempts) break;
      if (h !== only) picks.push(h.name);
    }
    return [picks];
  }
  const taken = new Set(chosen);
  const alternates: string[] = [];
  for (const h of sorted) {
    if (alternates.length >= maxAttempts - 1) break;
    if (!taken.has(h)) alternates.push(h.name);
  }
  return chosen.map((h) => [h.name, ...alternates]);
}
