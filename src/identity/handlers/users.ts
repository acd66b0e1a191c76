import { pythonRepr } from '../../api/validation/python-repr.js';
import { hexId } from '../../random/ids.js';
import {
  filterRows,
  type IdentityContext,
  type IdentityRoute,
  member,
  ok,
  requireAdmin,
  userOr404,
} from '../context.js';
import { errors } from '../errors.js';
import { DEFAULT_DOMAIN, type UserRecord } from '../records.js';
import { toBoolean, userCreateSchema, userUpdateSchema, validate } from '../schemas.js';
import { collection, projectView, userView } from '../views.js';
import { projectsOfUser } from './assignments.js';

const COLUMNS = new Set([
  'id',
  'name',
  'domain_id',
  'enabled',
  'password',
  'default_project_id',
  'description',
  'options',
  'federated',
]);

function extraOf(spec: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(spec).filter(([key]) => !COLUMNS.has(key)));
}

function assertUniqueName(ctx: IdentityContext, name: string, id: string): void {
  const other = ctx.records.userByName(name);
  if (other && other.id !== id) {
    throw errors.conflict(
      'user',
      `Duplicate entry found with name ${name} at domain ID ${DEFAULT_DOMAIN.id}`,
    );
  }
}

function list(ctx: IdentityContext) {
  requireAdmin(ctx, 'list_users');
  const domain = ctx.query.get('domain_id');
  const rows = filterRows(ctx.records.users.values(), ctx.query).filter(
    (u) => domain === null || u.domainId === domain,
  );
  return ok(
    200,
    collection(
      'users',
      rows.map((u) => userView(u, ctx.base)),
      `${ctx.base}/v3/users`,
    ),
  );
}

function create(ctx: IdentityContext) {
  requireAdmin(ctx, 'create_user');
  validate(userCreateSchema, ctx.body);
  const spec = member(ctx.body, 'user');
  const domainId = (spec.domain_id as string | undefined) ?? DEFAULT_DOMAIN.id;
  if (domainId !== DEFAULT_DOMAIN.id) throw errors.notFound('domain', domainId);
  const id = hexId(ctx.random(), 32);
  const name = spec.name as string;
  assertUniqueName(ctx, name, id);
  const user: UserRecord = {
    id,
    name,
    domainId,
    password: (spec.password as string | null | undefined) ?? null,
    enabled: spec.enabled === undefined ? true : toBoolean(spec.enabled),
    defaultProjectId: (spec.default_project_id as string | null | undefined) ?? null,
    description: (spec.description as string | null | undefined) ?? null,
    extra: extraOf(spec),
    revision: 0,
  };
  ctx.records.users.set(id, user);
  ctx.emit('user', 'created', id);
  return ok(201, { user: userView(user, ctx.base) });
}

function show(ctx: IdentityContext) {
  const user = userOr404(ctx, ctx.params.user_id!);
  if (!ctx.isAdmin && ctx.auth.userId !== user.id) throw errors.forbidden('get_user');
  return ok(200, { user: userView(user, ctx.base) });
}

function update(ctx: IdentityContext) {
  const user = userOr404(ctx, ctx.params.user_id!);
  requireAdmin(ctx, 'update_user');
  validate(userUpdateSchema, ctx.body);
  const spec = member(ctx.body, 'user');
  if (spec.domain_id !== undefined && spec.domain_id !== user.domainId) {
    throw errors.badRequest('Cannot change Domain ID');
  }
  const name = typeof spec.name === 'string' ? spec.name : user.name;
  assertUniqueName(ctx, name, user.id);
  user.name = name;
  const enabled = spec.enabled === undefined ? user.enabled : toBoolean(spec.enabled);
  // Keystone revokes a user's tokens when the password changes or the user is disabled.
  if (spec.password !== undefined || (user.enabled && !enabled)) user.revision += 1;
  if (spec.password !== undefined) user.password = spec.password as string | null;
  user.enabled = enabled;
  if (spec.default_project_id !== undefined) {
    user.defaultProjectId = spec.default_project_id as string | null;
  }
  if (spec.description !== undefined) user.description = spec.description as string | null;
  Object.assign(user.extra, extraOf(spec));
  ctx.emit('user', 'updated', user.id);
  return ok(200, { user: userView(user, ctx.base) });
}

function remove(ctx: IdentityContext) {
  const user = userOr404(ctx, ctx.params.user_id!);
  requireAdmin(ctx, 'delete_user');
  ctx.records.users.delete(user.id);
  for (const [key, a] of ctx.records.assignments) {
    if (a.userId === user.id) ctx.records.assignments.delete(key);
  }
  ctx.emit('user', 'deleted', user.id);
  return ok(204);
}

/**
 * Self-service password change: no policy, the original password is the proof. Keystone
 * answers a wrong one (or an unknown user) with its generic 401.
 */
function changePassword(ctx: IdentityContext) {
  const body = ctx.body as Record<string, unknown> | undefined;
  const spec = body?.user;
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) {
    throw errors.badRequest("'original_password' is a required property");
  }
  const fields = spec as Record<string, unknown>;
  for (const key of ['original_password', 'password']) {
    if (fields[key] === undefined) throw errors.badRequest(`'${key}' is a required property`);
  }
  for (const key of ['original_password', 'password']) {
    if (typeof fields[key] !== 'string') {
      throw errors.badRequest(
        `Invalid input for field '${key}': ${pythonRepr(fields[key])} is not of type 'string'`,
      );
    }
  }
  const extra = Object.keys(fields).find((k) => k !== 'original_password' && k !== 'password');
  if (extra !== undefined) {
    throw errors.badRequest(`Additional properties are not allowed ('${extra}' was unexpected)`);
  }
  const user = ctx.records.users.get(ctx.params.user_id!);
  if (!user || user.password === null || user.password !== fields.original_password) {
    throw errors.unauthorized();
  }
  user.password = fields.password as string;
  user.revision += 1;
  ctx.emit('user', 'updated', user.id);
  return ok(204);
}

function projects(ctx: IdentityContext) {
  const user = userOr404(ctx, ctx.params.user_id!);
  if (!ctx.isAdmin && ctx.auth.userId !== user.id) throw errors.forbidden('list_user_projects');
  const rows = filterRows(projectsOfUser(ctx.records, user.id), ctx.query);
  return ok(
    200,
    collection(
      'projects',
      rows.map((p) => projectView(p, ctx.base)),
      `${ctx.base}/v3/users/${user.id}/projects`,
    ),
  );
}

export const USER_ROUTES: readonly IdentityRoute[] = [
  { method: 'GET', path: '/v3/users', handler: list },
  { method: 'POST', path: '/v3/users', handler: create },
  { method: 'GET', path: '/v3/users/{user_id}', handler: show },
  { method: 'PATCH', path: '/v3/users/{user_id}', handler: update },
  { method: 'DELETE', path: '/v3/users/{user_id}', handler: remove },
  { method: 'POST', path: '/v3/users/{user_id}/password', handler: changePassword },
  { method: 'GET', path: '/v3/users/{user_id}/projects', handler: projects },
];
