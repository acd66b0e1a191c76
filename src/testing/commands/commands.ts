import fc from 'fast-check';
import { actionArgs, type BodyAction } from '../arbitraries/action-body.js';
import { cloudSetup } from '../arbitraries/cloud-setup.js';
import { createArgs } from '../arbitraries/create-body.js';
import { faultArgs } from '../arbitraries/fault-rule.js';
import { invalidActionBody } from '../arbitraries/invalid-action-body.js';
import { invalidCreateBody } from '../arbitraries/invalid-create-body.js';
import { listQuery } from '../arbitraries/list-query.js';
import { microversion } from '../arbitraries/microversion.js';
import { PROJECTS } from '../model/actors.js';
import type { CloudCommand } from '../model/cloud-model.js';
import type { CloudSetup } from '../model/system.js';
import { AddFaultCommand } from './add-fault.js';
import { AdvanceClockCommand } from './advance-clock.js';
import { CheckLimitsCommand } from './check-limits.js';
import { CreateServerCommand } from './create-server.js';
import { DeleteServerCommand } from './delete-server.js';
import { FloatingIpCommand, type FloatingIpOp } from './floating-ip.js';
import { HostDisableCommand } from './host-disable.js';
import { HostDownCommand } from './host-down.js';
import { HostUpCommand } from './host-up.js';
import { CreatePortCommand, InterfaceCommand } from './interface.js';
import { type BadRequest, InvalidRequestCommand } from './invalid-request.js';
import { ListServersCommand } from './list-servers.js';
import { ReadSubresourceCommand, SUBRESOURCES } from './read-subresource.js';
import { SecurityGroupCommand, type SecurityGroupOp } from './security-group.js';
import { ServerActionCommand } from './server-action.js';
import { ShowServerCommand } from './show-server.js';
import { SnapshotRestoreCommand } from './snapshot-restore.js';
import { UpdateServerCommand } from './update-server.js';
import { ATTACH_VERSIONS, VolumeAttachmentCommand } from './volume-attachment.js';
import { CreateVolumeCommand } from './volume-create.js';
import { DeleteVolumeCommand } from './volume-delete.js';

/** The families of commands, each with a default weight. */
export const DEFAULT_WEIGHTS = {
  create: 5,
  action: 24,
  delete: 2,
  update: 1,
  show: 2,
  subresource: 1,
  list: 3,
  limits: 1,
  invalid: 2,
  advance: 12,
  hostDown: 1,
  hostUp: 1,
  hostDisable: 1,
  fault: 1,
  restore: 1,
  volume: 2,
  volumeAttach: 3,
  volumeDelete: 1,
  port: 1,
  interface: 2,
  floatingIp: 2,
  securityGroup: 1,
} as const;
export type CommandFamily = keyof typeof DEFAULT_WEIGHTS;

/** Actions a member's lifecycle uses weigh more than the operator's tools. */
const ACTION_WEIGHTS: Readonly<Record<BodyAction, number>> = {
  rebootSoft: 2,
  rebootHard: 2,
  rebuild: 2,
  resize: 3,
  confirmResize: 3,
  revertResize: 2,
  start: 3,
  stop: 3,
  pause: 2,
  unpause: 2,
  suspend: 2,
  resume: 2,
  rescue: 2,
  unrescue: 2,
  lock: 2,
  unlock: 2,
  changePassword: 1,
  shelve: 2,
  shelveOffload: 1,
  unshelve: 3,
  migrate: 1,
  migrateLive: 1,
  evacuate: 2,
  restore: 3,
  forceDelete: 1,
  resetState: 1,
  createImage: 1,
  createBackup: 1,
  triggerCrashDump: 1,
  injectNetworkInfo: 1,
};

const actor = fc.oneof(
  { weight: 6, arbitrary: fc.constant('owner' as const) },
  { weight: 3, arbitrary: fc.constant('admin' as const) },
  { weight: 1, arbitrary: fc.constant('other' as const) },
);
const project = fc.constantFrom(...PROJECTS);
const index = fc.nat(63);
const action = fc.oneof(
  ...(Object.entries(ACTION_WEIGHTS) as [BodyAction, number][]).map(([name, weight]) => ({
    weight,
    arbitrary: fc.constant(name),
  })),
);

/** Time as an input: steps of a build, a minute of periodic ticks, an hour of offload polls. */
const advanceMs = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: 100, max: 3000 }) },
  { weight: 4, arbitrary: fc.integer({ min: 3000, max: 20_000 }) },
  { weight: 2, arbitrary: fc.integer({ min: 20_000, max: 200_000 }) },
  { weight: 1, arbitrary: fc.constantFrom(600_000, 3_600_000) },
);

const badRequest: fc.Arbitrary<[BadRequest, string]> = microversion().chain((version) =>
  fc
    .oneof(
      fc.record({
        kind: fc.constant('create' as const),
        project,
        invalid: invalidCreateBody({ version }),
      }),
      fc.record({
        kind: fc.constant('action' as const),
        index,
        actor,
        invalid: invalidActionBody({ version }),
      }),
      fc.record({
        kind: fc.constant('update' as const),
        index,
        actor,
        body: fc.constantFrom<unknown>(
          { server: { name: '' } },
          { server: { bogus: 1 } },
          {},
          { server: { name: ' padded ' } },
        ),
      }),
      fc.record({
        kind: fc.constant('unknown-server' as const),
        method: fc.constantFrom('GET' as const, 'PUT' as const, 'DELETE' as const, 'POST' as const),
        id: fc.uuid({ version: 4 }),
      }),
      fc.record({
        kind: fc.constant('version' as const),
        header: fc.constantFrom('compute 3.0', 'compute 2.999', 'compute two', 'compute 1.1'),
      }),
    )
    .map((bad): [BadRequest, string] => [bad, version]),
);

/** Every command family's arbitrary. */
const FAMILIES: Readonly<Record<CommandFamily, fc.Arbitrary<CloudCommand>>> = {
  create: fc
    .tuple(project, microversion(), createArgs())
    .map(([p, v, args]) => new CreateServerCommand(p, v, args)),
  action: fc
    .tuple(
      fc.oneof(
        { weight: 1, arbitrary: action },
        { weight: 3, arbitrary: fc.record({ allowed: fc.nat(63), fallback: action }) },
      ),
      index,
      actor,
      microversion(),
      actionArgs(),
    )
    .map(([a, i, who, v, args]) => new ServerActionCommand(a, i, who, v, args)),
  delete: fc.tuple(index, actor).map(([i, who]) => new DeleteServerCommand(i, who)),
  update: fc
    .tuple(index, actor, microversion(), fc.constantFrom('renamed', 'web-2', 'db.primary'))
    .map(([i, who, v, name]) => new UpdateServerCommand(i, who, v, name)),
  show: fc
    .tuple(index, actor, microversion())
    .map(([i, who, v]) => new ShowServerCommand(i, who, v)),
  subresource: fc
    .tuple(fc.constantFrom(...SUBRESOURCES), index, actor, microversion())
    .map(([sub, i, who, v]) => new ReadSubresourceCommand(sub, i, who, v)),
  list: fc
    .tuple(fc.constantFrom(...PROJECTS, 'admin' as const), microversion(), listQuery())
    .map(([who, v, query]) => new ListServersCommand(who, v, query)),
  limits: project.map((p) => new CheckLimitsCommand(p)),
  invalid: badRequest.map(([bad, v]) => new InvalidRequestCommand(bad, v)),
  advance: advanceMs.map((ms) => new AdvanceClockCommand(ms)),
  hostDown: fc.tuple(index, fc.boolean()).map(([i, forced]) => new HostDownCommand(i, forced)),
  hostUp: index.map((i) => new HostUpCommand(i)),
  hostDisable: fc
    .tuple(index, fc.boolean())
    .map(([i, enable]) => new HostDisableCommand(i, enable)),
  fault: faultArgs().map((args) => new AddFaultCommand(args)),
  restore: fc.constant(new SnapshotRestoreCommand()),
  volume: fc
    .tuple(
      project,
      fc.integer({ min: 1, max: 4 }),
      fc.oneof(fc.constant(false), fc.constant(false), fc.constant(true)),
    )
    .map(([p, size, multi]) => new CreateVolumeCommand(p, size, multi)),
  volumeAttach: fc
    .tuple(
      fc.constantFrom('attach' as const, 'attach' as const, 'detach' as const),
      index,
      index,
      fc.constantFrom(...ATTACH_VERSIONS),
    )
    .map(([op, i, v, version]) => new VolumeAttachmentCommand(op, i, v, version)),
  volumeDelete: fc.tuple(index, actor).map(([i, who]) => new DeleteVolumeCommand(i, who)),
  port: project.map((p) => new CreatePortCommand(p)),
  interface: fc
    .tuple(
      fc.constantFrom('attach' as const, 'detach' as const),
      index,
      fc.option(index, { nil: null }),
    )
    .map(([op, i, port]) => new InterfaceCommand(op, i, port)),
  floatingIp: fc
    .tuple(
      fc.constantFrom<FloatingIpOp>('create', 'associate', 'associate', 'disassociate', 'delete'),
      project,
      index,
      index,
    )
    .map(([op, p, i, server]) => new FloatingIpCommand(op, p, i, server)),
  securityGroup: fc
    .tuple(
      fc.constantFrom<SecurityGroupOp>('create', 'add', 'add', 'remove'),
      project,
      index,
      index,
    )
    .map(([op, p, i, group]) => new SecurityGroupCommand(op, p, i, group)),
};

/** Duck-typed like fast-check's own check, so an arbitrary of another fast-check copy works. */
function isArbitrary<T>(value: T | fc.Arbitrary<T>): value is fc.Arbitrary<T> {
  return typeof value === 'object' && value !== null && 'generate' in value && 'shrink' in value;
}

/** A cloud to start from and the commands to run against it. */
export interface CloudProgram {
  readonly setup: CloudSetup;
  readonly commands: Iterable<CloudCommand>;
}

export interface CloudCommandsOptions {
  /** The cloud to start from: fixed, or an arbitrary of them (default {@link cloudSetup}). */
  readonly setup?: CloudSetup | fc.Arbitrary<CloudSetup>;
  /** At most this many commands per run (default 50). */
  readonly maxCommands?: number;
  /** fast-check's size of the command list (default 'max': runs use up to maxCommands). */
  readonly size?: fc.SizeForArbitrary;
  /** fast-check's `replayPath` of a failure: with `{ seed, path }`, replays it exactly. */
  readonly replayPath?: string;
  /** Relative weight of each family; 0 leaves a family out. */
  readonly weights?: Partial<Record<CommandFamily, number>>;
  /** Commands of your own, e.g. a tick of the orchestrator under test. */
  readonly extra?: readonly {
    readonly arbitrary: fc.Arbitrary<CloudCommand>;
    readonly weight: number;
  }[];
}

/**
 * Random API traffic as fast-check commands: creates (single and multi), every action,
 * updates, deletes, shows, lists with random filters and pages, quota reads, invalid
 * requests, clock advances, host down/up/disable, fault rules and snapshot/restore, and
 * the neighbours Nova calls: volumes (create, attach, detach, delete), ports and
 * interfaces, floating IPs and security groups.
 * Commands name servers and hosts by position (`index % live.length`) and print the ids
 * they resolved, so a shrunk run reads like a script.
 *
 * @example
 * test.prop([cloudCommands()])('Nova rules hold', (program) => {
 *   runCloudCommands(program);
 * });
 */
export function cloudCommands(options: CloudCommandsOptions = {}): fc.Arbitrary<CloudProgram> {
  const weights = { ...DEFAULT_WEIGHTS, ...options.weights };
  const entries = (Object.entries(FAMILIES) as [CommandFamily, fc.Arbitrary<CloudCommand>][])
    .filter(([family]) => weights[family] > 0)
    .map(([family, arbitrary]) => ({ arbitrary, weight: weights[family] }));
  entries.push(...(options.extra ?? []));
  const given = options.setup;
  const setup =
    given === undefined ? cloudSetup() : isArbitrary(given) ? given : fc.constant(given);
  return fc.record({
    setup,
    commands: fc.commands([fc.oneof(...entries)], {
      maxCommands: options.maxCommands ?? 50,
      size: options.size ?? 'max',
      ...(options.replayPath === undefined ? {} : { replayPath: options.replayPath }),
    }),
  });
}
