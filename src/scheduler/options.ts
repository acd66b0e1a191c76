import { type FilterSettings, resolveFilterSettings } from './filter-settings.js';
import { compileFilters } from './host-filters.js';
import { DEFAULT_SERVICE_DOWN_TIME_MS } from './service.js';
import type { SelectionEnv, SubsetRandom, WeigherKind } from './weigher.js';
import { multiplierOf, resolveWeighing, type WeighingOptions } from './weighers.js';

/**
 * Scheduler settings; every one has Nova's default.
 *
 * @example
 * const scheduler = createScheduler({ weigher: 'pack', maxAttempts: 1 });
 */
export interface SchedulerOptions {
  /**
   * Default `spread`: Nova's default weighers. `pack` sets the RAM, CPU and disk
   * multipliers to −1.0 unless `weighing.multipliers` gives them.
   */
  weigher?: WeigherKind;
  /** `[filter_scheduler] weight_classes` and the `*_weight_multiplier` options. */
  weighing?: WeighingOptions;
  /** `[scheduler] max_attempts`, default 3: the chosen host plus up to 2 alternates. */
  maxAttempts?: number;
  /** `service_down_time`, default 60 s. */
  serviceDownTimeMs?: number;
  /** `host_subset_size`, default 1; more needs `random`. */
  hostSubsetSize?: number;
  /** `shuffle_best_same_weighed_hosts`, default false; true needs `random`. */
  shuffleBestSameWeighedHosts?: boolean;
  /**
   * `enabled_filters` (default Nova master's five) and the options the filters read
   * (`max_io_ops_per_host`, `max_instances_per_host`, `isolated_*`, …).
   */
  filters?: FilterSettings;
  /**
   * Whether failed builds count toward a host's `failed_builds` (BuildFailureWeigher):
   * `[compute] consecutive_build_service_disable_threshold` non-zero, Nova's default.
   */
  countFailedBuilds?: boolean;
  /** Where the `host_subset_size` choice draws from; the simulator never calls Math.random. */
  random?: SubsetRandom;
  /**
   * `indexed` (default) walks the weigher index; `scan` filters and weighs every
   * host, Nova's way. Both give the same answers; `scan` is the reference for tests.
   */
  strategy?: 'indexed' | 'scan';
}

/** What `weigher: 'pack'` means: stack by RAM, CPU and disk. */
const PACK: Readonly<Record<string, number>> = {
  ram_weight_multiplier: -1.0,
  cpu_weight_multiplier: -1.0,
  disk_weight_multiplier: -1.0,
};

/** Options with defaults applied and checked. */
export interface ResolvedSchedulerOptions extends SelectionEnv {
  readonly strategy: 'indexed' | 'scan';
  readonly countFailedBuilds: boolean;
}

/** Applies Nova's defaults and checks the values (a wrong one is a caller bug: RangeError). */
export function resolveOptions(options: SchedulerOptions): ResolvedSchedulerOptions {
  const weigher = options.weigher ?? 'spread';
  if (weigher !== 'spread' && weigher !== 'pack') {
    throw new RangeError(`weigher must be 'spread' or 'pack'; got ${String(weigher)}`);
  }
  const maxAttempts = options.maxAttempts ?? 3;
  if (!Number.isSafeInteger(maxAttempts) || maxAttempts < 1) {
    throw new RangeError(`maxAttempts must be a positive integer; got ${String(maxAttempts)}`);
  }
  const serviceDownTimeMs = options.serviceDownTimeMs ?? DEFAULT_SERVICE_DOWN_TIME_MS;
  if (!Number.isFinite(serviceDownTimeMs) || serviceDownTimeMs < 0) {
    throw new RangeError(`serviceDownTimeMs must be >= 0; got ${String(serviceDownTimeMs)}`);
  }
  const hostSubsetSize = options.hostSubsetSize ?? 1;
  if (!Number.isSafeInteger(hostSubsetSize) || hostSubsetSize < 1) {
    throw new RangeError(
      `hostSubsetSize must be a positive integer; got ${String(hostSubsetSize)}`,
    );
  }
  const random = options.random ?? null;
  if (hostSubsetSize > 1 && random === null) {
    throw new RangeError('hostSubsetSize > 1 needs options.random (a seeded generator)');
  }
  const shuffleBestSameWeighedHosts = options.shuffleBestSameWeighedHosts ?? false;
  if (shuffleBestSameWeighedHosts && random === null) {
    throw new RangeError('shuffleBestSameWeighedHosts needs options.random (a seeded generator)');
  }
  const filterSettings = resolveFilterSettings(options.filters);
  const strategy = options.strategy ?? 'indexed';
  if (strategy !== 'indexed' && strategy !== 'scan') {
    throw new RangeError(`strategy must be 'indexed' or 'scan'; got ${String(strategy)}`);
  }
  const weighingOptions = {
    ...options.weighing,
    multipliers: { ...(weigher === 'pack' ? PACK : {}), ...options.weighing?.multipliers },
  };
  const weighing = resolveWeighing(weighingOptions);
  const ramMultiplier = multiplierOf(weighing, 'freeRamMb');
  return {
    weighing,
    allWeighing: resolveWeighing(weighingOptions, { keepZero: true }),
    filters: compileFilters(filterSettings.enabledFilters),
    filterSettings,
    enabledFilters: new Set(filterSettings.enabledFilters),
    shuffleBestSameWeighedHosts,
    countFailedBuilds: options.countFailedBuilds ?? true,
    ramMultiplier,
    maxAttempts,
    serviceDownTimeMs,
    hostSubsetSize,
    random,
    strategy,
  };
}
