import {
  isPolicyRule,
  POLICY_PERSONAS,
  type PolicyDefault,
  type PolicyRule,
} from './api/policy-rules.js';
import type { TaskState } from './compute/states.js';
import { AGGREGATE_FILTERS, type AggregateFilterName } from './scheduler/aggregate-filters.js';
import {
  type ARCHITECTURES,
  type FilterName,
  resolveFilterSettings,
} from './scheduler/filter-settings.js';
import { HINT_FILTERS, type HintFilterName } from './scheduler/hint-filters.js';
import { resolveWeighing, type WeigherName } from './scheduler/weighers.js';

/** Per-project limits, Nova's `[quota]` defaults (reference §5.4); -1 is unlimited. */
export interface Quotas {
  instances: number;
  cores: number;
  ram: number;
  metadataItems: number;
  injectedFiles: number;
  injectedFileContentBytes: number;
  injectedFilePathLength: number;
  keyPairs: number;
  serverGroups: number;
  serverGroupMembers: number;
}

export const DEFAULT_QUOTAS: Readonly<Quotas> = {
  instances: 10,
  cores: 20,
  ram: 51200,
  metadataItems: 128,
  injectedFiles: 5,
  injectedFileContentBytes: 10240,
  injectedFilePathLength: 255,
  keyPairs: 100,
  serverGroups: 10,
  serverGroupMembers: 10,
};

/** Virtual duration of each task step; `none` is a step with no task_state (building/None, confirm). */
export type StepDurations = Partial<Record<TaskState | 'none' | 'default', number>>;

/**
 * Default step durations (virtual ms): a build takes about 6 s, most actions 1–3 s,
 * in the range a small real cloud shows.
 */
export const DEFAULT_STEP_MS: Readonly<StepDurations> = {
  default: 1000,
  none: 500,
  scheduling: 500,
  networking: 1000,
  block_device_mapping: 500,
  spawning: 4000,
  rebuild_spawning: 4000,
  resize_migrating: 2000,
  migrating: 3000,
  image_uploading: 3000,
  shelving_image_uploading: 3000,
};

/** Nova's timing and policy options, in seconds where Nova uses seconds. */
export interface CloudConfig {
  /** Seconds; > 0 turns DELETE into a soft delete reclaimed after this long. */
  reclaimInstanceInterval: number;
  /** Seconds; > 0 auto-confirms VERIFY_RESIZE after this long. */
  resizeConfirmWindow: number;
  /** Seconds; 0 offloads at once, < 0 never, > 0 on the shelved poll after this long. */
  shelvedOffloadTime: number;
  shelvedPollInterval: number;
  /** Seconds between runs of periodic tasks with no spacing of their own (oslo default). */
  periodicInterval: number;
  /** Seconds; > 0 auto-unrescues servers rescued for longer. */
  rescueTimeout: number;
  /** Seconds; > 0 puts servers building for longer into ERROR. */
  instanceBuildTimeout: number;
  /**
   * Seconds between power syncs (Nova's `sync_power_state_interval`): 0 runs them at the
   * periodic interval, < 0 never. A server reset to active while powered off is stopped.
   */
  syncPowerStateInterval: number;
  allowResizeToSameHost: boolean;
  maxAttempts: number;
  /** Seconds without a heartbeat after which a compute service is down. */
  serviceDownTime: number;
  weigher: 'spread' | 'pack';
  stepMs: StepDurations;
  /** Each step lasts its duration × (1 ± jitter), drawn from the seeded PRNG. */
  jitter: number;
  enableInstancePassword: boolean;
  passwordLength: number;
  quotas: Quotas;
  maxLimit: number;
  /** Timers one virtual instant may fire that were scheduled at that instant. */
  loopLimit: number;
  /** The newest microversion served, e.g. '2.93' to answer like Zed. */
  maxMicroversion: string;
  /** Scheme and host of every link the API renders (the samples' host by default). */
  endpoint: string;
  /** Console proxies turned on ([vnc]/[spice]/[serial_console]/[mks] `enabled`). */
  consoles: readonly ConsoleProtocol[];
  /** Seconds a console token stays valid ([consoleauth] token_ttl). */
  consoleTokenTtl: number;
  /** The page noVNC console URLs open ([vnc] novncproxy_base_url); `serve` answers there itself. */
  novncProxyBaseUrl: string;
  /**
   * `[filter_scheduler] enabled_filters`: the host filters that run, in order; default
   * Nova master's ComputeFilter, ComputeCapabilitiesFilter, ImagePropertiesFilter,
   * ServerGroupAntiAffinityFilter, ServerGroupAffinityFilter.
   */
  enabledFilters?: readonly FilterName[];
  /** Deprecated: added to `enabledFilters`. */
  aggregateFilters?: readonly AggregateFilterName[];
  /** Deprecated: added to `enabledFilters`. */
  hintFilters?: readonly HintFilterName[];
  /** `[filter_scheduler] max_io_ops_per_host`, default 8 (IoOpsFilter, AggregateIoOpsFilter). */
  maxIoOpsPerHost?: number;
  /** `[filter_scheduler] max_instances_per_host`, default 50 (NumInstancesFilter, AggregateNumInstancesFilter). */
  maxInstancesPerHost?: number;
  /** `[filter_scheduler] isolated_images` (IsolatedHostsFilter). */
  isolatedImages?: readonly string[];
  /** `[filter_scheduler] isolated_hosts` (IsolatedHostsFilter). */
  isolatedHosts?: readonly string[];
  /** `[filter_scheduler] restrict_isolated_hosts_to_isolated_images`, default true. */
  restrictIsolatedHostsToIsolatedImages?: boolean;
  /** `[filter_scheduler] aggregate_image_properties_isolation_namespace` (deprecated in Nova). */
  aggregateImagePropertiesIsolationNamespace?: string;
  /** `[filter_scheduler] aggregate_image_properties_isolation_separator`, default `.`. */
  aggregateImagePropertiesIsolationSeparator?: string;
  /** `[filter_scheduler] image_properties_default_architecture` (ImagePropertiesFilter), default unset. */
  imagePropertiesDefaultArchitecture?: Architecture;
  /** `[filter_scheduler] host_subset_size`, default 1: pick at random among the N best hosts. */
  hostSubsetSize?: number;
  /** `[filter_scheduler] shuffle_best_same_weighed_hosts`, default false. */
  shuffleBestSameWeighedHosts?: boolean;
  /**
   * `[compute] consecutive_build_service_disable_threshold`, default 10. Since Rocky any
   * non-zero value only makes computes count failed builds for BuildFailureWeigher (no
   * service is disabled); 0 stops the counting.
   */
  consecutiveBuildServiceDisableThreshold?: number;
  /** `[filter_scheduler] weight_classes`: the weighers that weigh (default all, as in Nova). */
  weightClasses?: readonly WeigherName[];
  /**
   * Weigher multipliers by Nova option name (`ram_weight_multiplier`, `cpu_weight_multiplier`,
   * `io_ops_weight_multiplier`, …); omitted ones take Nova's defaults.
   */
  weightMultipliers?: Readonly<Record<string, number>>;
  /** policy.yaml overrides: rule name → persona, e.g. `{ 'os_compute_api:servers:create': 'admin' }`. */
  policy?: Readonly<Partial<Record<PolicyRule, PolicyDefault>>>;
  /**
   * Seconds a deleted server stays readable (changes-since, os-instance-actions) before it
   * is archived, as `nova-manage db archive_deleted_rows --before` would; < 0 keeps it.
   */
  deletedServerRetention: number;
  /**
   * Keeps a sorted index per list sort key and rare filter (docs/decisions/0012): every
   * page at 1M servers in milliseconds, for ~150 B more per server and about a fifth more
   * per write (a column's dominant value keeps no entries). Off, such lists scan the
   * project's servers.
   */
  listColumnIndexes: boolean;
}

/** A CPU architecture name Nova knows (`nova.virt.arch.ALL`). */
export type Architecture = (typeof ARCHITECTURES)[number];

/** The remote console protocols Nova still serves. */
export type ConsoleProtocol = 'vnc' | 'spice' | 'serial' | 'mks';

export const DEFAULT_CONFIG: Readonly<CloudConfig> = {
  reclaimInstanceInterval: 0,
  resizeConfirmWindow: 0,
  shelvedOffloadTime: 0,
  shelvedPollInterval: 3600,
  periodicInterval: 60,
  rescueTimeout: 0,
  instanceBuildTimeout: 0,
  syncPowerStateInterval: 600,
  allowResizeToSameHost: false,
  maxAttempts: 3,
  serviceDownTime: 60,
  weigher: 'spread',
  stepMs: DEFAULT_STEP_MS,
  jitter: 0,
  enableInstancePassword: true,
  passwordLength: 12,
  quotas: DEFAULT_QUOTAS,
  maxLimit: 1000,
  // Generous: a crowd of thousands of servers on 0 ms steps is legitimate; a runaway
  // zero-delay loop still trips it within a second.
  loopLimit: 1_000_000,
  maxMicroversion: '2.104',
  endpoint: 'http://openstack.example.com',
  // Nova's defaults: only [vnc] is enabled out of the box.
  consoles: ['vnc'],
  consoleTokenTtl: 600,
  novncProxyBaseUrl: 'http://127.0.0.1:6080/vnc_auto.html',
  // A daily archive job, as operators usually run it.
  deletedServerRetention: 86_400,
  // On: with dominant-value lists a write moves few entries (decision 0012, amendment 4).
  listColumnIndexes: true,
};

export type CloudConfigInput = Partial<Omit<CloudConfig, 'quotas' | 'stepMs'>> & {
  quotas?: Partial<Quotas>;
  stepMs?: StepDurations;
};

export function resolveConfig(input: CloudConfigInput = {}): CloudConfig {
  const config: CloudConfig = {
    ...DEFAULT_CONFIG,
    ...input,
    quotas: { ...DEFAULT_QUOTAS, ...input.quotas },
    stepMs: { ...DEFAULT_STEP_MS, ...input.stepMs },
  };
  checkConfig(config);
  return config;
}

const NUMBERS = [
  'reclaimInstanceInterval',
  'resizeConfirmWindow',
  'shelvedOffloadTime',
  'shelvedPollInterval',
  'periodicInterval',
  'rescueTimeout',
  'instanceBuildTimeout',
  'syncPowerStateInterval',
  'serviceDownTime',
  'passwordLength',
  'maxLimit',
  'loopLimit',
  'consoleTokenTtl',
  'deletedServerRetention',
] as const;

/**
 * Refuses a config that would make the engine misbehave later (a NaN step, a zero tick),
 * at createCloud time rather than inside some request.
 */
function checkConfig(config: CloudConfig): void {
  const fail = (what: string, value: unknown) => {
    throw new RangeError(`nova-sim config: ${what} must be ${value}`);
  };
  for (const key of NUMBERS) {
    if (typeof config[key] !== 'number' || !Number.isFinite(config[key]))
      fail(key, 'a finite number');
  }
  if (config.periodicInterval <= 0 || config.shelvedPollInterval <= 0)
    fail('a periodic interval', '> 0');
  if (!Number.isInteger(config.maxAttempts) || config.maxAttempts < 1)
    fail('maxAttempts', 'an integer ≥ 1');
  if (!(config.jitter >= 0 && config.jitter < 1)) fail('jitter', 'in [0, 1)');
  for (const name of config.aggregateFilters ?? []) {
    if (!AGGREGATE_FILTERS.includes(name))
      fail('aggregateFilters', `some of ${AGGREGATE_FILTERS.join(', ')}`);
  }
  for (const name of config.hintFilters ?? []) {
    if (!HINT_FILTERS.includes(name)) fail('hintFilters', `some of ${HINT_FILTERS.join(', ')}`);
  }
  try {
    resolveFilterSettings({
      ...(config.enabledFilters ? { enabledFilters: config.enabledFilters } : {}),
      ...(config.maxIoOpsPerHost !== undefined ? { maxIoOpsPerHost: config.maxIoOpsPerHost } : {}),
      ...(config.maxInstancesPerHost !== undefined
        ? { maxInstancesPerHost: config.maxInstancesPerHost }
        : {}),
      ...(config.imagePropertiesDefaultArchitecture !== undefined
        ? { imagePropertiesDefaultArchitecture: config.imagePropertiesDefaultArchitecture }
        : {}),
    });
  } catch (error) {
    throw new RangeError(`nova-sim config: ${(error as Error).message}`);
  }
  const subset = config.hostSubsetSize ?? 1;
  if (!Number.isSafeInteger(subset) || subset < 1) fail('hostSubsetSize', 'an integer ≥ 1');
  const threshold = config.consecutiveBuildServiceDisableThreshold ?? 10;
  if (!Number.isSafeInteger(threshold) || threshold < 0)
    fail('consecutiveBuildServiceDisableThreshold', 'an integer ≥ 0');
  try {
    resolveWeighing({
      ...(config.weightClasses ? { weightClasses: config.weightClasses } : {}),
      ...(config.weightMultipliers ? { multipliers: config.weightMultipliers } : {}),
    });
  } catch (error) {
    throw new RangeError(`nova-sim config: ${(error as Error).message}`);
  }
  for (const [rule, persona] of Object.entries(config.policy ?? {})) {
    if (!isPolicyRule(rule)) fail(`policy key ${JSON.stringify(rule)}`, "one of Nova's rule names");
    if (!POLICY_PERSONAS.includes(persona as PolicyDefault))
      fail(`policy.${rule}`, `one of ${POLICY_PERSONAS.join(', ')}`);
  }
  for (const [step, ms] of Object.entries(config.stepMs)) {
    if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0)
      fail(`stepMs.${step}`, 'a finite number ≥ 0');
  }
}

/** The base duration of a step (before jitter and slow-down faults). */
export function stepDuration(config: CloudConfig, task: TaskState | null): number {
  const steps = config.stepMs;
  return (task === null ? steps.none : steps[task]) ?? steps.default ?? 1000;
}
