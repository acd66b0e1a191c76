import type { ServerGroup } from '../../../catalog/catalog.js';
import { NovaError } from '../../../errors/nova-error.js';
import { uuid4 } from '../../../random/ids.js';
import type { ApiContext, HandlerResult, Route } from '../../context.js';
import { authorize } from '../../policy.js';
import { type Schema, validateBody } from '../../validation/validate.js';
import { checkIntegerRange, NAME } from './body-checks.js';
import { checkQuery, limitAndOffset, MULTI_INT, MULTI_STRING } from './query-params.js';
import { serverGroupCount } from './quota-store.js';

type Policy = ServerGroup['policy'];
const HARD: readonly Policy[] = ['anti-affinity', 'affinity'];
const ALL: readonly Policy[] = [...HARD, 'soft-anti-affinity', 'soft-affinity'];

function policiesSchema(policies: readonly Policy[]): Schema {
  return {
    type: 'object',
    properties: {
      server_group: {
        type: 'object',
        properties: {
          name: NAME,
          // One item, one of the policies (Nova's `prefixItems`; draft-07 spells it `items: [..]`).
          policies: {
            type: 'array',
            items: [{ type: 'string', enum: policies }],
            uniqueItems: true,
            minItems: 1,
            maxItems: 1,
            additionalItems: false,
          },
        },
        required: ['name', 'policies'],
        additionalProperties: false,
      },
    },
    required: ['server_group'],
    additionalProperties: false,
  };
}

/** `schemas/server_groups.py`: create (2.1), create_v215 (soft policies), create_v264 (policy + rules). */
const CREATE = policiesSchema(HARD);
const CREATE_V215 = policiesSchema(ALL);
const CREATE_V264: Schema = {
  type: 'object',
  properties: {
    server_group: {
      type: 'object',
      properties: {
        name: NAME,
        policy: { type: 'string', enum: ALL },
        rules: {
          type: 'object',
          properties: {
            max_server_per_host: { type: ['integer', 'string'], pattern: '^[0-9]*$', minimum: 1 },
          },
          additionalProperties: false,
        },
      },
      required: ['name', 'policy'],
      additionalProperties: false,
    },
  },
  required: ['server_group'],
  additionalProperties: false,
};

/**
 * `_format_server_group`: `policies` + an empty `metadata` before 2.64, `policy` + `rules`
 * from it; `project_id`/`user_id` from 2.13; members that are not deleted.
 */
function view(ctx: ApiContext, group: ServerGroup): Record<string, unknown> {
  const servers = ctx.cloud.compute.servers;
  const body: Record<string, unknown> = { id: group.id, name: group.name };
  if (ctx.version.atLeast('2.64')) {
    body.policy = group.policy;
    body.rules = { ...group.rules };
  } else {
    body.policies = [group.policy];
    body.metadata = {};
  }
  body.members = group.members.filter((id) => {
    const server = servers.get(id);
    return server !== undefined && !server.deleted;
  });
  if (ctx.version.atLeast('2.13')) {
    body.project_id = group.projectId;
    body.user_id = group.userId;
  }
  return body;
}

/** Nova's group query filters on the caller's project unless admin: others' are 404. */
function findGroup(ctx: ApiContext, action: 'show' | 'delete'): ServerGroup {
  const id = ctx.params.group_id!;
  const group = ctx.cloud.catalog.groups.get(id);
  if (!group || (!ctx.isAdmin && group.projectId !== ctx.auth.projectId))
    throw NovaError.notFound(`Instance group ${id} could not be found.`);
  authorize(ctx, `os_compute_api:os-server-groups:${action}`, { projectId: group.projectId });
  return group;
}

/** POST /os-server-groups: 200; quota `server_groups` per project. */
function createGroup(ctx: ApiContext): HandlerResult {
  const v264 = ctx.version.atLeast('2.64');
  validateBody(v264 ? CREATE_V264 : ctx.version.atLeast('2.15') ? CREATE_V215 : CREATE, ctx.body);
  const input = (ctx.body as { server_group: Record<string, unknown> }).server_group;
  const rulesIn = (input.rules ?? {}) as Record<string, unknown>;
  checkIntegerRange(rulesIn, 'max_server_per_host', 1, Number.MAX_SAFE_INTEGER);

  const projectId = ctx.auth.projectId;
  authorize(ctx, 'os_compute_api:os-server-groups:create', { projectId });
  const limit = ctx.cloud.compute.quotasOf(projectId).serverGroups;
  if (limit >= 0 && serverGroupCount(ctx.cloud, projectId) + 1 > limit) {
    throw NovaError.forbidden('Quota exceeded, too many server groups.');
  }
  let policy: Policy;
  let rules: ServerGroup['rules'] = {};
  if (v264) {
    policy = input.policy as Policy;
    if (policy !== 'anti-affinity' && Object.keys(rulesIn).length > 0) {
      throw NovaError.badRequest('Only anti-affinity policy supports rules.');
    }
    if (rulesIn.max_server_per_host !== undefined)
      rules = { max_server_per_host: Number(rulesIn.max_server_per_host) };
  } else {
    policy = (input.policies as Policy[])[0]!;
  }
  const group: ServerGroup = {
    id: uuid4(ctx.cloud.random),
    name: String(input.name),
    policy,
    rules,
    members: [],
    projectId,
    userId: ctx.auth.userId,
  };
  ctx.cloud.catalog.groups.set(group.id, group);
  return { status: 200, body: { server_group: view(ctx, group) } };
}

/** GET /os-server-groups: the project's groups (all of them with `all_projects`, for admins). */
function listGroups(ctx: ApiContext): HandlerResult {
  checkQuery(
    ctx,
    { all_projects: MULTI_STRING, limit: MULTI_INT, offset: MULTI_INT },
    ctx.version.atLeast('2.75'),
  );
  const { limit, offset } = limitAndOffset(ctx);
  authorize(ctx, 'os_compute_api:os-server-groups:index', { projectId: ctx.auth.projectId });
  // A non-admin asking for all_projects silently gets their own groups, as in Nova.
  const all = ctx.query.has('all_projects') && ctx.isAdmin;
  if (all) authorize(ctx, 'os_compute_api:os-server-groups:index:all_projects');
  const groups = [...ctx.cloud.catalog.groups.values()]
    .filter((g) => all || g.projectId === ctx.auth.projectId)
    .slice(offset, offset + limit);
  return { status: 200, body: { server_groups: groups.map((g) => view(ctx, g)) } };
}

export const serverGroupRoutes: readonly Route[] = [
  { method: 'GET', path: '/os-server-groups', handler: listGroups },
  { method: 'POST', path: '/os-server-groups', handler: createGroup },
  {
    method: 'GET',
    path: '/os-server-groups/{group_id}',
    handler: (ctx) => ({ status: 200, body: { server_group: view(ctx, findGroup(ctx, 'show')) } }),
  },
  {
    method: 'DELETE',
    path: '/os-server-groups/{group_id}',
    handler: (ctx) => {
      ctx.cloud.catalog.groups.delete(findGroup(ctx, 'delete').id);
      return { status: 204 };
    },
  },
];
