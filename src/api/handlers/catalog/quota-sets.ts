import type { Quotas } from '../../../config.js';
import { NovaError } from '../../../errors/nova-error.js';
import type { ApiContext, HandlerResult, Route } from '../../context.js';
import { authorize, requireAdmin } from '../../policy.js';
import { BOOLEAN } from '../../validation/schemas/parameter-types.js';
import { type Schema, validateBody } from '../../validation/validate.js';
import { checkIntegerRange } from './body-checks.js';
import { checkQuery, MULTI_STRING, truthy } from './query-params.js';
import {
  effectiveQuotas,
  FILTERED_2_36,
  FILTERED_2_57,
  limitsByName,
  QUOTA_FIELDS,
  QUOTA_NAMES,
  type QuotaName,
  usageByName,
  userQuotas,
} from './quota-store.js';

const MAX_INT = 0x7fffffff;

function shownNames(ctx: ApiContext): QuotaName[] {
  const filtered = ctx.version.atLeast('2.57')
    ? FILTERED_2_57
    : ctx.version.atLeast('2.36')
      ? FILTERED_2_36
      : [];
  return QUOTA_NAMES.filter((name) => !filtered.includes(name));
}

const UPDATE_SCHEMAS = new Map<string, Schema>();
/** `schemas/quota_sets.py` update / update_v236 / update_v257. */
function updateSchema(names: readonly QuotaName[]): Schema {
  const key = names.join();
  let schema = UPDATE_SCHEMAS.get(key);
  if (schema) return schema;
  const properties: Record<string, unknown> = { force: BOOLEAN };
  for (const name of names) {
    properties[name] = {
      type: ['integer', 'string'],
      pattern: '^-?[0-9]+$',
      minimum: -1,
      maximum: MAX_INT,
    };
  }
  schema = {
    type: 'object',
    properties: { quota_set: { type: 'object', properties, additionalProperties: false } },
    required: ['quota_set'],
    additionalProperties: false,
  };
  UPDATE_SCHEMAS.set(key, schema);
  return schema;
}

/** Query `user_id` (its first value, as Nova reads it); 2.75 rejects other parameters. */
function userParam(ctx: ApiContext): string | undefined {
  checkQuery(ctx, { user_id: MULTI_STRING }, ctx.version.atLeast('2.75'));
  return ctx.query.getAll('user_id')[0] || undefined;
}

/** Show and detail: admins, or members of that project. */
function authorizeRead(ctx: ApiContext, action: 'show' | 'detail', projectId: string): void {
  authorize(ctx, `os_compute_api:os-quota-sets:${action}`, { projectId });
}

function limitsView(
  ctx: ApiContext,
  projectId: string,
  userId: string | undefined,
): Record<string, number> {
  const limits = limitsByName(effectiveQuotas(ctx.cloud, projectId, userId));
  return Object.fromEntries(shownNames(ctx).map((name) => [name, limits[name]]));
}

function show(ctx: ApiContext): HandlerResult {
  const projectId = ctx.params.project_id!;
  const userId = userParam(ctx);
  authorizeRead(ctx, 'show', projectId);
  return {
    status: 200,
    body: { quota_set: { id: projectId, ...limitsView(ctx, projectId, userId) } },
  };
}

function detail(ctx: ApiContext): HandlerResult {
  const projectId = ctx.params.project_id!;
  const userId = userParam(ctx);
  authorizeRead(ctx, 'detail', projectId);
  const limits = limitsByName(effectiveQuotas(ctx.cloud, projectId, userId));
  const usage = usageByName(ctx.cloud, projectId, userId);
  const body: Record<string, unknown> = { id: projectId };
  for (const name of shownNames(ctx))
    body[name] = { in_use: usage[name], limit: limits[name], reserved: 0 };
  return { status: 200, body: { quota_set: body } };
}

function defaults(ctx: ApiContext): HandlerResult {
  authorize(ctx, 'os_compute_api:os-quota-sets:defaults', { projectId: ctx.params.project_id! });
  const limits = limitsByName(ctx.cloud.compute.defaultQuotas());
  const body: Record<string, unknown> = { id: ctx.params.project_id! };
  for (const name of shownNames(ctx)) body[name] = limits[name];
  return { status: 200, body: { quota_set: body } };
}

/**
 * PUT (admin): each given limit must be -1 or at least what is in use (a user's at most the
 * project's) unless `force`. Limits of the retired nova-network resources are accepted and
 * ignored: they stay -1.
 */
function update(ctx: ApiContext): HandlerResult {
  const names = shownNames(ctx);
  validateBody(updateSchema(names), ctx.body);
  const input = (ctx.body as { quota_set: Record<string, unknown> }).quota_set;
  for (const name of names) checkIntegerRange(input, name, -1, MAX_INT);
  const projectId = ctx.params.project_id!;
  const userId = userParam(ctx);
  requireAdmin(ctx, 'os_compute_api:os-quota-sets:update');

  const force = truthy(input.force ?? 'False');
  const usage = usageByName(ctx.cloud, projectId, userId);
  const projectLimits = limitsByName(ctx.cloud.compute.quotasOf(projectId));
  const changes: Partial<Quotas> = {};
  const inf = (n: number) => (n === -1 ? Number.POSITIVE_INFINITY : n);
  for (const [key, raw] of Object.entries(input)) {
    if (key === 'force' || raw === '' || raw === null) continue;
    const name = key as QuotaName;
    const value = Number(raw);
    if (!force) {
      const minimum = usage[name];
      if (inf(value) < inf(minimum)) {
        throw NovaError.badRequest(
          `Quota limit ${value} for ${name} must be greater than or equal to already used and reserved ${minimum}.`,
        );
      }
      const maximum = userId === undefined ? -1 : projectLimits[name];
      if (inf(value) > inf(maximum)) {
        throw NovaError.badRequest(
          `Quota limit ${value} for ${name} must be less than or equal to ${maximum}.`,
        );
      }
    }
    const field = QUOTA_FIELDS[name];
    if (field !== null) changes[field] = value;
  }
  if (userId === undefined) {
    const projectQuotas = ctx.cloud.compute.projectQuotas;
    projectQuotas.set(projectId, { ...projectQuotas.get(projectId), ...changes });
  } else {
    const store = userQuotas(ctx.cloud);
    const key = `${projectId}/${userId}`;
    store.set(key, { ...store.get(key), ...changes });
  }
  return { status: 200, body: { quota_set: limitsView(ctx, projectId, userId) } };
}

/** DELETE (admin): back to the defaults, for the project (and its users) or one user; 202. */
function revert(ctx: ApiContext): HandlerResult {
  const projectId = ctx.params.project_id!;
  const userId = userParam(ctx);
  requireAdmin(ctx, 'os_compute_api:os-quota-sets:delete');
  const store = userQuotas(ctx.cloud);
  if (userId === undefined) {
    ctx.cloud.compute.projectQuotas.delete(projectId);
    for (const key of [...store.keys()]) if (key.startsWith(`${projectId}/`)) store.delete(key);
  } else {
    store.delete(`${projectId}/${userId}`);
  }
  return { status: 202 };
}

export const quotaSetRoutes: readonly Route[] = [
  { method: 'GET', path: '/os-quota-sets/{project_id}/defaults', handler: defaults },
  { method: 'GET', path: '/os-quota-sets/{project_id}/detail', handler: detail },
  { method: 'GET', path: '/os-quota-sets/{project_id}', handler: show },
  { method: 'PUT', path: '/os-quota-sets/{project_id}', handler: update },
  { method: 'DELETE', path: '/os-quota-sets/{project_id}', handler: revert },
];
