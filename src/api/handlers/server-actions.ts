import * as ops from '../../compute/operations.js';
import type { Server } from '../../compute/server.js';
import { NovaError } from '../../errors/nova-error.js';
import { adminPass } from '../../random/ids.js';
import type { ApiContext, HandlerResult, Route } from '../context.js';
import { authorize, permitted } from '../policy.js';
import type { PolicyRule } from '../policy-rules.js';
import { normalizeIpv6 } from '../validation/ipv6.js';
import { ACTION_SCHEMAS } from '../validation/schemas/index.js';
import { validateBody } from '../validation/validate.js';
import { serverUpdateView } from '../views/server.js';
import { checkZoneAvailable } from './availability-zone.js';
import { CONSOLE_OUTPUT_ACTIONS } from './console-output.js';
import { checkFlavorFitsImage } from './image-checks.js';
import { MULTINIC_ACTIONS } from './multinic.js';
import { REMOTE_CONSOLE_ACTIONS } from './remote-consoles.js';
import { createImageAction, dropShelvedImage, shelveAction } from './server-images.js';
import { findServer, objectBody } from './server-lookup.js';
import {
  addFloatingIpAction,
  addSecurityGroupAction,
  removeFloatingIpAction,
  removeSecurityGroupAction,
} from './server-network.js';

type Json = Record<string, unknown>;

interface ActionSpec {
  /** Nova's rule, checked against the server after the lookup (absent: checked in `run`). */
  readonly rule?: PolicyRule;
  /** Checks Nova makes before it looks the server up (a policy with no target). */
  readonly beforeLookup?: (ctx: ApiContext) => void;
  readonly run: (ctx: ApiContext, server: Server, args: Json | null) => HandlerResult;
}

const ACCEPTED: HandlerResult = { status: 202 };

const simple =
  (op: (c: ApiContext['cloud']['compute'], s: Server, who: ApiContext['caller']) => void) =>
  (ctx: ApiContext, server: Server): HandlerResult => {
    op(ctx.cloud.compute, server, ctx.caller);
    return ACCEPTED;
  };

function password(ctx: ApiContext, given: unknown): string {
  return typeof given === 'string'
    ? given
    : adminPass(ctx.cloud.random, ctx.cloud.config.passwordLength);
}

function requireHost(
  ctx: ApiContext,
  host: unknown,
  message: (host: string) => NovaError,
): string | null {
  if (typeof host !== 'string') return null;
  if (!ctx.cloud.scheduler.getHost(host)) throw message(host);
  return host;
}

/** Every action of `POST /servers/{id}/action`, keyed by the body's one key. */
const ACTIONS: Readonly<Record<string, ActionSpec>> = {
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
  removeFloatingIp: { rule: 'os_compute_api:os-floating-ips:remove', run: removeFloatingIpAction },
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
      const ref = args?.rescue_image_ref;
      if (typeof ref === 'string' && !ctx.cloud.image.findImage(ref, ctx.auth)) {
        throw NovaError.badRequest(`Requested rescue image '${ref}' is not supported`);
      }
      if (server.imageRef === '' && server.volumes.length > 0) {
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
    run: (ctx, server, args) => {
      const spec = args ?? {};
      if (ctx.version.atLeast('2.63') && 'trusted_image_certificates' in spec) {
        authorize(ctx, 'os_compute_api:servers:rebuild:trusted_certs', {
          projectId: server.projectId,
        });
      }
      // Nova's lock and state decorators run before the image is looked up.
      ops.check(ctx.cloud.compute, server, ctx.caller, 'rebuild');
      const imageRef = String(spec.imageRef ?? '');
      const image = ctx.cloud.image.findImage(imageRef, ctx.auth);
      if (!image) throw NovaError.badRequest('Cannot find image for rebuild');
      if (image.status !== 'active') throw NovaError.badRequest(`Image ${imageRef} is not active.`);
      // A volume-backed server keeps its image in the volume: before 2.93 it cannot change.
      if (server.imageRef === '' && ctx.version.below('2.93')) {
        throw NovaError.badRequest(
          `Image ${imageRef} is unacceptable: Unable to rebuild with a different image for a volume-backed server.`,
        );
      }
      let keyData: string | null | undefined;
      if (ctx.version.atLeast('2.54') && 'key_name' in spec) {
        const name = spec.key_name as string | null;
        const keypair =
          name === null ? undefined : ctx.cloud.catalog.keypair(ctx.auth.userId, name);
        if (name !== null && !keypair) throw NovaError.badRequest('Invalid key_name provided.');
        keyData = keypair?.publicKey ?? null;
      }
      const pass = password(ctx, spec.adminPass);
      ops.rebuild(ctx.cloud.compute, server, ctx.caller, imageRef);
      if (typeof spec.name === 'string') server.name = spec.name;
      if (spec.metadata !== undefined)
        server.metadata = { ...(spec.metadata as Record<string, string>) };
      if (typeof spec.accessIPv4 === 'string') server.accessIPv4 = spec.accessIPv4;
      if (typeof spec.accessIPv6 === 'string') server.accessIPv6 = normalizeIpv6(spec.accessIPv6);
      if (spec['OS-DCF:diskConfig'] !== undefined)
        server.autoDiskConfig = spec['OS-DCF:diskConfig'] === 'AUTO';
      if ('description' in spec) server.description = (spec.description as string | null) ?? null;
      if (keyData !== undefined) {
        server.keyName = (spec.key_name as string | null) ?? null;
        server.keyData = keyData;
      }
      if ('user_data' in spec) server.userData = (spec.user_data as string | null) ?? null;
      if (typeof spec.hostname === 'string') server.hostname = spec.hostname;
      const view: Json = serverUpdateView(ctx, server, { rebuild: true });
      if (ctx.cloud.config.enableInstancePassword) view.adminPass = pass;
      return {
        status: 202,
        body: { server: view },
        headers: { location: ctx.links.self(`servers/${server.id}`) },
      };
    },
  },
  resize: {
    rule: 'os_compute_api:servers:resize',
    run: (ctx, server, args) => {
      // Nova's lock and state decorators run before the flavor is looked up.
      ops.check(ctx.cloud.compute, server, ctx.caller, 'resize');
      const ref = args?.flavorRef as string | number;
      const flavor = ctx.cloud.catalog.findFlavor(ref);
      if (
        !flavor ||
        flavor.disabled ||
        !ctx.cloud.catalog.flavorVisible(flavor, ctx.auth.projectId, ctx.isAdmin)
      )
        throw NovaError.badRequest(`Flavor ${String(ref)} could not be found.`);
      // nova/compute/api.py resize: the zero-disk refusal, then the image's limits: its
      // min_ram, and for image-backed servers its size and min_disk against the new disk.
      if (flavor.disk === 0 && server.flavor.disk !== 0 && server.imageRef !== '') {
        throw NovaError.badRequest(
          'Server disk was unable to be resized because: Resize to zero disk flavor is not allowed.',
        );
      }
      const image = ctx.cloud.image.getImage(server.imageRef);
      if (image && server.imageRef !== '' && flavor.id !== server.flavor.id) {
        checkFlavorFitsImage(flavor, image);
      } else if (flavor.ram < (image?.minRam ?? 0)) {
        throw NovaError.badRequest("Flavor's memory is too small for requested image.");
      }
      ops.resize(ctx.cloud.compute, server, ctx.caller, flavor);
      if (args?.['OS-DCF:diskConfig'] !== undefined)
        server.autoDiskConfig = args['OS-DCF:diskConfig'] === 'AUTO';
      return ACCEPTED;
    },
  },
  migrate: {
    rule: 'os_compute_api:os-migrate-server:migrate',
    run: (ctx, server, args) => {
      if (args?.host !== undefined && args.host !== null) {
        authorize(ctx, 'os_compute_api:os-migrate-server:migrate:host');
      }
      const host = requireHost(ctx, args?.host, (h) =>
        NovaError.badRequest(`Compute host ${h} could not be found.`),
      );
      ops.migrate(ctx.cloud.compute, server, ctx.caller, host);
      return ACCEPTED;
    },
  },
  'os-migrateLive': {
    rule: 'os_compute_api:os-migrate-server:migrate_live',
    run: (ctx, server, args) => {
      if (args?.force === true && (args.host === undefined || args.host === null)) {
        throw NovaError.badRequest("Can't force to a non-provided destination");
      }
      if (typeof args?.host === 'string') {
        authorize(ctx, 'os_compute_api:os-migrate-server:migrate_live:host');
      }
      const host = requireHost(ctx, args?.host, (h) =>
        NovaError.badRequest(`Compute host ${h} could not be found.`),
      );
      ops.liveMigrate(ctx.cloud.compute, server, ctx.caller, host, ctx.version.below('2.34'));
      return ACCEPTED;
    },
  },
  evacuate: {
    rule: 'os_compute_api:os-evacuate',
    run: (ctx, server, args) => {
      const host = requireHost(ctx, args?.host, (h) =>
        NovaError.notFound(`Compute host ${h} not found.`),
      );
      if (
        ctx.version.below('2.14') &&
        args?.onSharedStorage === true &&
        args.adminPass !== undefined
      ) {
        throw NovaError.badRequest("admin password can't be changed on existing disk");
      }
      const pass = password(ctx, args?.adminPass);
      ops.evacuate(ctx.cloud.compute, server, ctx.caller, {
        host,
        toStopped: ctx.version.atLeast('2.95'),
      });
      const body =
        ctx.version.below('2.14') && ctx.cloud.config.enableInstancePassword
          ? { adminPass: pass }
          : null;
      return { status: 200, body };
    },
  },
  unshelve: {
    rule: 'os_compute_api:os-shelve:unshelve',
    run: (ctx, server, args) => {
      const options: { availabilityZone?: string | null; host?: string | null } = {};
      if (args && 'availability_zone' in args) {
        const zone = args.availability_zone as string | null;
        checkZoneAvailable(ctx, zone);
        options.availabilityZone = zone;
      }
      if (args && typeof args.host === 'string') {
        authorize(ctx, 'os_compute_api:os-shelve:unshelve_to_host');
        options.host = requireHost(ctx, args.host, (h) =>
          NovaError.badRequest(`Compute host ${h} could not be found.`),
        );
      }
      ops.unshelve(ctx.cloud.compute, server, ctx.caller, options);
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
  const body = objectBody(ctx);
  const keys = Object.keys(body);
  if (keys.length !== 1) throw NovaError.badRequest('Malformed request body');
  const key = keys[0]!;
  // Own keys only: a body key like `toString` is no action.
  const spec = Object.hasOwn(ACTIONS, key) ? ACTIONS[key] : undefined;
  const schemaFor = Object.hasOwn(ACTION_SCHEMAS, key) ? ACTION_SCHEMAS[key] : undefined;
  if (!spec || !schemaFor) throw NovaError.badRequest(`There is no such action: ${key}`);
  const schema = schemaFor(ctx.version);
  if (!schema) throw NovaError.notFound('The resource could not be found.');
  validateBody(schema, body);
  const id = ctx.params.server_id!;
  spec.beforeLookup?.(ctx);
  // These controllers look the instance up through its cell mapping first (§2.5).
  if (CELL_LOOKUP.has(key) && !ctx.cloud.compute.get(id)) {
    throw NovaError.notFound(`Instance ${id} has no mapping to a cell.`);
  }
  const server = findServer(ctx, id);
  if (spec.rule) authorize(ctx, spec.rule, { projectId: server.projectId, userId: server.userId });
  const args = body[key];
  return spec.run(ctx, server, args !== null && typeof args === 'object' ? (args as Json) : null);
}

export const serverActionRoutes: readonly Route[] = [
  { method: 'POST', path: '/servers/{server_id}/action', handler: serverAction },
];
