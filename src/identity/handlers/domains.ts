import { type IdentityContext, type IdentityRoute, ok, requireAdmin } from '../context.js';
import { errors } from '../errors.js';
import { DEFAULT_DOMAIN } from '../records.js';
import { collection, domainView, projectView } from '../views.js';
import { projectsOfUser } from './assignments.js';

function list(ctx: IdentityContext) {
  requireAdmin(ctx, 'list_domains');
  const name = ctx.query.get('name');
  const id = ctx.query.get('id');
  const match =
    (name === null || name === DEFAULT_DOMAIN.name) && (id === null || id === DEFAULT_DOMAIN.id);
  return ok(
    200,
    collection('domains', match ? [domainView(ctx.base)] : [], `${ctx.base}/v3/domains`),
  );
}

/** Any token scoped to a project of the domain may read it (Keystone's default policy). */
function show(ctx: IdentityContext) {
  const id = ctx.params.domain_id!;
  if (id !== DEFAULT_DOMAIN.id) throw errors.notFound('domain', id);
  return ok(200, { domain: domainView(ctx.base) });
}

/** `GET /v3/auth/projects`: the enabled projects the caller may scope a token to. */
function authProjects(ctx: IdentityContext) {
  const rows = projectsOfUser(ctx.records, ctx.auth.userId).filter((p) => p.enabled);
  return ok(
    200,
    collection(
      'projects',
      rows.map((p) => projectView(p, ctx.base)),
      `${ctx.base}/v3/auth/projects`,
    ),
  );
}

function authDomains(ctx: IdentityContext) {
  return ok(200, collection('domains', [], `${ctx.base}/v3/auth/domains`));
}

export const DOMAIN_ROUTES: readonly IdentityRoute[] = [
  { method: 'GET', path: '/v3/domains', handler: list },
  { method: 'GET', path: '/v3/domains/{domain_id}', handler: show },
  { method: 'GET', path: '/v3/auth/projects', handler: authProjects },
  { method: 'GET', path: '/v3/auth/domains', handler: authDomains },
];
