import * as ops from '../../compute/operations.js';
import { isVolumeBacked, type Server } from '../../compute/server.js';
import { NovaError } from '../../errors/nova-error.js';
import type { ImageRecord } from '../../image/index.js';
import type { ApiContext, HandlerResult, Route } from '../context.js';
import { authorize, permitted } from '../policy.js';
import type { PolicyRule } from '../policy-rules.js';
import { ACTION_SCHEMAS } from '../validation/schemas/index.js';
import { validateBody } from '../validation/validate.js';
import { actionPeek } from './action-peek.js';
import { password } from './admin-pass.js';
import { CONSOLE_OUTPUT_ACTIONS } from './console-output.js';
import { MULTINIC_ACTIONS } from './multinic.js';
import { REMOTE_CONSOLE_ACTIONS } from './remote-consoles.js';
import { createImageAction, dropShelvedImage, shelveAction } from './server-images.js';
import { findServer } from './server-lookup.js';
import { MOVE_ACTIONS } from './server-moves.js';
import {
  addFloatingIpAction,
  addSecurityGroupAction,
  removeFloatingIpAction,
  removeSecurityGroupAction,
} from './server-network.js';
import { rebuildAction } from './server-rebuild.js';
import { resizeAction } from './server-resize.js';
import { unshelveOptions } from './server-unshelve.js';

type Json = Record<string, unknown>;

interface ActionSpec {
  /** Nova's rule, checked against the server after the lookup (absent: checked in `run`). */
  readonly rule?: PolicyRule;
  /** Checks Nova makes before it looks the server up (a policy with no target). */
  readonly beforeLookup?: (ctx: ApiContext) => void;
  readonly run: (ctx: ApiContext, server: Server, args: Json | null) => HandlerResult;
}

/** An action whose controller never looks up the URL's server. */
interface UnlookedActionSpec {
  readonly runById: (ctx: ApiContext, serverId: string, args: Json | null) => HandlerResult;
}

const ACCEPTED: HandlerResult = { status: 202 };

const simple =
  (op: (c: ApiContext['cloud']['compute'], s: Server, who: ApiContext['caller']) => void) =>
  (ctx: ApiContext, server: Server): HandlerResult => {
    op(ctx.cloud.compute, server, ctx.caller);
    return ACCEPTED;
  };

/** Every action of `POST /servers/{id}/action`, keyed by the body's one key. */
/**
 * compute.API.rescue's allow_bfv_rescue: from 2.87 a volume-backed server is rescued when
 * the rescue image (or its own) names both a rescue bus and device. The host's
 * COMPUTE_RESCUE_BFV trait is taken as present, as libvirt reports it (Nova's base fake
 * driver does not).
 */
function stableRescue(ctx: ApiContext, server: Server, rescueImage: ImageRecord | null): boolean {
  if (!ctx.version.atLeast('2.87')) return false;
  const image = rescueImage ?? ctx.cloud.image.findImage(server.imageRef, ctx.auth);
  const properties = image?.properties;
  return properties?.hw_rescue_bus !== undefined && properties.hw_rescue_device !== undefined;
}

const ACTIONS: Readonly<Record<string, ActionSpec | UnlookedActionSpec>> = {
  reboot: {
    rule: 'os_compute_api:servers:reboot',
    run: (ctx, server, args) => {
      ops.reboot(
        ctx.cloud.compute,
        server,
        ctx.caller,
        String(args?.type).toUpperCase() === 'HARD',
      );
      return ACCEPTED;
    },
  },
  'os-stop': { rule: 'os_compute_api:servers:stop', run: simple(ops.stop) },
  'os-start': { rule: 'os_compute_api:servers:start', run: simple(ops.start) },
  pause: { rule: 'os_compute_api:os-pause-server:pause', run: simple(ops.pause) },
  unpause: { rule: 'os_compute_api:os-pause-server:unpause', run: simple(ops.unpause) },
  suspend: { rule: 'os_compute_api:os-suspend-server:suspend', run: simple(ops.suspend) },
  resume: { rule: 'os_compute_api:os-suspend-server:resume', run: simple(ops.resume) },
  unrescue: { rule: 'os_compute_api:os-unrescue', run: simple(ops.unrescue) },
  shelve: {
    rule: 'os_compute_api:os-shelve:shelve',
    run: (ctx, server) => {
      shelveAction(ctx, server);
      return ACCEPTED;
    },
  },
  shelveOffload: {
    rule: 'os_compute_api:os-shelve:shelve_offload',
    run: simple(ops.shelveOffload),
  },
  confirmResize: {
    rule: 'os_compute_api:servers:confirm_resize',
    run: (ctx, server) => {
      ops.confirmResize(ctx.cloud.compute, server, ctx.caller);
      return { status: 204 };
    },
  },
  revertResize: { rule: 'os_compute_api:servers:revert_resize', run: simple(ops.revertResize) },
  restore: { rule: 'os_compute_api:os-deferred-delete:restore', run: simple(ops.restore) },
  forceDelete: {
    rule: 'os_compute_api:os-deferred-delete:force',
    run: (ctx, server) => {
      ops.deleteServer(ctx.cloud.compute, server, ctx.caller, true);
      dropShelvedImage(ctx, server);
      return ACCEPTED;
    },
  },
  trigger_crash_dump: {
    rule: 'os_compute_api:servers:trigger_crash_dump',
    run: simple(ops.triggerCrashDump),
  },
  addSecurityGroup: { rule: 'os_compute_api:os-security-groups:add', run: addSecurityGroupAction },
  removeSecurityGroup: {
    rule: 'os_compute_api:os-security-groups:remove',
    run: removeSecurityGroupAction,
  },
  addFloatingIp: { rule: 'os_compute_api:os-floating-ips:add', run: addFloatingIpAction },
  removeFloatingIp: { runById: removeFloatingIpAction },
  injectNetworkInfo: {
    rule: 'os_compute_api:os-admin-actions:inject_network_info',
    run: () => ACCEPTED,
  },
  // Removed in Nova 23.0.0: the action still parses and answers 410 Gone.
  resetNetwork: {
    run: () => {
      throw new NovaError(
        410,
        'The requested resource is no longer available at the server and no forwarding address is known.',
      );
    },
  },
  'os-resetState': {
    rule: 'os_compute_api:os-admin-actions:reset_state',
    run: (ctx, server, args) => {
      ops.resetState(
        ctx.cloud.compute,
        server,
        ctx.caller,
        args?.state === 'error' ? 'error' : 'active',
      );
      return ACCEPTED;
    },
  },
  lock: {
    rule: 'os_compute_api:os-lock-server:lock',
    run: (ctx, server, args) => {
      const reason =
        ctx.version.atLeast('2.73') && typeof args?.locked_reason === 'string'
          ? args.locked_reason
          : null;
      ops.lock(ctx.cloud.compute, server, ctx.caller, reason);
      return ACCEPTED;
    },
  },
  unlock: {
    rule: 'os_compute_api:os-lock-server:unlock',
    run: (ctx, server) => {
      // lock_server.py checks the override only when the lock is the other side's.
      const mayOverride =
        ops.isExpectedLockedBy(server, ctx.caller) ||
        permitted(ctx, 'os_compute_api:os-lock-server:unlock:unlock_override', {
          projectId: server.projectId,
        });
      ops.unlock(ctx.cloud.compute, server, ctx.caller, mayOverride);
      return ACCEPTED;
    },
  },
  changePassword: {
    rule: 'os_compute_api:os-admin-password',
    run: (ctx, server) => {
      ops.changePassword(ctx.cloud.compute, server, ctx.caller);
      return ACCEPTED;
    },
  },
  rescue: {
    rule: 'os_compute_api:os-rescue',
    run: (ctx, server, args) => {
      // compute.API.rescue: its lock and state decorators run before it reads the image.
      ops.check(ctx.cloud.compute, server, ctx.caller, 'rescue');
      const ref = args?.rescue_image_ref;
      const rescueImage = typeof ref === 'string' ? ctx.cloud.image.findImage(ref, ctx.auth) : null;
      if (rescueImage === undefined) {
        throw NovaError.badRequest(`Requested rescue image '${ref}' is not supported`);
      }
      if (isVolumeBacked(server) && !stableRescue(ctx, server, rescueImage)) {
        throw NovaError.badRequest(
          `Instance ${server.id} cannot be rescued: Cannot rescue a volume-backed instance`,
        );
      }
      const pass = password(ctx, args?.adminPass);
      ops.rescue(ctx.cloud.compute, server, ctx.caller);
      return {
        status: 200,
        body: ctx.cloud.config.enableInstancePassword ? { adminPass: pass } : {},
      };
    },
  },
  rebuild: {
    rule: 'os_compute_api:servers:rebuild',
    run: (ctx, server, args) => rebuildAction(ctx, server, args, password(ctx, args?.adminPass)),
  },
  resize: {
    rule: 'os_compute_api:servers:resize',
    run: (ctx, server, args) => {
      resizeAction(ctx, server, args);
      return ACCEPTED;
    },
  },
  ...MOVE_ACTIONS,
  unshelve: {
    rule: 'os_compute_api:os-shelve:unshelve',
    run: (ctx, server, args) => {
      ops.unshelve(ctx.cloud.compute, server, ctx.caller, unshelveOptions(ctx, server, args));
      dropShelvedImage(ctx, server);
      return ACCEPTED;
    },
  },
  createImage: {
    rule: 'os_compute_api:servers:create_image',
    run: (ctx, server, args) => createImageAction(ctx, server, args, false),
  },
  createBackup: {
    rule: 'os_compute_api:os-create-backup',
    run: (ctx, server, args) => createImageAction(ctx, server, args, true),
  },
  ...CONSOLE_OUTPUT_ACTIONS,
  ...REMOTE_CONSOLE_ACTIONS,
  ...MULTINIC_ACTIONS,
};

const CELL_LOOKUP: ReadonlySet<string> = new Set(['os-start', 'os-stop', 'trigger_crash_dump']);

/**
 * POST /servers/{id}/action, in Nova's order: one-key body → known action → schema (400)
 * → server lookup (404) → policy (403) → lock and state (409).
 */
function serverAction(ctx: ApiContext): HandlerResult {
  const key = actionPeek(ctx.body);
  const body = ctx.body as Record<string, unknown>;
  // Own keys only: a body key like `toString` is no action.
  const spec = Object.hasOwn(ACTIONS, key) ? ACTIONS[key] : undefined;
  const schemaFor = Object.hasOwn(ACTION_SCHEMAS, key) ? ACTION_SCHEMAS[key] : undefined;
  if (!spec || !schemaFor) throw NovaError.badRequest(`There is no such action: ${key}`);
  const schema = schemaFor(ctx.version);
  if (!schema) throw NovaError.notFound('The resource could not be found.');
  validateBody(schema, body);
  const id = ctx.params.server_id!;
  const args = body[key];
  const argsObject = args !== null && typeof args === 'object' ? (args as Json) : null;
  if ('runById' in spec) return spec.runById(ctx, id, argsObject);
  spec.beforeLookup?.(ctx);
  // These controllers look the instance up through its cell mapping first (§2.5).
  if (CELL_LOOKUP.has(key) && !ctx.cloud.compute.get(id)) {
    throw NovaError.notFound(`Instance ${id} has no mapping to a cell.`);
  }
  const server = findServer(ctx, id);
  if (spec.rule) authorize(ctx, spec.rule, { projectId: server.projectId, userId: server.userId });
  return spec.run(ctx, server, argsObject);
}

export const serverActionRoutes: readonly Route[] = [
  { method: 'POST', path: '/servers/{server_id}/action', handler: serverAction },
];
