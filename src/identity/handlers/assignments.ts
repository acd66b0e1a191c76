import {
  type IdentityContext,
  type IdentityRoute,
  ok,
  projectOr404,
  queryIsTrue,
  requireAdmin,
  roleOr404,
  userOr404,
} from '../context.js';
import { errors } from '../errors.js';
import {
  type Assignment,
  assignmentKey,
  DEFAULT_DOMAIN,
  type IdentityRecords,
  type ProjectRecord,
} from '../records.js';
import { collection, roleView } from '../views.js';

/** The roles `roleId` implies, transitively (admin → member → reader), itself excluded. */
export function impliedBy(records: IdentityRecords, roleId: string): string[] {
  const out: string[] = [];
  const visit = (id: string) => {
    for (const rule of records.implied) {
      if (rule.prior === id && rule.implied !== roleId && !out.includes(rule.implied)) {
        out.push(rule.implied);
        visit(rule.implied);
      }
    }
  };
  visit(roleId);
  return out;
}

/** Direct role ids of a user on a project. */
export function directRoleIds(
  records: IdentityRecords,
  userId: string,
  projectId: string,
): string[] {
  const ids: string[] = [];
  for (const a of records.assignments.values()) {
    if (a.userId === userId && a.projectId === projectId) ids.push(a.roleId);
  }
  return ids;
}

/** Effective role ids (implied ones included), direct ones first. */
export function effectiveRoleIds(
  records: IdentityRecords,
  userId: string,
  projectId: string,
): string[] {
  const out = directRoleIds(records, userId, projectId);
  for (const id of [...out]) {
    for (const implied of impliedBy(records, id)) if (!out.includes(implied)) out.push(implied);
  }
  return out;
}

/** Projects where the user holds any role, in the order of the project table. */
export function projectsOfUser(records: IdentityRecords, userId: string): ProjectRecord[] {
  const ids = new Set<string>();
  for (const a of records.assignments.values()) if (a.userId === userId) ids.add(a.projectId);
  return [...records.projects.values()].filter((p) => ids.has(p.id));
}

/** Resolves the three ids of a grant URL as Keystone's target builder does: role, user, project. */
function grantTarget(ctx: IdentityContext): Assignment {
  const roleId = roleOr404(ctx, ctx.params.role_id!).id;
  const userId = userOr404(ctx, ctx.params.user_id!).id;
  const projectId = projectOr404(ctx, ctx.params.project_id!).id;
  return { projectId, userId, roleId };
}

function notFound(a: Assignment) {
  return errors.assignmentNotFound(a.roleId, a.userId, a.projectId);
}

function check(ctx: IdentityContext) {
  const target = grantTarget(ctx);
  requireAdmin(ctx, 'check_grant');
  if (!ctx.records.assignments.has(assignmentKey(target))) throw notFound(target);
  return ok(204);
}

function grant(ctx: IdentityContext) {
  const target = grantTarget(ctx);
  requireAdmin(ctx, 'create_grant');
  // Keystone's grant API is silent when the grant already exists.
  const key = assignmentKey(target);
  if (!ctx.records.assignments.has(key)) {
    ctx.records.assignments.set(key, target);
    ctx.emit('grant', 'created', key);
  }
  return ok(204);
}

function revoke(ctx: IdentityContext) {
  const target = grantTarget(ctx);
  requireAdmin(ctx, 'revoke_grant');
  const key = assignmentKey(target);
  if (!ctx.records.assignments.delete(key)) throw notFound(target);
  ctx.emit('grant', 'deleted', key);
  return ok(204);
}

function listGrants(ctx: IdentityContext) {
  const user = userOr404(ctx, ctx.params.user_id!);
  const project = projectOr404(ctx, ctx.params.project_id!);
  requireAdmin(ctx, 'list_grants');
  const roles = directRoleIds(ctx.records, user.id, project.id).map(
    (id) => ctx.records.roles.get(id)!,
  );
  return ok(
    200,
    collection(
      'roles',
      roles.map((r) => roleView(r, ctx.base)),
      `${ctx.base}/v3/projects/${project.id}/users/${user.id}/roles`,
    ),
  );
}

/** An assignment row; `prior` is the directly granted role an effective one comes from. */
interface Row extends Assignment {
  readonly prior?: string;
}

function roleAssignments(ctx: IdentityContext) {
  const q = ctx.query;
  const given = (name: string) => (q.get(name) ?? '') !== '';
  if (given('scope.domain.id') && given('scope.project.id')) {
    throw errors.badRequest('Specify a domain or project, not both');
  }
  if (given('scope.domain.id') && given('scope.system')) {
    throw errors.badRequest('Specify system or domain, not both');
  }
  if (given('scope.project.id') && given('scope.system')) {
    throw errors.badRequest('Specify system or project, not both');
  }
  if (given('user.id') && given('group.id')) {
    throw errors.badRequest('Specify a user or group, not both');
  }
  const effective = queryIsTrue(q, 'effective');
  if (effective && given('group.id')) {
    throw errors.badRequest(
      'Combining effective and group filter will always result in an empty list.',
    );
  }
  requireAdmin(ctx, 'list_role_assignments');
  const names = queryIsTrue(q, 'include_names');
  // Only user grants on projects exist here: a group, domain, system or inherited filter
  // matches none of them.
  const none =
    given('group.id') ||
    given('scope.domain.id') ||
    given('scope.system') ||
    q.get('scope.OS-INHERIT:inherited_to') === 'projects';
  let rows: Row[] = none ? [] : [...ctx.records.assignments.values()];
  const userId = q.get('user.id');
  const projectId = q.get('scope.project.id');
  rows = rows.filter(
    (a) => (!userId || a.userId === userId) && (!projectId || a.projectId === projectId),
  );
  if (effective) {
    rows = rows.flatMap((a) => [
      a,
      ...impliedBy(ctx.records, a.roleId).map((roleId) => ({ ...a, roleId, prior: a.roleId })),
    ]);
  }
  const roleId = q.get('role.id');
  if (roleId) rows = rows.filter((a) => a.roleId === roleId);
  const v3 = `${ctx.base}/v3`;
  const domain = { id: DEFAULT_DOMAIN.id, name: DEFAULT_DOMAIN.name };
  const items = rows.map((a) => {
    const role = ctx.records.roles.get(a.roleId);
    const user = ctx.records.users.get(a.userId);
    const project = ctx.records.projects.get(a.projectId);
    const link = `${v3}/projects/${a.projectId}/users/${a.userId}/roles/${a.prior ?? a.roleId}`;
    return {
      scope: {
        project:
          names && project ? { id: a.projectId, name: project.name, domain } : { id: a.projectId },
      },
      user: names && user ? { id: a.userId, name: user.name, domain } : { id: a.userId },
      role: names && role ? { id: a.roleId, name: role.name } : { id: a.roleId },
      links: {
        assignment: link,
        // Keystone writes this link with the two roles the other way round.
        ...(a.prior ? { prior_role: `${v3}/prior_role/${a.roleId}/implies/${a.prior}` } : {}),
      },
    };
  });
  return ok(200, collection('role_assignments', items, `${v3}/role_assignments`));
}

export const ASSIGNMENT_ROUTES: readonly IdentityRoute[] = [
  {
    method: 'GET',
    path: '/v3/projects/{project_id}/users/{user_id}/roles',
    handler: listGrants,
  },
  {
    method: 'GET',
    path: '/v3/projects/{project_id}/users/{user_id}/roles/{role_id}',
    handler: check,
  },
  {
    method: 'PUT',
    path: '/v3/projects/{project_id}/users/{user_id}/roles/{role_id}',
    handler: grant,
  },
  {
    method: 'DELETE',
    path: '/v3/projects/{project_id}/users/{user_id}/roles/{role_id}',
    handler: revoke,
  },
  { method: 'GET', path: '/v3/role_assignments', handler: roleAssignments },
];
