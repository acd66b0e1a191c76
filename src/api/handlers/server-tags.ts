import type { Server } from '../../compute/server.js';
import { NovaError } from '../../errors/nova-error.js';
import type { ApiContext, HandlerResult, Route, RoutePolicy } from '../context.js';
import { authorize } from '../policy.js';
import { TAG_SCHEMAS } from '../validation/schemas/index.js';
import { schemaMessage, validateBody } from '../validation/validate.js';
import { objectBody } from './server-lookup.js';

const MAX_TAGS = 50;
/** Tag writes check the vm_state only: no task_state and no lock check. */
const TAG_STATES = new Set(['active', 'paused', 'suspended', 'stopped']);

type TagRule = 'index' | 'show' | 'update' | 'update_all' | 'delete' | 'delete_all';
const READS: ReadonlySet<TagRule> = new Set(['index', 'show']);

function policy(rule: TagRule): RoutePolicy {
  return {
    rule: `os_compute_api:os-server-tags:${rule}`,
    default: READS.has(rule) ? 'project-reader-or-admin' : 'project-member-or-admin',
  };
}

/**
 * nova/api/openstack/compute/server_tags.py finds the server through its cell mapping
 * (which a deleted server keeps), then checks the policy against the mapping's project:
 * another project's server is a 403 here, not the 404 of the other server APIs. Then the
 * instance must exist (deleted: 404).
 */
function mapped(ctx: ApiContext, rule: TagRule): Server {
  const id = ctx.params.server_id!;
  const server = ctx.cloud.compute.get(id);
  if (!server) throw NovaError.notFound(`Instance ${id} has no mapping to a cell.`);
  authorize(ctx, policy(rule), { projectId: server.projectId });
  if (server.deleted) throw NovaError.notFound(`Instance ${id} could not be found.`);
  return server;
}

/** Writes check the vm_state. */
function taggable(ctx: ApiContext, rule: TagRule, action: string): Server {
  const server = mapped(ctx, rule);
  const { vmState } = server.machine;
  if (!TAG_STATES.has(vmState)) {
    throw NovaError.conflict(
      `Cannot '${action}' instance ${server.id} while it is in vm_state ${vmState}`,
    );
  }
  return server;
}

function touch(ctx: ApiContext, server: Server): void {
  server.updatedAt = ctx.cloud.clock.now();
}

function list(ctx: ApiContext): HandlerResult {
  return { status: 200, body: { tags: [...mapped(ctx, 'index').tags] } };
}

function replaceAll(ctx: ApiContext): HandlerResult {
  const body = objectBody(ctx);
  validateBody(TAG_SCHEMAS.replaceAll(ctx.version), body);
  const server = taggable(ctx, 'update_all', 'update tags');
  server.tags = [...new Set(body.tags as string[])];
  touch(ctx, server);
  return { status: 200, body: { tags: [...server.tags] } };
}

function deleteAll(ctx: ApiContext): HandlerResult {
  const server = taggable(ctx, 'delete_all', 'delete tags');
  server.tags = [];
  touch(ctx, server);
  return { status: 204 };
}

function check(ctx: ApiContext): HandlerResult {
  const server = mapped(ctx, 'show');
  const tag = ctx.params.tag!;
  if (!server.tags.includes(tag)) {
    throw NovaError.notFound(`Server ${server.id} has no tag '${tag}'`);
  }
  return { status: 204 };
}

function add(ctx: ApiContext): HandlerResult {
  const server = taggable(ctx, 'update', 'update tag');
  const tag = ctx.params.tag!;
  const invalid = schemaMessage(TAG_SCHEMAS.tag(ctx.version), tag);
  if (invalid !== undefined) {
    throw NovaError.badRequest(
      `Tag '${tag}' is invalid. It must be a non empty string without characters '/' and ','. Validation error message: ${invalid}`,
    );
  }
  if (server.tags.length >= MAX_TAGS) {
    throw NovaError.badRequest(`The number of tags exceeded the per-server limit ${MAX_TAGS}`);
  }
  if (server.tags.includes(tag)) return { status: 204 };
  server.tags.push(tag);
  touch(ctx, server);
  return { status: 201, headers: { location: ctx.links.self(`servers/${server.id}/tags/${tag}`) } };
}

function remove(ctx: ApiContext): HandlerResult {
  const server = taggable(ctx, 'delete', 'delete tag');
  const tag = ctx.params.tag!;
  if (!server.tags.includes(tag)) {
    throw NovaError.notFound(`Instance ${server.id} has no tag '${tag}'`);
  }
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
