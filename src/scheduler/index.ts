export type { AggregateMetadata } from './aggregate-filters.js';
export type { Claim } from './claims.js';
export type { FilterName, FilterSettings } from './filter-settings.js';
export { DEFAULT_ENABLED_FILTERS, FILTER_NAMES } from './filter-settings.js';
export type {
  HostServiceState,
  HostSpec,
  HostView,
  ResolvedHostSpec,
  SupportedInstance,
} from './host.js';
export { HOST_DEFAULTS } from './host.js';
export type { SchedulerOptions } from './options.js';
export type {
  GroupPolicy,
  GroupRequest,
  NoValidHostReason,
  SelectionRequest,
  SelectionResult,
} from './request.js';
export { noValidHostMessage } from './request.js';
export type { ResourceClass, Resources } from './resources.js';
export { RESOURCE_CLASSES } from './resources.js';
export type { Scheduler } from './scheduler.js';
export { createScheduler } from './scheduler.js';
export type { HostStatus } from './service.js';
export { DEFAULT_SERVICE_DOWN_TIME_MS } from './service.js';
export type { HostSnapshot, SchedulerSnapshot } from './snapshot.js';
export { restoreScheduler } from './snapshot.js';
export type { SubsetRandom, WeigherKind } from './weigher.js';
export type { WeigherDef, WeigherName, WeighingOptions } from './weighers.js';
export { WEIGHERS } from './weighers.js';
