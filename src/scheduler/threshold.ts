import { clampedValue, keyValue } from './feature-indexes.js';
import { hostPasses, type SelectionContext } from './filters.js';
import type { HostRecord } from './host.js';
import type { HostIndex } from './host-index.js';
import type { IndexedHosts } from './indexed-hosts.js';
import type { SelectionEnv } from './weigher.js';
import type { ActiveWeigher } from './weighers.js';
import { featureValue, weighHosts } from './weighing.js';

/**
 * Exact top-k under several weighers without weighing every host: Fagin's
 * threshold algorithm over one sorted list per weigher whose values differ.
 *
 * Nova normalises each weigher over the candidates, but only its minimum and
 * maximum matter, and the best passing host at either end of a list gives them.
 * With those fixed, a host's weight is a sum of terms each monotone in one list's
 * order (in floating point too: every operation rounds monotonically), so a host
 * not yet seen in any list weighs at most the weight of the values at the lists'
 * current positions: the threshold. The walk stops once the k-th best seen beats
 * it. A tie with the threshold is settled by name only when it cannot hide a
 * rounding collision (see `tieIsSafe`).
 */

interface Term {
  readonly weigher: ActiveWeigher;
  /** Sorted best first; null when every non-consumed host has the same value. */
  list: HostIndex | null;
  /** That common value (clamped), when `list` is null. */
  common: number;
  lo: number;
  hi: number;
  /** Walk state: next position, last key seen, and the name there. */
  pos: number;
  end: number;
  lastKey: number;
  lastName: string;
}

interface Scored {
  readonly host: HostRecord;
  readonly score: number;
}

/**
 * The score formula of weighing.ts (in weighing order), from each term's value for `host`,
 * or with no host from each list's current position: the threshold. One function rather
 * than a callback per value, since it runs for every host the walk offers.
 */
function combine(terms: readonly Term[], host: HostRecord | null, ctx: SelectionContext): number {
  let score = 0;
  for (let i = 0; i < terms.length; i++) {
    const t = terms[i]!;
    if (t.lo === t.hi) continue;
    const value =
      host !== null
        ? clamped(t, host, ctx)
        : t.list === null
          ? t.common
          : keyValue(t.weigher, t.lastKey);
    score = score + t.weigher.multiplier * ((value - t.lo) / (t.hi - t.lo));
  }
  return score;
}

function clamped(t: Term, host: HostRecord, ctx: SelectionContext): number {
  const v = featureValue(t.weigher.def.feature, host, ctx);
  const min = t.weigher.def.minval;
  return min !== null && v < min ? min : v;
}

/**
 * The first passing host from one end of `list` within `[from, to)`, skipping the
 * hosts this request consumed (their keys are stale; they are weighed apart).
 */
function firstPassing(
  source: IndexedHosts,
  list: HostIndex,
  from: number,
  to: number,
  fromFront: boolean,
  ctx: SelectionContext,
): HostRecord | undefined {
  for (let i = 0; i < to - from; i++) {
    const host = source.bySlot[list.slotAt(fromFront ? from + i : to - 1 - i)]!;
    if (!ctx.consumed.has(host) && hostPasses(host, ctx)) return host;
  }
  return undefined;
}

/**
 * The best `k` passing hosts, best first, as `weighHosts(all passing).slice(0, k)`
 * would give them; `[from, to)` is the part of the RAM index that can fit the request.
 * Null when the walk has seen more than 1/32 of the hosts without settling: the
 * lists disagree too much (hosts of unrelated shapes), and weighing every candidate
 * is cheaper than walking on.
 */
export function bestByThreshold(
  source: IndexedHosts,
  ctx: SelectionContext,
  env: SelectionEnv,
  k: number,
  from: number,
  to: number,
): HostRecord[] | null {
  const consumed: HostRecord[] = ctx.consumed.size === 0 ? NONE : [];
  if (ctx.consumed.size > 0) {
    for (const host of ctx.consumed.keys()) if (hostPasses(host, ctx)) consumed.push(host);
  }
  const scratch = scratchOf(env.weighing);
  const ram = scratch.ram;
  if (ram === undefined) throw new Error('bestByThreshold needs an active RAMWeigher');
  // Does any host this request did not consume pass? Else the consumed are all.
  if (firstPassing(source, source.all, from, to, true, ctx) === undefined) {
    return weighHosts(consumed, ctx, env.weighing).slice(0, k);
  }
  // The walk's arrays are kept with the weighing and refilled: a walk runs to its end
  // before the next starts (see `scratchOf`).
  const { terms, walked } = scratch;
  terms.length = 0;
  walked.length = 0;
  const own = scratch.own;
  for (let i = 0; i < env.weighing.length; i++) {
    const w = env.weighing[i]!;
    const feature = w.def.feature;
    if (feature === 'softAffinity' || feature === 'softAntiAffinity') continue;
    const isRam = w === ram;
    const common = isRam ? undefined : source.features.commonValue(feature);
    const list = isRam ? source.all : common === undefined ? source.features.list(feature)! : null;
    const t = own[i]!;
    t.list = list;
    t.common = common ?? 0;
    t.lo = 0;
    t.hi = 0;
    t.pos = isRam ? from : 0;
    t.end = isRam ? to : (list?.size ?? 0);
    t.lastKey = 0;
    t.lastName = '';
    terms.push(t);
    if (list !== null) walked.push(t);
  }
  // Normalisation bounds over every candidate: the list ends, and the consumed hosts.
  for (const t of terms) {
    let hi: number;
    let lo: number;
    if (t.list === null) {
      hi = lo = t.common;
    } else {
      const best = t.weigher.multiplier >= 0;
      const top = firstPassing(source, t.list, t.pos, t.end, best, ctx)!;
      const bottom = firstPassing(source, t.list, t.pos, t.end, !best, ctx)!;
      hi = clampedValue(t.weigher, top);
      lo = clampedValue(t.weigher, bottom);
    }
    for (const host of consumed) {
      const v = clamped(t, host, ctx);
      if (v > hi) hi = v;
      if (v < lo) lo = v;
    }
    t.hi = hi;
    t.lo = t.weigher.def.minval ?? lo;
  }
  const top: Scored[] = [];
  for (const host of consumed) offer(top, k, host, combine(terms, host, ctx));
  const seen = startWalk(source.bySlot.length);
  let seenCount = 0;
  const budget = Math.max(64, source.all.size >>> 5);
  const skipConsumed = ctx.consumed.size > 0;
  for (;;) {
    if (seenCount > budget) return null;
    for (let w = 0; w < walked.length; w++) {
      const t = walked[w]!;
      if (t.pos >= t.end) return top.map((s) => s.host);
      const list = t.list!;
      const slot = list.slotAt(t.pos);
      const host = source.bySlot[slot]!;
      t.lastKey = list.keyAt(t.pos++);
      t.lastName = host.name;
      if (seenMarks[slot] === seen || (skipConsumed && ctx.consumed.has(host))) continue;
      seenMarks[slot] = seen;
      seenCount++;
      if (hostPasses(host, ctx)) offer(top, k, host, combine(terms, host, ctx));
    }
    const kth = top[k - 1];
    if (kth === undefined) continue;
    const threshold = combine(terms, null, ctx);
    if (kth.score > threshold) return top.map((s) => s.host);
    if (kth.score === threshold && tieIsSafe(terms, walked, kth)) return top.map((s) => s.host);
  }
}

const NONE: HostRecord[] = [];

/**
 * Which hosts (by slot) the current walk has seen: `seenMarks[slot] === walk`. A counter
 * per walk instead of a Set per walk; the marks are cleared only when the counter wraps.
 */
let seenMarks = new Uint32Array(64);
let walkCount = 0;

function startWalk(slots: number): number {
  if (seenMarks.length < slots) seenMarks = new Uint32Array(Math.max(slots, 2 * seenMarks.length));
  walkCount = (walkCount + 1) >>> 0;
  if (walkCount === 0) {
    seenMarks.fill(0);
    walkCount = 1;
  }
  return walkCount;
}

/**
 * What the walks of one weighing reuse: a term per weigher (in its order), the terms a walk
 * weighs and walks, and its RAM weigher. A walk runs to its end before the next starts
 * (nothing in it calls back into a selection), and holds nothing that outlives it.
 */
interface Scratch {
  readonly own: Term[];
  readonly ram: ActiveWeigher | undefined;
  readonly terms: Term[];
  readonly walked: Term[];
}

const TERMS = new WeakMap<readonly ActiveWeigher[], Scratch>();

/** Whether the kept terms still follow the weighing (a list changed in place is rebuilt). */
function sameWeighers(terms: readonly Term[], weighing: readonly ActiveWeigher[]): boolean {
  if (terms.length !== weighing.length) return false;
  for (let i = 0; i < terms.length; i++) if (terms[i]!.weigher !== weighing[i]) return false;
  return true;
}

function scratchOf(weighing: readonly ActiveWeigher[]): Scratch {
  let scratch = TERMS.get(weighing);
  if (scratch === undefined || !sameWeighers(scratch.own, weighing)) {
    const own = weighing.map((weigher) => ({
      weigher,
      list: null,
      common: 0,
      lo: 0,
      hi: 0,
      pos: 0,
      end: 0,
      lastKey: 0,
      lastName: '',
    }));
    const ram = weighing.find((w) => w.def.feature === 'freeRamMb');
    scratch = { own, ram, terms: [], walked: [] };
    TERMS.set(weighing, scratch);
  }
  return scratch;
}

/** Puts the host among the best `k` seen so far, if it is one of them. */
function offer(top: Scored[], k: number, host: HostRecord, score: number): void {
  let at = top.length;
  while (
    at > 0 &&
    (score > top[at - 1]!.score ||
      (score === top[at - 1]!.score && host.name < top[at - 1]!.host.name))
  )
    at--;
  if (at >= k) return;
  top.splice(at, 0, { host, score });
  if (top.length > k) top.pop();
}

/**
 * A host not seen yet that ties the threshold either has every list's current
 * value, so it comes after each list's current host by name, or is worse in some
 * list and tied only by rounding. The second cannot happen when each list's step
 * to its next distinct value moves the weight by more than twice the largest
 * rounding error of a weight; the first loses to the k-th best when some list's
 * current host's name is not before the k-th's.
 */
function tieIsSafe(terms: readonly Term[], walked: readonly Term[], kth: Scored): boolean {
  // Lists whose weigher weighs every candidate alike may differ without moving a weight.
  if (!walked.some((t) => t.lo !== t.hi && t.lastName >= kth.host.name)) return false;
  let magnitude = 0;
  let count = 0;
  for (const t of terms) {
    if (t.lo === t.hi) continue;
    magnitude += Math.abs(t.weigher.multiplier);
    count++;
  }
  const error = (count + 4) * 2 ** -52 * magnitude;
  for (const t of walked) {
    if (t.lo === t.hi) continue;
    const list = t.list!;
    const next = list.firstAbove(t.lastKey);
    if (next >= list.size) continue;
    const gap = Math.abs(list.keyAt(next) - t.lastKey);
    if ((Math.abs(t.weigher.multiplier) * gap) / (t.hi - t.lo) <= 2 * error) return false;
  }
  return true;
}
