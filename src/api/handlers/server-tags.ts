import type { Server } from '../../compute/server.js';
import { NovaError } from '../../errors/nova-error.js';
import type { ApiContext, HandlerResult, Route } from '../context.js';
import { TAG_SCHEMAS } from '../validation/schemas/index.js';
import { validateBody } from '../validation/validate.js';
import { findServer, objectBody } from './server-lookup.js';

const MAX_TAGS = 50;
const TAG_STATES = new Set([
  'active',
  'paused',
  'suspended',
  'stopped',
  'shelved',
  'shelved_offloaded',
]);

/** Tag writes need a settled server (nova/api/openstack/compute/server_tags.py). */
function taggable(ctx: ApiContext): Server {
  const server = findServer(ctx, ctx.params.server_id!);
  const { vmState, taskState } = server.machine;
  if (!TAG_STATES.has(vmState) || taskState !== null) {
    const [attr, value] = TAG_STATES.has(vmState)
      ? ['task_state', taskState]
      : ['vm_state', vmState];
    throw NovaError.conflict(
      `Cannot 'update tags' instance ${server.id} while it is in ${attr} ${value ?? 'None'}`,
    );
  }
  return server;
}

function checkTag(tag: string): void {
  if (tag.length < 1 || tag.length > 60 || tag.includes(',') || tag.includes('/')) {
    throw NovaError.badRequest(
      `Tag '${tag}' is invalid. It must be a non empty string without characters '/' and ','`,
    );
  }
}

function touch(ctx: ApiContext, server: Server): void {
  server.updatedAt = ctx.cloud.clock.now();
}

function list(ctx: ApiContext): HandlerResult {
  return { status: 200, body: { tags: [...findServer(ctx, ctx.params.server_id!).tags] } };
}

function replaceAll(ctx: ApiContext): HandlerResult {
  const body = objectBody(ctx);
  validateBody(TAG_SCHEMAS.replaceAll(ctx.version), body);
  const server = taggable(ctx);
  server.tags = [...new Set(body.tags as string[])];
  touch(ctx, server);
  return { status: 200, body: { tags: [...server.tags] } };
}

function deleteAll(ctx: ApiContext): HandlerResult {
  const server = taggable(ctx);
  server.tags = [];
  touch(ctx, server);
  return { status: 204 };
}

function check(ctx: ApiContext): HandlerResult {
  const server = findServer(ctx, ctx.params.server_id!);
  if (!server.tags.includes(ctx.params.tag!)) {
    throw NovaError.notFound(`Tag ${ctx.params.tag} could not be found.`);
  }
  return { status: 204 };
}

function add(ctx: ApiContext): HandlerResult {
  const tag = ctx.params.tag!;
  checkTag(tag);
  const server = taggable(ctx);
  if (server.tags.includes(tag)) return { status: 204 };
  if (server.tags.length >= MAX_TAGS) {
    throw NovaError.badRequest(`The number of tags exceeded the per-server limit ${MAX_TAGS}`);
  }
  server.tags.push(tag);
  touch(ctx, server);
  return { status: 201, headers: { location: ctx.links.self(`servers/${server.id}/tags/${tag}`) } };
}

function remove(ctx: ApiContext): HandlerResult {
  const tag = ctx.params.tag!;
  const server = taggable(ctx);
  if (!server.tags.includes(tag)) throw NovaError.notFound(`Tag ${tag} could not be found.`);
  server.tags = server.tags.filter((t) => t !== tag);
  touch(ctx, server);
  return { status: 204 };
}

export const serverTagRoutes: readonly Route[] = [
  { method: 'GET', path: '/servers/{server_id}/tags', handler: list, minVersion: '2.26' },
  { method: 'PUT', path: '/servers/{server_id}/tags', handler: replaceAll, minVersion: '2.26' },
  { method: 'DELETE', path: '/servers/{server_id}/tags', handler: deleteAll, minVersion: '2.26' },
  { method: 'GET', path: '/servers/{server_id}/tags/{tag}', handler: check, minVersion: '2.26' },
  { method: 'PUT', path: '/servers/{server_id}/tags/{tag}', handler: add, minVersion: '2.26' },
  {
    method: 'DELETE',
    path: '/servers/{server_id}/tags/{tag}',
    handler: remove,
    minVersion: '2.26',
  },
];
