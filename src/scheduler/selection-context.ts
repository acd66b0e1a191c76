import type { AggregateMetadata, HostMetadata } from './aggregate-filters.js';
import { hostMetadata } from './aggregate-filters.js';
import type { ResolvedFilterSettings } from './filter-settings.js';
import type { HostRecord } from './host.js';
import type { PreparedRequest } from './request.js';
import { addResources, type Resources } from './resources.js';
import type { ActiveWeigher, Weighing } from './weighers.js';

/** One enabled filter: Nova's `host_passes` over the simulator's host record. */
export type HostFilter = (host: HostRecord, ctx: SelectionContext) => boolean;

/** What a selection needs of the scheduler's settings. */
export interface SelectionSettings {
  readonly serviceDownTimeMs: number;
  /** The enabled filters, in `enabled_filters` order. */
  readonly filters: readonly HostFilter[];
  readonly filterSettings: ResolvedFilterSettings;
}

/**
 * The state of one selection: the request, the time, and what earlier
 * instances of the same multi-create already took (Nova's
 * `_consume_selected_host`: host resources and group membership).
 */
export interface SelectionContext {
  readonly request: PreparedRequest;
  readonly now: number;
  readonly serviceDownTimeMs: number;
  readonly filters: readonly HostFilter[];
  readonly settings: ResolvedFilterSettings;
  /**
   * Resources taken on each host by earlier instances of this request. Read-only to all
   * but {@link consume}: until it first runs, this (and `picks`, and `members` without a
   * group) is a shared empty Map, so a single-instance selection makes none.
   */
  consumed: ReadonlyMap<HostRecord, Resources>;
  /** Instances of this request placed on each host so far. */
  picks: ReadonlyMap<HostRecord, number>;
  /** Group members per host, this request's earlier instances included. */
  members: ReadonlyMap<string, number>;
  /** Each host's aggregates, looked up once per selection (made on first use). */
  aggregates: Map<HostRecord, readonly AggregateMetadata[]> | null;
  metadata: Map<HostRecord, HostMetadata> | null;
  /**
   * The multiplier of weigher `w` on `host` when aggregates override some
   * (`get_weight_multiplier`); null when none do, and every host takes `w.multiplier`.
   */
  hostMultiplier: ((w: ActiveWeigher, host: HostRecord) => number) | null;
  /** The weighers this selection sums: with per-host multipliers, the zero ones too. */
  weighing: Weighing | null;
}

export function createSelectionContext(
  request: PreparedRequest,
  now: number,
  settings: SelectionSettings,
): SelectionContext {
  return {
    request,
    now,
    serviceDownTimeMs: settings.serviceDownTimeMs,
    filters: settings.filters,
    settings: settings.filterSettings,
    consumed: NO_CONSUMED,
    picks: NO_PICKS,
    members: request.group === null ? NO_MEMBERS : new Map(request.group.members),
    aggregates: null,
    metadata: null,
    hostMultiplier: null,
    weighing: null,
  };
}

/** The empty maps a context starts with; nothing writes into them (see `consume`). */
const NO_CONSUMED: ReadonlyMap<HostRecord, Resources> = new Map();
const NO_PICKS: ReadonlyMap<HostRecord, number> = new Map();
const NO_MEMBERS: ReadonlyMap<string, number> = new Map();

/** Counts `host` as used by one more instance of the request. */
export function consume(ctx: SelectionContext, host: HostRecord): void {
  const consumed =
    ctx.consumed === NO_CONSUMED
      ? new Map<HostRecord, Resources>()
      : (ctx.consumed as Map<HostRecord, Resources>);
  const picks =
    ctx.picks === NO_PICKS ? new Map<HostRecord, number>() : (ctx.picks as Map<HostRecord, number>);
  ctx.consumed = consumed;
  ctx.picks = picks;
  const before = consumed.get(host);
  const r = ctx.request.resources;
  consumed.set(host, before === undefined ? { ...r } : addResources(before, r));
  picks.set(host, (picks.get(host) ?? 0) + 1);
  if (ctx.request.group !== null) {
    // A group's members are this context's own Map (made from the request's).
    const members = ctx.members as Map<string, number>;
    members.set(host.name, (members.get(host.name) ?? 0) + 1);
  }
}

const NO_AGGREGATES: readonly AggregateMetadata[] = [];

/** `host_state.aggregates`' metadata; none when the caller gave no aggregates. */
export function aggregatesOf(
  ctx: SelectionContext,
  host: HostRecord,
): readonly AggregateMetadata[] {
  const lookup = ctx.request.aggregatesOf;
  if (lookup === null) return NO_AGGREGATES;
  ctx.aggregates ??= new Map();
  let found = ctx.aggregates.get(host);
  if (found === undefined) ctx.aggregates.set(host, (found = lookup(host.name)));
  return found;
}

/** `aggregate_metadata_get_by_host` of the host, once per selection. */
export function metadataOf(ctx: SelectionContext, host: HostRecord): HostMetadata {
  ctx.metadata ??= new Map();
  let found = ctx.metadata.get(host);
  if (found === undefined) ctx.metadata.set(host, (found = hostMetadata(aggregatesOf(ctx, host))));
  return found;
}
