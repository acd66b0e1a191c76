import {
  abortLiveMigration,
  forceComplete,
  LIVE_IN_PROGRESS,
} from '../../../compute/live-migration.js';
import type { Server } from '../../../compute/server.js';
import { NovaError } from '../../../errors/nova-error.js';
import type { ApiContext, HandlerResult, Route } from '../../context.js';
import { authorize, permitted } from '../../policy.js';
import { type Schema, validateBody } from '../../validation/validate.js';
import { findServer } from '../server-lookup.js';
import { actionOf } from './action-body.js';
import { serverMigrationEntry } from './migration-view.js';

const FORCE_COMPLETE: Schema = {
  type: 'object',
  properties: { force_complete: { type: 'null' } },
  required: ['force_complete'],
  additionalProperties: false,
};

const rule = (name: string) => `os_compute_api:servers:migrations:${name}`;

/** The server, then the rule (Nova looks the instance up before its policy check). */
function serverFor(ctx: ApiContext, name: string, admin = false): Server {
  const server = findServer(ctx, ctx.params.server_id!);
  authorize(ctx, { rule: rule(name), default: admin ? 'admin' : 'project-manager-or-admin' });
  return server;
}

/** The path's migration id as the DB compares it: anything but an integer matches nothing. */
function pathId(ctx: ApiContext): number {
  const text = ctx.params.id!;
  return /^\d+$/.test(text) ? Number(text) : Number.NaN;
}

/** GET /servers/{id}/migrations (2.23): the live migrations in progress. */
function index(ctx: ApiContext): HandlerResult {
  const server = serverFor(ctx, 'index');
  const withHost = permitted(ctx, 'os_compute_api:servers:migrations:index:host', {
    projectId: server.projectId,
  });
  const migrations = [...ctx.cloud.compute.migrations.values()]
    .filter(
      (m) =>
        m.serverId === server.id &&
        m.kind === 'live-migration' &&
        LIVE_IN_PROGRESS.includes(m.status),
    )
    .map((m) => serverMigrationEntry(ctx, m, withHost));
  return { status: 200, body: { migrations } };
}

/** GET /servers/{id}/migrations/{mid} (2.23, admin): one live migration in progress. */
function show(ctx: ApiContext): HandlerResult {
  const server = serverFor(ctx, 'show', true);
  const id = ctx.params.id!;
  const migration = [...ctx.cloud.compute.migrations.values()].find(
    (m) => m.dbId === pathId(ctx) && m.serverId === server.id,
  );
  if (!migration) {
    throw NovaError.notFound(
      `In-progress live migration ${id} is not found for server ${server.id}.`,
    );
  }
  if (migration.kind !== 'live-migration') {
    throw NovaError.notFound(`Migration ${id} for server ${server.id} is not live-migration.`);
  }
  if (!LIVE_IN_PROGRESS.includes(migration.status)) {
    throw NovaError.notFound(`Live migration ${id} for server ${server.id} is not in progress.`);
  }
  return { status: 200, body: { migration: serverMigrationEntry(ctx, migration, true) } };
}

/** POST /servers/{id}/migrations/{mid}/action force_complete (2.22): 202. */
function action(ctx: ApiContext): HandlerResult {
  actionOf(ctx, ['force_complete']);
  validateBody(FORCE_COMPLETE, ctx.body);
  const server = serverFor(ctx, 'force_complete');
  const id = pathId(ctx);
  try {
    forceComplete(ctx.cloud.compute, server, ctx.caller, id);
  } catch (error) {
    // The lookup's MigrationNotFoundForInstance is a 400 for this action.
    if (error instanceof NovaError && error.code === 404) {
      throw NovaError.badRequest(error.message.replace('NaN', ctx.params.id!));
    }
    throw error;
  }
  return { status: 202 };
}

/** DELETE /servers/{id}/migrations/{mid} (2.24): aborts; queued/preparing too from 2.65. */
function abort(ctx: ApiContext): HandlerResult {
  const server = serverFor(ctx, 'delete');
  try {
    abortLiveMigration(
      ctx.cloud.compute,
      server,
      ctx.caller,
      pathId(ctx),
      ctx.version.atLeast('2.65'),
    );
  } catch (error) {
    if (error instanceof NovaError && error.code === 404) {
      throw NovaError.notFound(error.message.replace('NaN', ctx.params.id!));
    }
    throw error;
  }
  return { status: 202 };
}

export const serverMigrationRoutes: readonly Route[] = [
  { method: 'GET', path: '/servers/{server_id}/migrations', handler: index, minVersion: '2.23' },
  {
    method: 'GET',
    path: '/servers/{server_id}/migrations/{id}',
    handler: show,
    minVersion: '2.23',
  },
  {
    method: 'POST',
    path: '/servers/{server_id}/migrations/{id}/action',
    handler: action,
    minVersion: '2.22',
  },
  {
    method: 'DELETE',
    path: '/servers/{server_id}/migrations/{id}',
    handler: abort,
    minVersion: '2.24',
  },
];
