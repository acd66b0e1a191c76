import {
  aggregateValues,
  extraSpecsPass,
  imagePropertiesPass,
  tenancyPasses,
} from './aggregate-filters.js';
import { capabilitiesPass } from './capabilities.js';
import { cidrAffinityPasses } from './cidr-affinity.js';
import type { FilterName, ResolvedFilterSettings } from './filter-settings.js';
import type { HostRecord } from './host.js';
import { type ImageRequirements, supportsImage } from './image-properties.js';
import { jsonQueryPasses } from './json-filter.js';
import { requestsNumaTopology } from './numa.js';
import { minOfValues, pythonInt } from './python-numbers.js';
import {
  aggregatesOf,
  type HostFilter,
  metadataOf,
  type SelectionContext,
} from './selection-context.js';
import { isServiceUp } from './service.js';

/**
 * Nova master's host filters (nova/scheduler/filters/*.py) as predicates over the
 * simulator's hosts. A filter whose input the simulator never has (metrics, PCI
 * devices, host NUMA topologies) behaves as Nova's does for hosts that report none.
 */

/** `host_state.num_io_ops` after this request's earlier instances (each adds one). */
function ioOps(host: HostRecord, ctx: SelectionContext): number {
  return host.ioOps + (ctx.picks.get(host) ?? 0);
}

/** `host_state.num_instances`, likewise. */
function instances(host: HostRecord, ctx: SelectionContext): number {
  return host.instances + (ctx.picks.get(host) ?? 0);
}

/** A per-aggregate integer option: the smallest aggregate value, else the option's. */
function aggregateInt(host: HostRecord, ctx: SelectionContext, key: string, fallback: number) {
  return minOfValues(aggregateValues(aggregatesOf(ctx, host), key), fallback, pythonInt);
}

function isolatedHostsPass(host: HostRecord, ctx: SelectionContext): boolean {
  const s: ResolvedFilterSettings = ctx.settings;
  const hostIsolated = s.isolatedHosts.has(host.name);
  if (s.isolatedImages.size === 0) {
    return !s.restrictIsolatedHostsToIsolatedImages || !hostIsolated;
  }
  const imageId = ctx.request.imageId;
  const imageIsolated = imageId !== null && s.isolatedImages.has(imageId);
  return s.restrictIsolatedHostsToIsolatedImages
    ? imageIsolated === hostIsolated
    : !imageIsolated || hostIsolated;
}

/** The image's requirements, its architecture defaulting to `image_properties_default_architecture`. */
function imageWanted(ctx: SelectionContext): ImageRequirements | null {
  const image = ctx.request.image;
  const fallback = ctx.settings.imagePropertiesDefaultArchitecture;
  if (fallback === null || image?.architecture) return image;
  return {
    ...image,
    architecture: fallback,
    hypervisorType: image?.hypervisorType ?? null,
    vmMode: image?.vmMode ?? null,
  };
}

const FILTERS: Readonly<Record<FilterName, HostFilter>> = {
  AggregateImagePropertiesIsolation: (host, ctx) =>
    imagePropertiesPass(
      metadataOf(ctx, host),
      ctx.request.imageProperties,
      ctx.settings.aggregateImagePropertiesIsolationNamespace,
      ctx.settings.aggregateImagePropertiesIsolationSeparator,
    ),
  AggregateInstanceExtraSpecsFilter: (host, ctx) =>
    !ctx.request.hasExtraSpecs || extraSpecsPass(metadataOf(ctx, host), ctx.request.extraSpecs),
  AggregateIoOpsFilter: (host, ctx) =>
    ioOps(host, ctx) < aggregateInt(host, ctx, 'max_io_ops_per_host', ctx.settings.maxIoOpsPerHost),
  AggregateMultiTenancyIsolation: (host, ctx) =>
    tenancyPasses(metadataOf(ctx, host), ctx.request.projectId),
  AggregateNumInstancesFilter: (host, ctx) =>
    instances(host, ctx) <
    aggregateInt(host, ctx, 'max_instances_per_host', ctx.settings.maxInstancesPerHost),
  AggregateTypeAffinityFilter: (host, ctx) => {
    const values = aggregateValues(aggregatesOf(ctx, host), 'instance_type');
    if (values.size === 0) return true;
    const flavor = ctx.request.flavorName;
    for (const value of values) {
      if (value.split(',').some((name) => name.trim() === flavor)) return true;
    }
    return false;
  },
  AllHostsFilter: () => true,
  ComputeCapabilitiesFilter: (host, ctx) => capabilitiesPass(host, ctx),
  // The disabled ones never reach the filters (Placement's COMPUTE_STATUS_DISABLED trait).
  ComputeFilter: (host, ctx) => host.enabled && isServiceUp(host, ctx.now, ctx.serviceDownTimeMs),
  DifferentHostFilter: (host, ctx) => !ctx.request.differentHost?.has(host.name),
  ImagePropertiesFilter: (host, ctx) => {
    const wanted = imageWanted(ctx);
    return (
      wanted === null ||
      supportsImage(host.spec.supportedInstances, wanted, host.spec.hypervisorVersion)
    );
  },
  IoOpsFilter: (host, ctx) => ioOps(host, ctx) < ctx.settings.maxIoOpsPerHost,
  IsolatedHostsFilter: isolatedHostsPass,
  JsonFilter: (host, ctx) => jsonQueryPasses(host, ctx),
  // No `[metrics] weight_setting` option here: no metric is required, every host passes.
  MetricsFilter: () => true,
  // The fake driver reports no NUMA topology: a request that needs one fits nowhere.
  NUMATopologyFilter: (_host, ctx) => !requestsNumaTopology(ctx.request),
  NumInstancesFilter: (host, ctx) => instances(host, ctx) < ctx.settings.maxInstancesPerHost,
  // No PCI alias can be configured, so no request carries PCI requests.
  PciPassthroughFilter: () => true,
  SameHostFilter: (host, ctx) => ctx.request.sameHost?.has(host.name) ?? true,
  ServerGroupAffinityFilter: (host, ctx) =>
    ctx.request.group?.policy !== 'affinity' ||
    ctx.members.size === 0 ||
    ctx.members.has(host.name),
  ServerGroupAntiAffinityFilter: (host, ctx) => {
    const group = ctx.request.group;
    return (
      group?.policy !== 'anti-affinity' ||
      (ctx.members.get(host.name) ?? 0) < group.maxServerPerHost
    );
  },
  SimpleCIDRAffinityFilter: (_host, ctx) => cidrAffinityPasses(ctx.request),
};

/**
 * The enabled filters as predicates, in `enabled_filters` order.
 *
 * @example
 * compileFilters(['ComputeFilter', 'IoOpsFilter']).every((f) => f(host, ctx));
 */
export function compileFilters(enabled: readonly FilterName[]): readonly HostFilter[] {
  return enabled.map((name) => FILTERS[name]);
}
