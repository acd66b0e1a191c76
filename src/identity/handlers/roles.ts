import { hexId } from '../../random/ids.js';
import {
  filterRows,
  type IdentityContext,
  type IdentityRoute,
  member,
  ok,
  requireAdmin,
  roleOr404,
} from '../context.js';
import { errors } from '../errors.js';
import type { RoleRecord } from '../records.js';
import { roleCreateSchema, roleUpdateSchema, validate } from '../schemas.js';
import { collection, roleView } from '../views.js';

function assertUniqueName(ctx: IdentityContext, name: string, id: string): void {
  const other = ctx.records.roleByName(name);
  if (other && other.id !== id) {
    throw errors.conflict('role', `Duplicate entry found with name ${name}`);
  }
}

function list(ctx: IdentityContext) {
  requireAdmin(ctx, 'list_roles');
  // Domain-specific roles are not simulated: a domain filter lists none.
  const rows = ctx.query.get('domain_id') ? [] : filterRows(ctx.records.roles.values(), ctx.query);
  return ok(
    200,
    collection(
      'roles',
      rows.map((r) => roleView(r, ctx.base)),
      `${ctx.base}/v3/roles`,
    ),
  );
}

function create(ctx: IdentityContext) {
  requireAdmin(ctx, 'create_role');
  validate(roleCreateSchema, ctx.body);
  const spec = member(ctx.body, 'role');
  if (typeof spec.domain_id === 'string') {
    throw errors.badRequest('Domain-specific roles are not simulated by nova-sim');
  }
  const id = hexId(ctx.random(), 32);
  const name = spec.name as string;
  assertUniqueName(ctx, name, id);
  const role: RoleRecord = {
    id,
    name,
    description: (spec.description as string | null | undefined) ?? null,
  };
  ctx.records.roles.set(id, role);
  ctx.emit('role', 'created', id);
  return ok(201, { role: roleView(role, ctx.base) });
}

function show(ctx: IdentityContext) {
  const role = roleOr404(ctx, ctx.params.role_id!);
  requireAdmin(ctx, 'get_role');
  return ok(200, { role: roleView(role, ctx.base) });
}

function update(ctx: IdentityContext) {
  const role = roleOr404(ctx, ctx.params.role_id!);
  requireAdmin(ctx, 'update_role');
  validate(roleUpdateSchema, ctx.body);
  const spec = member(ctx.body, 'role');
  if (typeof spec.name === 'string') {
    assertUniqueName(ctx, spec.name, role.id);
    role.name = spec.name;
  }
  if (spec.description !== undefined) role.description = spec.description as string | null;
  ctx.emit('role', 'updated', role.id);
  return ok(200, { role: roleView(role, ctx.base) });
}

/** Deleting a role deletes its grants and the implication rules that name it. */
function remove(ctx: IdentityContext) {
  const role = roleOr404(ctx, ctx.params.role_id!);
  requireAdmin(ctx, 'delete_role');
  const { records } = ctx;
  records.roles.delete(role.id);
  for (const [key, a] of records.assignments)
    if (a.roleId === role.id) records.assignments.delete(key);
  const kept = records.implied.filter((r) => r.prior !== role.id && r.implied !== role.id);
  records.implied.splice(0, records.implied.length, ...kept);
  ctx.emit('role', 'deleted', role.id);
  return ok(204);
}

export const ROLE_ROUTES: readonly IdentityRoute[] = [
  { method: 'GET', path: '/v3/roles', handler: list },
  { method: 'POST', path: '/v3/roles', handler: create },
  { method: 'GET', path: '/v3/roles/{role_id}', handler: show },
  { method: 'PATCH', path: '/v3/roles/{role_id}', handler: update },
  { method: 'DELETE', path: '/v3/roles/{role_id}', handler: remove },
];
