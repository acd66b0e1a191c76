/**
 * The filter scheduler's filter options (`[filter_scheduler]` in nova.conf), with
 * Nova master's defaults. Each matters only while its filter is enabled.
 */

/**
 * Every host filter class in Nova master's tree (`nova.scheduler.filters.all_filters`,
 * the default `available_filters`). AvailabilityZoneFilter is not one: master removed
 * it (Placement enforces zones), and naming it fails as nova-scheduler fails at start.
 */
export const FILTER_NAMES = [
  'AggregateImagePropertiesIsolation',
  'AggregateInstanceExtraSpecsFilter',
  'AggregateIoOpsFilter',
  'AggregateMultiTenancyIsolation',
  'AggregateNumInstancesFilter',
  'AggregateTypeAffinityFilter',
  'AllHostsFilter',
  'ComputeCapabilitiesFilter',
  'ComputeFilter',
  'DifferentHostFilter',
  'ImagePropertiesFilter',
  'IoOpsFilter',
  'IsolatedHostsFilter',
  'JsonFilter',
  'MetricsFilter',
  'NUMATopologyFilter',
  'NumInstancesFilter',
  'PciPassthroughFilter',
  'SameHostFilter',
  'ServerGroupAffinityFilter',
  'ServerGroupAntiAffinityFilter',
  'SimpleCIDRAffinityFilter',
] as const;

/** A host filter class name, as in `[filter_scheduler] enabled_filters`. */
export type FilterName = (typeof FILTER_NAMES)[number];

/** `[filter_scheduler] enabled_filters`' default in Nova master (and since Xena). */
export const DEFAULT_ENABLED_FILTERS: readonly FilterName[] = [
  'ComputeFilter',
  'ComputeCapabilitiesFilter',
  'ImagePropertiesFilter',
  'ServerGroupAntiAffinityFilter',
  'ServerGroupAffinityFilter',
];

/** `nova.virt.arch.ALL`: the choices of `image_properties_default_architecture`. */
export const ARCHITECTURES = [
  'alpha',
  'armv6',
  'armv7l',
  'armv7b',
  'aarch64',
  'cris',
  'i686',
  'ia64',
  'lm32',
  'm68k',
  'microblaze',
  'microblazeel',
  'mips',
  'mipsel',
  'mips64',
  'mips64el',
  'openrisc',
  'parisc',
  'parisc64',
  'ppc',
  'ppcle',
  'ppc64',
  'ppc64le',
  'ppcemb',
  's390',
  's390x',
  'sh4',
  'sh4eb',
  'sparc',
  'sparc64',
  'unicore32',
  'x86_64',
  'xtensa',
  'xtensaeb',
] as const;

/** The options a filter reads. */
export interface FilterSettings {
  /** `enabled_filters`, in order; default {@link DEFAULT_ENABLED_FILTERS}. */
  readonly enabledFilters?: readonly FilterName[];
  /** `max_io_ops_per_host`, default 8 (IoOpsFilter, AggregateIoOpsFilter's fallback). */
  readonly maxIoOpsPerHost?: number;
  /** `max_instances_per_host`, default 50 (NumInstancesFilter, AggregateNumInstancesFilter). */
  readonly maxInstancesPerHost?: number;
  /** `isolated_images`: image ids that run only on `isolated_hosts` (IsolatedHostsFilter). */
  readonly isolatedImages?: readonly string[];
  /** `isolated_hosts`. */
  readonly isolatedHosts?: readonly string[];
  /** `restrict_isolated_hosts_to_isolated_images`, default true. */
  readonly restrictIsolatedHostsToIsolatedImages?: boolean;
  /** `aggregate_image_properties_isolation_namespace`, default unset. */
  readonly aggregateImagePropertiesIsolationNamespace?: string | null;
  /** `aggregate_image_properties_isolation_separator`, default `.`. */
  readonly aggregateImagePropertiesIsolationSeparator?: string;
  /** `image_properties_default_architecture`: ImagePropertiesFilter's arch for images without one. */
  readonly imagePropertiesDefaultArchitecture?: (typeof ARCHITECTURES)[number] | null;
}

/** {@link FilterSettings} with every default applied. */
export interface ResolvedFilterSettings {
  readonly enabledFilters: readonly FilterName[];
  readonly maxIoOpsPerHost: number;
  readonly maxInstancesPerHost: number;
  readonly isolatedImages: ReadonlySet<string>;
  readonly isolatedHosts: ReadonlySet<string>;
  readonly restrictIsolatedHostsToIsolatedImages: boolean;
  readonly aggregateImagePropertiesIsolationNamespace: string | null;
  readonly aggregateImagePropertiesIsolationSeparator: string;
  readonly imagePropertiesDefaultArchitecture: string | null;
}

function nonNegativeInteger(value: number, what: string, min: number): number {
  if (!Number.isSafeInteger(value) || value < min) {
    throw new RangeError(`${what} must be an integer >= ${min}; got ${String(value)}`);
  }
  return value;
}

function defaultArchitecture(value: string | null): string | null {
  if (value !== null && !(ARCHITECTURES as readonly string[]).includes(value)) {
    throw new RangeError(
      `image_properties_default_architecture must be one of ${ARCHITECTURES.join(', ')}; got ${value}`,
    );
  }
  return value;
}

/**
 * Applies Nova's defaults and checks the values; an unknown filter name is
 * nova-scheduler's `SchedulerHostFilterNotFound` (a RangeError here).
 *
 * @example
 * resolveFilterSettings({ enabledFilters: ['ComputeFilter', 'NumInstancesFilter'], maxInstancesPerHost: 5 });
 */
export function resolveFilterSettings(settings: FilterSettings = {}): ResolvedFilterSettings {
  const enabled = settings.enabledFilters ?? DEFAULT_ENABLED_FILTERS;
  for (const name of enabled) {
    if (!(FILTER_NAMES as readonly string[]).includes(name)) {
      throw new RangeError(`Scheduler Host Filter ${String(name)} could not be found.`);
    }
  }
  return {
    enabledFilters: [...new Set(enabled)],
    // min=0 and min=1 in nova/conf/scheduler.py.
    maxIoOpsPerHost: nonNegativeInteger(settings.maxIoOpsPerHost ?? 8, 'max_io_ops_per_host', 0),
    maxInstancesPerHost: nonNegativeInteger(
      settings.maxInstancesPerHost ?? 50,
      'max_instances_per_host',
      1,
    ),
    isolatedImages: new Set(settings.isolatedImages ?? []),
    isolatedHosts: new Set(settings.isolatedHosts ?? []),
    restrictIsolatedHostsToIsolatedImages: settings.restrictIsolatedHostsToIsolatedImages ?? true,
    aggregateImagePropertiesIsolationNamespace:
      settings.aggregateImagePropertiesIsolationNamespace ?? null,
    aggregateImagePropertiesIsolationSeparator:
      settings.aggregateImagePropertiesIsolationSeparator ?? '.',
    imagePropertiesDefaultArchitecture: defaultArchitecture(
      settings.imagePropertiesDefaultArchitecture ?? null,
    ),
  };
}
