import { hexId } from '../../random/ids.js';
import {
  filterRows,
  type IdentityContext,
  type IdentityRoute,
  member,
  ok,
  projectOr404,
  requireAdmin,
} from '../context.js';
import { errors } from '../errors.js';
import { DEFAULT_DOMAIN, type ProjectRecord } from '../records.js';
import { projectCreateSchema, projectUpdateSchema, toBoolean, validate } from '../schemas.js';
import { collection, projectView } from '../views.js';

/** Request keys Keystone stores as columns; anything else goes to `extra`. */
const COLUMNS = new Set([
  'id',
  'name',
  'description',
  'domain_id',
  'enabled',
  'is_domain',
  'parent_id',
  'tags',
  'options',
]);

function extraOf(spec: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(spec).filter(([key]) => !COLUMNS.has(key)));
}

function assertUniqueName(ctx: IdentityContext, name: string, id: string): void {
  const other = ctx.records.projectByName(name);
  if (other && other.id !== id) {
    throw errors.conflict(
      'project',
      `it is not permitted to have two projects with either the same name or same id in the same domain: name is ${name}, project id ${id}`,
    );
  }
}

function hasTags(project: ProjectRecord, query: URLSearchParams): boolean {
  const list = (name: string) => query.get(name)?.split(',');
  const all = list('tags');
  const any = list('tags-any');
  const none = list('not-tags');
  const notAny = list('not-tags-any');
  const has = (tag: string) => project.tags.includes(tag);
  return (
    (!all || all.every(has)) && (!any || any.some(has)) && !none?.every(has) && !notAny?.some(has)
  );
}

function list(ctx: IdentityContext) {
  requireAdmin(ctx, 'list_projects');
  const { query } = ctx;
  const domain = query.get('domain_id');
  const parent = query.get('parent_id');
  // Projects acting as domains are not simulated: `is_domain=true` lists none.
  const isDomain = query.get('is_domain');
  const rows = filterRows(ctx.records.projects.values(), query).filter(
    (p) =>
      (domain === null || p.domainId === domain) &&
      (parent === null || p.parentId === parent) &&
      (isDomain === null || !toBoolean(isDomain)) &&
      hasTags(p, query),
  );
  return ok(
    200,
    collection(
      'projects',
      rows.map((p) => projectView(p, ctx.base)),
      `${ctx.base}/v3/projects`,
    ),
  );
}

function create(ctx: IdentityContext) {
  requireAdmin(ctx, 'create_project');
  validate(projectCreateSchema, ctx.body);
  const spec = member(ctx.body, 'project');
  if (spec.is_domain !== undefined && toBoolean(spec.is_domain)) {
    throw errors.badRequest('Multiple domains are not supported');
  }
  const domainId = (spec.domain_id as string | null | undefined) ?? DEFAULT_DOMAIN.id;
  if (domainId !== DEFAULT_DOMAIN.id) throw errors.notFound('domain', domainId);
  const parentId = (spec.parent_id as string | null | undefined) || domainId;
  if (parentId !== DEFAULT_DOMAIN.id) projectOr404(ctx, parentId);
  const id = hexId(ctx.random(), 32);
  const name = (spec.name as string).trim();
  assertUniqueName(ctx, name, id);
  const project: ProjectRecord = {
    id,
    name,
    description: (spec.description as string | null | undefined) ?? '',
    domainId,
    parentId,
    enabled: spec.enabled === undefined ? true : toBoolean(spec.enabled),
    tags: [...((spec.tags as string[] | undefined) ?? [])],
    extra: extraOf(spec),
  };
  ctx.records.projects.set(id, project);
  ctx.emit('project', 'created', id);
  return ok(201, { project: projectView(project, ctx.base) });
}

function show(ctx: IdentityContext) {
  const project = projectOr404(ctx, ctx.params.project_id!);
  if (!ctx.isAdmin && ctx.auth.projectId !== project.id) throw errors.forbidden('get_project');
  return ok(200, { project: projectView(project, ctx.base) });
}

function update(ctx: IdentityContext) {
  const project = projectOr404(ctx, ctx.params.project_id!);
  requireAdmin(ctx, 'update_project');
  validate(projectUpdateSchema, ctx.body);
  const spec = member(ctx.body, 'project');
  const enabled = spec.enabled === undefined ? project.enabled : toBoolean(spec.enabled);
  if (project.enabled && !enabled && children(ctx, project.id).some((p) => p.enabled)) {
    throw errors.forbiddenNotSecurity(
      `Cannot disable project ${project.id} since its subtree contains enabled projects.`,
    );
  }
  const name = typeof spec.name === 'string' ? spec.name.trim() : project.name;
  assertUniqueName(ctx, name, project.id);
  project.name = name;
  if (spec.description !== undefined) project.description = (spec.description as string) ?? '';
  project.enabled = enabled;
  if (spec.tags !== undefined) project.tags = [...(spec.tags as string[])];
  Object.assign(project.extra, extraOf(spec));
  ctx.emit('project', 'updated', project.id);
  return ok(200, { project: projectView(project, ctx.base) });
}

function children(ctx: IdentityContext, id: string): ProjectRecord[] {
  return [...ctx.records.projects.values()].filter((p) => p.parentId === id);
}

function remove(ctx: IdentityContext) {
  const project = projectOr404(ctx, ctx.params.project_id!);
  requireAdmin(ctx, 'delete_project');
  if (children(ctx, project.id).length > 0) {
    throw errors.forbiddenNotSecurity(
      `Cannot delete the project ${project.id} since it is not a leaf in the hierarchy. Use the cascade option if you want to delete a whole subtree.`,
    );
  }
  ctx.records.projects.delete(project.id);
  for (const [key, a] of ctx.records.assignments) {
    if (a.projectId === project.id) ctx.records.assignments.delete(key);
  }
  ctx.emit('project', 'deleted', project.id);
  return ok(204);
}

export const PROJECT_ROUTES: readonly IdentityRoute[] = [
  { method: 'GET', path: '/v3/projects', handler: list },
  { method: 'POST', path: '/v3/projects', handler: create },
  { method: 'GET', path: '/v3/projects/{project_id}', handler: show },
  { method: 'PATCH', path: '/v3/projects/{project_id}', handler: update },
  { method: 'DELETE', path: '/v3/projects/{project_id}', handler: remove },
];
