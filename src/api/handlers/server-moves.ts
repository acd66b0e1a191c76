import * as ops from '../../compute/operations.js';
import type { Server } from '../../compute/server.js';
import { NovaError } from '../../errors/nova-error.js';
import type { ApiContext, HandlerResult } from '../context.js';
import { authorize } from '../policy.js';
import { password } from './admin-pass.js';

// The move actions of `POST /servers/{id}/action`: cold and live migration and evacuation
// (nova/api/openstack/compute/{migrate_server,evacuate}.py), run after the server's lookup.
// The migrations ask their policy themselves: which rule depends on the body.

type Json = Record<string, unknown>;

const ACCEPTED: HandlerResult = { status: 202 };

/** `strutils.bool_from_string(force, strict=True)` on what the schema let through. */
function isForced(value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  return typeof value === 'string' && ['1', 'true', 'on', 'yes'].includes(value.toLowerCase());
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

/** The move actions, keyed by the body's one key. */
export const MOVE_ACTIONS = {
  // migrate_server.py asks the :host rule instead of the plain one when a host is named;
  // compute.API's lock, state and host checks come before the target host's lookup.
  migrate: {
    run: (ctx, server, args) => {
      const named = args?.host !== undefined && args.host !== null;
      authorize(
        ctx,
        named
          ? 'os_compute_api:os-migrate-server:migrate:host'
          : 'os_compute_api:os-migrate-server:migrate',
        { projectId: server.projectId },
      );
      ops.check(ctx.cloud.compute, server, ctx.caller, 'migrate');
      if (named && args?.host === server.host) {
        throw NovaError.badRequest('Cannot migrate to the host where the server exists.');
      }
      const host = requireHost(ctx, args?.host, (h) =>
        NovaError.badRequest(`Compute host ${h} could not be found.`),
      );
      ops.migrate(ctx.cloud.compute, server, ctx.caller, host);
      // compute.API.resize, which cold migration is, leaves auto_disk_config False.
      server.autoDiskConfig = false;
      return ACCEPTED;
    },
  },
  'os-migrateLive': {
    run: (ctx, server, args) => {
      const named = typeof args?.host === 'string' && args.host !== '';
      authorize(
        ctx,
        named
          ? 'os_compute_api:os-migrate-server:migrate_live:host'
          : 'os_compute_api:os-migrate-server:migrate_live',
        { projectId: server.projectId },
      );
      const force = ctx.version.atLeast('2.30') && isForced(args?.force);
      if (force && !named) {
        throw NovaError.badRequest("Can't force to a non-provided destination");
      }
      ops.check(ctx.cloud.compute, server, ctx.caller, 'migrateLive');
      const host = requireHost(ctx, args?.host, (h) =>
        NovaError.badRequest(`Compute host ${h} could not be found.`),
      );
      // Before 2.30 there is no `force`: a named host goes to the conductor as is, past the
      // scheduler, as `force: true` does later (nova/compute/api.py live_migrate).
      const forced = host !== null && (ctx.version.below('2.30') || force);
      ops.liveMigrate(
        ctx.cloud.compute,
        server,
        ctx.caller,
        host,
        ctx.version.below('2.34'),
        forced,
      );
      return ACCEPTED;
    },
  },
  evacuate: {
    rule: 'os_compute_api:os-evacuate',
    run: (ctx, server, args) => {
      // evacuate.py: force without a host, the password, then the host's lookup.
      const force = ctx.version.atLeast('2.29') && isForced(args?.force);
      if (force && !args?.host) {
        throw NovaError.badRequest("Can't force to a non-provided destination");
      }
      if (
        ctx.version.below('2.14') &&
        args?.onSharedStorage === true &&
        args.adminPass !== undefined
      ) {
        throw NovaError.badRequest("admin password can't be changed on existing disk");
      }
      const host = requireHost(ctx, args?.host, (h) =>
        NovaError.notFound(`Compute host ${h} not found.`),
      );
      const pass = password(ctx, args?.adminPass);
      ops.evacuate(ctx.cloud.compute, server, ctx.caller, {
        host,
        toStopped: ctx.version.atLeast('2.95'),
        // As for live migration: before 2.29, or forced, a named host skips the scheduler.
        forced: host !== null && (ctx.version.below('2.29') || force),
      });
      const body =
        ctx.version.below('2.14') && ctx.cloud.config.enableInstancePassword
          ? { adminPass: pass }
          : null;
      return { status: 200, body };
    },
  },
} as const satisfies Record<
  string,
  {
    readonly rule?: 'os_compute_api:os-evacuate';
    readonly run: (ctx: ApiContext, server: Server, args: Json | null) => HandlerResult;
  }
>;
