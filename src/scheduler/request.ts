import type { AggregateMetadata } from './aggregate-filters.js';
import { type ImageRequirements, imageRequirements } from './image-properties.js';
import { impliedTraits } from './implied-traits.js';
import { checkResources, type Resources } from './resources.js';

/** Server group policies (§8.3); the soft ones only weigh, never filter. */
export type GroupPolicy = 'affinity' | 'anti-affinity' | 'soft-affinity' | 'soft-anti-affinity';

/** The server group of the servers being scheduled, as the filters and weighers see it. */
export interface GroupRequest {
  policy: GroupPolicy;
  /**
   * The host of each existing member, one entry per member (so a host repeats when
   * it runs several). Leave out the server being moved, if it is a member.
   */
  memberHosts: string[];
  /** The `max_server_per_host` rule of an anti-affinity group; default 1. */
  maxServerPerHost?: number;
}

/**
 * What to place: one flavor's resources, `count` times (a multi-create is
 * all-or-nothing), and the constraints from the request spec.
 *
 * @example
 * scheduler.select({ resources: { vcpus: 2, memoryMb: 4096, diskGb: 20 }, count: 1 }, now);
 */
export interface SelectionRequest {
  resources: Resources;
  count: number;
  /**
   * Only hosts in this AZ (Placement's AZ pre-filter). Master asks Placement for the
   * aggregates that carry the zone, so a zone no aggregate carries (the default `nova`)
   * restricts nothing: leave it out then (the cloud does, see `placementZone`).
   */
  availabilityZone?: string;
  /**
   * Placement's `member_of`: only these hosts (the hosts of the aggregates the zone maps
   * to), where the zone alone admits more (the default zone, which hosts in no aggregate
   * are in too, also carried by an aggregate).
   */
  memberOf?: readonly string[];
  /**
   * `az:host` (and `az::node`) forcing: only this host, and the filters are
   * bypassed; Placement still checks capacity and the disabled trait, and
   * `ignoreHosts` still applies.
   */
  forcedHost?: string;
  /** 2.74 `host`: only this host (Placement `in_tree`), filters still apply. */
  requestedHost?: string;
  /** `ignore_hosts`: the current host of a resize unless `allow_resize_to_same_host`. */
  ignoreHosts?: string[];
  /**
   * Hosts of the servers named by the `same_host` hint. Present (even empty) means
   * the hint was given: a host must run one of them. Resolve ids to hosts first.
   */
  sameHost?: string[];
  /** Hosts of the servers named by the `different_host` hint: a host must run none. */
  differentHost?: string[];
  group?: GroupRequest;
  /** Image properties for ImagePropertiesFilter: `hw_architecture`, `img_hv_type`, `hw_vm_mode`. */
  imageProperties?: Record<string, string>;
  /**
   * Placement traits a host must have, besides those the flavor's `trait:X=required`, the
   * image's `trait:X=required` and `hw:maxphysaddr_mode` imply (added here).
   */
  requiredTraits?: string[];
  /** Filters the caller adds by host name. */
  hostFilter?: (host: string) => boolean;
  /** The project asking (AggregateMultiTenancyIsolation). */
  projectId?: string;
  /** The flavor's name (AggregateTypeAffinityFilter). */
  flavorName?: string;
  /** The flavor's extra specs (ComputeCapabilitiesFilter, AggregateInstanceExtraSpecsFilter, NUMA). */
  extraSpecs?: Record<string, string>;
  /** The image's id (IsolatedHostsFilter); none for a volume-backed server. */
  imageId?: string;
  /** The `query` hint (JsonFilter). */
  query?: string;
  /** The `build_near_host_ip` and `cidr` hints (SimpleCIDRAffinityFilter). */
  buildNearHostIp?: string;
  cidr?: string;
  /**
   * The metadata of each aggregate `host` is in (Nova's `host_state.aggregates`): the
   * aggregate filters read it, and aggregate `*_weight_multiplier` keys override the
   * weighers' multipliers on its hosts.
   */
  aggregatesOf?: (host: string) => readonly AggregateMetadata[];
  /**
   * Every metadata key some aggregate has. Without a weigher's multiplier key among
   * them, no host's multiplier differs and the weigher index serves the request.
   */
  aggregateKeys?: ReadonlySet<string>;
}

/** Why selection found nothing; {@link noValidHostMessage} gives Nova's fault message. */
export type NoValidHostReason = 'no-candidates' | 'not-enough-hosts';

/**
 * Per instance, the chosen host followed by up to `maxAttempts − 1` alternates
 * (distinct hosts that also fit), or why there is no valid host, or the Python exception
 * class a filter raised (`filter-error`: Nova's scheduling call fails with it), or a
 * NoValidHost with its own message (`refused`: the conductor's checks of a rebuild).
 */
export type SelectionResult =
  | { ok: true; picks: string[][] }
  | { ok: false; reason: NoValidHostReason }
  | { ok: false; reason: 'filter-error'; error: string }
  | { ok: false; reason: 'refused'; message: string };

const NO_VALID_HOST_MESSAGES: Readonly<Record<NoValidHostReason, string>> = {
  'no-candidates': 'No valid host was found. ',
  'not-enough-hosts': 'No valid host was found. There are not enough hosts available.',
};

/**
 * The `fault.message` of a server buried by NoValidHost (§8.2); note the trailing
 * space when Placement returned no candidates.
 *
 * @example
 * noValidHostMessage('no-candidates'); // 'No valid host was found. '
 */
export function noValidHostMessage(reason: NoValidHostReason): string {
  return NO_VALID_HOST_MESSAGES[reason];
}

/** A request checked and turned into the sets the filters look up. */
export interface PreparedRequest {
  readonly resources: Resources;
  readonly count: number;
  readonly availabilityZone: string | null;
  readonly memberOf: ReadonlySet<string> | null;
  readonly forcedHost: string | null;
  readonly requestedHost: string | null;
  readonly ignoreHosts: ReadonlySet<string> | null;
  readonly sameHost: ReadonlySet<string> | null;
  readonly differentHost: ReadonlySet<string> | null;
  readonly image: ImageRequirements | null;
  readonly requiredTraits: readonly string[];
  /** Traits a host must not have (the flavor's `trait:X=forbidden`). */
  readonly forbiddenTraits: readonly string[];
  readonly group: PreparedGroup | null;
  readonly hostFilter: ((host: string) => boolean) | null;
  readonly projectId: string | null;
  readonly flavorName: string | null;
  readonly extraSpecs: Readonly<Record<string, string>>;
  /** Some extra spec is set (most flavors have none: the filters that read them stop early). */
  readonly hasExtraSpecs: boolean;
  readonly imageId: string | null;
  /** The raw image properties (AggregateImagePropertiesIsolation, NUMA). */
  readonly imageProperties: Readonly<Record<string, string>>;
  readonly query: string | null;
  readonly buildNearHostIp: string | null;
  readonly cidr: string | null;
  readonly aggregatesOf: ((host: string) => readonly AggregateMetadata[]) | null;
  readonly aggregateKeys: ReadonlySet<string>;
}

const NOTHING: Readonly<Record<string, string>> = Object.freeze({});
const NO_KEYS: ReadonlySet<string> = new Set();
const ALL_HINT_FILTERS: ReadonlySet<string> = new Set(['SameHostFilter', 'DifferentHostFilter']);

export interface PreparedGroup {
  readonly policy: GroupPolicy;
  readonly maxServerPerHost: number;
  /** Members per host before this request. */
  readonly members: ReadonlyMap<string, number>;
}

/** Has the record any own key? Without building the key list (this runs every build). */
function hasKeys(record: Readonly<Record<string, string>>): boolean {
  for (const key in record) if (Object.hasOwn(record, key)) return true;
  return false;
}

function setOf(values: readonly string[] | undefined): ReadonlySet<string> | null {
  return values === undefined ? null : new Set(values);
}

function prepareGroup(group: GroupRequest | undefined): PreparedGroup | null {
  if (group === undefined) return null;
  const max = group.maxServerPerHost ?? 1;
  if (!Number.isSafeInteger(max) || max < 1) {
    throw new RangeError(`group.maxServerPerHost must be a positive integer; got ${String(max)}`);
  }
  const members = new Map<string, number>();
  for (const host of group.memberHosts) members.set(host, (members.get(host) ?? 0) + 1);
  return { policy: group.policy, maxServerPerHost: max, members };
}

/**
 * Checks a request (a wrong one is a caller bug: RangeError) and indexes its lists.
 * The `same_host` / `different_host` hosts are kept only while their filter is enabled.
 */
export function prepareRequest(
  request: SelectionRequest,
  enabled: ReadonlySet<string> = ALL_HINT_FILTERS,
): PreparedRequest {
  if (!Number.isSafeInteger(request.count) || request.count < 1) {
    throw new RangeError(`count must be a positive integer; got ${String(request.count)}`);
  }
  const traits = impliedTraits(
    request.requiredTraits ?? [],
    request.extraSpecs ?? NOTHING,
    request.imageProperties ?? NOTHING,
  );
  return {
    resources: checkResources(request.resources, 'resources'),
    count: request.count,
    availabilityZone: request.availabilityZone ?? null,
    memberOf: setOf(request.memberOf),
    forcedHost: request.forcedHost ?? null,
    requestedHost: request.requestedHost ?? null,
    ignoreHosts: setOf(request.ignoreHosts),
    sameHost: enabled.has('SameHostFilter') ? setOf(request.sameHost) : null,
    differentHost: enabled.has('DifferentHostFilter') ? setOf(request.differentHost) : null,
    image: imageRequirements(request.imageProperties),
    requiredTraits: traits.required,
    forbiddenTraits: traits.forbidden,
    group: prepareGroup(request.group),
    hostFilter: request.hostFilter ?? null,
    projectId: request.projectId ?? null,
    flavorName: request.flavorName ?? null,
    extraSpecs: request.extraSpecs ?? NOTHING,
    hasExtraSpecs: request.extraSpecs !== undefined && hasKeys(request.extraSpecs),
    imageId: request.imageId ?? null,
    imageProperties: request.imageProperties ?? NOTHING,
    query: request.query ?? null,
    buildNearHostIp: request.buildNearHostIp ?? null,
    cidr: request.cidr ?? null,
    aggregatesOf: request.aggregatesOf ?? null,
    aggregateKeys: request.aggregateKeys ?? NO_KEYS,
  };
}
