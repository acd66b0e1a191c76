import type { Flavor } from '../../../compute/server.js';
import { NovaError } from '../../../errors/nova-error.js';
import type { ApiContext, HandlerResult, Route } from '../../context.js';
import { authorize } from '../../policy.js';
import { type Schema, validateBody } from '../../validation/validate.js';
import { findFlavor } from '../catalog/flavor-view.js';
import { actionOf } from './action-body.js';

function tenantSchema(key: string): Schema {
  return {
    type: 'object',
    properties: {
      [key]: {
        type: 'object',
        properties: { tenant: { type: 'string', minLength: 1, maxLength: 255 } },
        required: ['tenant'],
        additionalProperties: false,
      },
    },
    required: [key],
    additionalProperties: false,
  };
}

/** `_marshall_flavor_access`: one entry per project, in the order access was given. */
function accessList(ctx: ApiContext, flavor: Flavor): HandlerResult {
  const projects = ctx.cloud.catalog.flavorAccess.get(flavor.id) ?? [];
  return {
    status: 200,
    body: { flavor_access: projects.map((tenant_id) => ({ flavor_id: flavor.id, tenant_id })) },
  };
}

/** The flavor's row id, which Nova's access errors name (its position in the table). */
function rowId(ctx: ApiContext, flavor: Flavor): number {
  return [...ctx.cloud.catalog.flavors.keys()].indexOf(flavor.id) + 1;
}

/** GET /flavors/{id}/os-flavor-access (admin): public flavors have no list (404). */
function index(ctx: ApiContext): HandlerResult {
  authorize(ctx, { rule: 'os_compute_api:os-flavor-access', default: 'admin' });
  const flavor = findFlavor(ctx, ctx.params.flavor_id!);
  if (flavor.isPublic) throw NovaError.notFound('Access list not available for public flavors.');
  return accessList(ctx, flavor);
}

function addTenantAccess(ctx: ApiContext, tenant: string): HandlerResult {
  authorize(ctx, {
    rule: 'os_compute_api:os-flavor-access:add_tenant_access',
    default: 'admin',
  });
  const flavor = findFlavor(ctx, ctx.params.flavor_id!);
  if (ctx.version.atLeast('2.7') && flavor.isPublic) {
    throw NovaError.conflict('Can not add access to a public flavor.');
  }
  const access = ctx.cloud.catalog.flavorAccess;
  const projects = access.get(flavor.id) ?? [];
  if (projects.includes(tenant)) {
    throw NovaError.conflict(
      `Flavor access already exists for flavor ${rowId(ctx, flavor)} and project ${tenant} combination.`,
    );
  }
  access.set(flavor.id, [...projects, tenant]);
  return accessList(ctx, flavor);
}

function removeTenantAccess(ctx: ApiContext, tenant: string): HandlerResult {
  authorize(ctx, {
    rule: 'os_compute_api:os-flavor-access:remove_tenant_access',
    default: 'admin',
  });
  const flavor = findFlavor(ctx, ctx.params.flavor_id!);
  const access = ctx.cloud.catalog.flavorAccess;
  const projects = access.get(flavor.id) ?? [];
  if (!projects.includes(tenant)) {
    throw NovaError.notFound(
      `Flavor access not found for ${rowId(ctx, flavor)} / ${tenant} combination.`,
    );
  }
  const left = projects.filter((p) => p !== tenant);
  if (left.length > 0) access.set(flavor.id, left);
  else access.delete(flavor.id);
  return accessList(ctx, flavor);
}

/**
 * POST /flavors/{id}/action: the flavor-access actions (the only flavor actions Nova has).
 * Schema first, then policy, then the flavor lookup.
 */
function flavorAction(ctx: ApiContext): HandlerResult {
  const [name] = actionOf(ctx, ['addTenantAccess', 'removeTenantAccess']);
  validateBody(tenantSchema(name), ctx.body);
  const tenant = (ctx.body as Record<string, { tenant: string }>)[name]!.tenant;
  return name === 'addTenantAccess'
    ? addTenantAccess(ctx, tenant)
    : removeTenantAccess(ctx, tenant);
}

export const flavorAccessRoutes: readonly Route[] = [
  { method: 'GET', path: '/flavors/{flavor_id}/os-flavor-access', handler: index },
  { method: 'POST', path: '/flavors/{flavor_id}/action', handler: flavorAction },
];
