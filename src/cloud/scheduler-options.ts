import type { CloudConfig } from '../config.js';
import type { Random } from '../random/prng.js';
import {
  DEFAULT_ENABLED_FILTERS,
  type FilterName,
  type FilterSettings,
} from '../scheduler/filter-settings.js';
import type { SchedulerOptions } from '../scheduler/index.js';

/**
 * `enabled_filters` as the cloud runs it: the config's list (Nova's default when
 * unset) followed by the deprecated `aggregateFilters` and `hintFilters`, which only
 * add to it, so configs and snapshots written before `enabledFilters` load unchanged.
 *
 * @example
 * effectiveFilters({ ...DEFAULT_CONFIG, hintFilters: ['SameHostFilter'] }); // Nova's five, then SameHostFilter
 */
export function effectiveFilters(config: CloudConfig): FilterName[] {
  return [
    ...new Set<FilterName>([
      ...(config.enabledFilters ?? DEFAULT_ENABLED_FILTERS),
      ...(config.aggregateFilters ?? []),
      ...(config.hintFilters ?? []),
    ]),
  ];
}

/** The filter options of the config, each only when set (the scheduler has the defaults). */
export function filterSettings(config: CloudConfig): FilterSettings {
  const settings: { -readonly [K in keyof FilterSettings]: FilterSettings[K] } = {
    enabledFilters: effectiveFilters(config),
  };
  if (config.maxIoOpsPerHost !== undefined) settings.maxIoOpsPerHost = config.maxIoOpsPerHost;
  if (config.maxInstancesPerHost !== undefined)
    settings.maxInstancesPerHost = config.maxInstancesPerHost;
  if (config.isolatedImages !== undefined) settings.isolatedImages = config.isolatedImages;
  if (config.isolatedHosts !== undefined) settings.isolatedHosts = config.isolatedHosts;
  if (config.restrictIsolatedHostsToIsolatedImages !== undefined)
    settings.restrictIsolatedHostsToIsolatedImages = config.restrictIsolatedHostsToIsolatedImages;
  if (config.aggregateImagePropertiesIsolationNamespace !== undefined)
    settings.aggregateImagePropertiesIsolationNamespace =
      config.aggregateImagePropertiesIsolationNamespace;
  if (config.aggregateImagePropertiesIsolationSeparator !== undefined)
    settings.aggregateImagePropertiesIsolationSeparator =
      config.aggregateImagePropertiesIsolationSeparator;
  if (config.imagePropertiesDefaultArchitecture !== undefined)
    settings.imagePropertiesDefaultArchitecture = config.imagePropertiesDefaultArchitecture;
  return settings;
}

/**
 * The scheduler's options from the cloud's config. `random` is read at each draw, so
 * a restored cloud's generator is the one drawn from; nothing draws unless
 * `hostSubsetSize` > 1 or `shuffleBestSameWeighedHosts` is on.
 */
export function schedulerOptionsOf(config: CloudConfig, random: () => Random): SchedulerOptions {
  return {
    weigher: config.weigher,
    weighing: {
      ...(config.weightClasses ? { weightClasses: config.weightClasses } : {}),
      ...(config.weightMultipliers ? { multipliers: config.weightMultipliers } : {}),
    },
    maxAttempts: config.maxAttempts,
    serviceDownTimeMs: config.serviceDownTime * 1000,
    filters: filterSettings(config),
    hostSubsetSize: config.hostSubsetSize ?? 1,
    shuffleBestSameWeighedHosts: config.shuffleBestSameWeighedHosts ?? false,
    random: { int: (min, max) => random().int(min, max) },
    countFailedBuilds: (config.consecutiveBuildServiceDisableThreshold ?? 10) !== 0,
  };
}
