// The public surface of nova-sim. Named exports only; types in their own list.

export type { Auth } from './api/context.js';
export type { ApiRequest, ApiResponse } from './api/request.js';
export type { CatalogInput, Image, Keypair, ServerGroup } from './catalog/catalog.js';
export { Catalog, SAMPLE_NETWORK_ID } from './catalog/catalog.js';
export { DEFAULT_FLAVORS, SAMPLE_PROJECT_ID, SAMPLE_USER_ID } from './catalog/defaults.js';
export type { DiagramFormat } from './cli/diagram.js';
export { serverDiagram } from './cli/diagram.js';
export type { ReportRun } from './cli/report/html.js';
export { reportHtml } from './cli/report/html.js';
export type { ClockSnapshot, TimerTask } from './clock/virtual-clock.js';
export {
  ClockLoopError,
  DEFAULT_EPOCH_MS,
  isClockLoopError,
  VirtualClock,
} from './clock/virtual-clock.js';
export type { CloudOptions, CloudSnapshot, HostControl, HostsOption, TraceEntry } from './cloud.js';
export { Cloud, createCloud } from './cloud.js';
export type { ActionName, ActionRule } from './compute/action-rules.js';
export { ACTION_RULES, checkAction } from './compute/action-rules.js';
export type { BuildRequest } from './compute/create.js';
export { createServers } from './compute/create.js';
export { MachineRunner } from './compute/machine-runner.js';
export type { Caller } from './compute/operations.js';
// One function per Nova operation, for driving the engine without the API (bench, tests).
export * as operations from './compute/operations.js';
export type { Fault, Flavor, Migration, Server } from './compute/server.js';
export type { ServerEventType } from './compute/server-machine.js';
export { createServerMachine, SEQUENCES, SERVER_EVENT_TYPES } from './compute/server-machine.js';
export type { PowerState, TaskState, VmState } from './compute/states.js';
export { POWER_STATE, TASK_STATES, VM_STATES } from './compute/states.js';
export type { ServerStatus } from './compute/status-map.js';
export {
  filterForStatuses,
  SERVER_STATUSES,
  STATUS_ALIASES,
  STATUS_MAP,
  statusFromState,
} from './compute/status-map.js';
export type { CloudConfig, CloudConfigInput, Quotas, StepDurations } from './config.js';
export { DEFAULT_CONFIG, DEFAULT_QUOTAS, resolveConfig } from './config.js';
export { isNovaError, NovaError } from './errors/nova-error.js';
export type { CloudEvents } from './events.js';
export type { FaultRule } from './faults/fault-rules.js';
export type { IdentityInput, ProjectInput, UserInput } from './http/identity/directory.js';
export type { ServeHooks, ServeIo } from './http/serve-command.js';
export { SERVE_USAGE, serveCommand } from './http/serve-command.js';
export type { ServeConfig } from './http/serve-config.js';
export type { SimServer, SimServerOptions } from './http/server.js';
export { DEFAULT_MAX_BODY_BYTES, startSimServer } from './http/server.js';
export type { Endpoints } from './http/types.js';
export type { WallClock } from './http/wall-clock.js';
export type {
  ImageRecord,
  ImageService,
  ImageStatus,
  ImageVisibility,
  SnapshotRequest,
} from './image/index.js';
export { IMAGE_TRANSITIONS } from './image/index.js';
export type { Random, RandomState } from './random/prng.js';
export { createRandom, restoreRandom } from './random/prng.js';
export type { ReplayProgress } from './scenario/context.js';
export { parseDuration } from './scenario/duration.js';
export type { ScenarioProblem } from './scenario/errors.js';
export { isScenarioError, ScenarioError } from './scenario/errors.js';
export type { LoadOptions } from './scenario/load.js';
export { loadScenario, readScenarioFile } from './scenario/load.js';
export type { ReplayOptions, ReplayResult } from './scenario/run.js';
export { replay } from './scenario/run.js';
export { SCENARIO_SCHEMA } from './scenario/schema.js';
export type { ReplayFailure, TraceLine } from './scenario/trace.js';
export { traceToJsonLines } from './scenario/trace.js';
export type {
  Duration,
  Expectation,
  Matcher,
  Scenario,
  ScenarioUser,
  Step,
  StepKind,
} from './scenario/types.js';
export type { HostSpec, HostStatus } from './scheduler/index.js';
export { parseSnapshot, readSnapshot, restoreSnapshot } from './snapshot/restore.js';
export type { LineSink } from './snapshot/save.js';
export { saveSnapshot, writeSnapshot } from './snapshot/save.js';
export { isSnapshotError, SnapshotError } from './snapshot/validate.js';
