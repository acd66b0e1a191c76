import { isoMicros, json, keystoneError, queryValues, unauthorized } from '../responses.js';
import type { Endpoints, HttpRequest, HttpResponse, Service } from '../types.js';
import { authenticate } from './auth-request.js';
import { DEFAULT_DOMAIN, type Directory, type Project, type User } from './directory.js';
import { serviceCatalog } from './service-catalog.js';
import type { Token, TokenStore } from './tokens.js';

export interface IdentityDeps {
  readonly directory: Directory;
  readonly tokens: TokenStore;
  readonly endpoints: () => Endpoints;
}

function unauthorizedWith(body: unknown, identityUrl: string): HttpResponse {
  return { status: 401, body, headers: { 'www-authenticate': `Keystone uri="${identityUrl}"` } };
}

/** The caller behind a valid `X-Auth-Token`. */
interface Caller {
  readonly token: Token;
  readonly user: User;
  readonly isAdmin: boolean;
}

const MEDIA_TYPES = [
  { base: 'application/json', type: 'application/vnd.openstack.identity-v3+json' },
];

/** Keystone's v3 version entry (Keystone 2023.1 reports v3.14). */
function v3(endpoints: Endpoints) {
  return {
    id: 'v3.14',
    status: 'stable',
    updated: '2020-04-07T00:00:00Z',
    links: [{ rel: 'self', href: `${endpoints.identity}/v3/` }],
    'media-types': MEDIA_TYPES,
  };
}

function domainRef() {
  return { id: DEFAULT_DOMAIN.id, name: DEFAULT_DOMAIN.name };
}

function projectView(project: Project, endpoints: Endpoints) {
  return {
    id: project.id,
    name: project.name,
    description: project.description,
    domain_id: DEFAULT_DOMAIN.id,
    enabled: true,
    is_domain: false,
    parent_id: DEFAULT_DOMAIN.id,
    tags: [],
    options: {},
    links: { self: `${endpoints.identity}/v3/projects/${project.id}` },
  };
}

function userView(user: User, endpoints: Endpoints) {
  return {
    id: user.id,
    name: user.name,
    domain_id: DEFAULT_DOMAIN.id,
    enabled: true,
    default_project_id: user.defaultProjectId,
    email: user.email,
    password_expires_at: null,
    options: {},
    links: { self: `${endpoints.identity}/v3/users/${user.id}` },
  };
}

/**
 * Keystone v3, as much as clients need: version discovery, token issue (password and
 * token methods), validation and revocation, and read-only users, projects, roles and
 * domains.
 */
export function createIdentityService(deps: IdentityDeps): Service {
  const { directory, tokens, endpoints } = deps;

  const tokenBody = (token: Token, withCatalog: boolean) => {
    const user = directory.user(token.userId)!;
    const body: Record<string, unknown> = {
      methods: token.methods,
      user: { domain: domainRef(), id: user.id, name: user.name, password_expires_at: null },
      audit_ids: token.auditIds,
      expires_at: isoMicros(token.expiresAt),
      issued_at: isoMicros(token.issuedAt),
    };
    if (token.projectId !== null) {
      const project = directory.project(token.projectId)!;
      body.project = { domain: domainRef(), id: project.id, name: project.name };
      body.is_domain = false;
      body.roles = (user.roles.get(project.id) ?? []).map((name) => directory.role(name));
      if (withCatalog) body.catalog = serviceCatalog(endpoints(), project.id);
    }
    return { token: body };
  };

  const callerOf = (request: HttpRequest): Caller | undefined => {
    const token = tokens.validate(request.headers['x-auth-token']);
    const user = token && directory.user(token.userId);
    if (!token || !user) return undefined;
    const roles = token.projectId === null ? [] : (user.roles.get(token.projectId) ?? []);
    return { token, user, isAdmin: roles.includes('admin') };
  };

  const issue = (request: HttpRequest): HttpResponse => {
    const outcome = authenticate(directory, tokens, request.body);
    if (!outcome.ok) {
      const { status, body } = outcome.response;
      // Keystone's 401s, like keystonemiddleware's, say where to authenticate.
      return status === 401 ? unauthorizedWith(body, endpoints().identity) : outcome.response;
    }
    const { user, projectId, methods, from } = outcome.grant;
    const token = tokens.issue({
      userId: user.id,
      projectId,
      methods,
      ...(from ? { from } : {}),
    });
    const nocatalog = queryValues(request.search).has('nocatalog');
    return json(201, tokenBody(token, !nocatalog), { 'x-subject-token': token.id });
  };

  const subject = (request: HttpRequest, caller: Caller): Token | HttpResponse => {
    const token = tokens.validate(request.headers['x-subject-token']);
    if (!token) return keystoneError(404, 'Failed to validate token');
    if (token.userId !== caller.user.id && !caller.isAdmin) {
      return keystoneError(
        403,
        'You are not authorized to perform the requested action: identity:validate_token.',
      );
    }
    return token;
  };

  const forbidden = (action: string) =>
    keystoneError(
      403,
      `You are not authorized to perform the requested action: identity:${action}.`,
    );

  const notFound = (kind: string, id: string) =>
    keystoneError(404, `Could not find ${kind}: ${id}.`);

  const list = (key: string, items: readonly unknown[], path: string) =>
    json(200, {
      [key]: items,
      links: { self: `${endpoints().identity}/v3/${path}`, previous: null, next: null },
    });

  const byName = <T extends { name: string }>(items: readonly T[], search: string): T[] => {
    const names = queryValues(search).get('name');
    return names ? items.filter((item) => names.includes(item.name)) : [...items];
  };

  /** Read-only resources; each needs a valid token. */
  const resources = (request: HttpRequest, caller: Caller, parts: string[]): HttpResponse => {
    const e = endpoints();
    const [kind, id, ...rest] = parts;
    if (request.method !== 'GET' || rest.length > 0) {
      return keystoneError(405, 'The method specified is not allowed for this resource.');
    }
    switch (kind) {
      case 'projects': {
        if (id === undefined) {
          if (!caller.isAdmin) return forbidden('list_projects');
          return list(
            'projects',
            byName(directory.projects, request.search).map((p) => projectView(p, e)),
            'projects',
          );
        }
        const project = directory.project(id);
        if (!project) return notFound('project', id);
        if (!caller.isAdmin && !caller.user.roles.has(id)) return forbidden('get_project');
        return json(200, { project: projectView(project, e) });
      }
      case 'users': {
        if (id === undefined) {
          if (!caller.isAdmin) return forbidden('list_users');
          return list(
            'users',
            byName(directory.users, request.search).map((u) => userView(u, e)),
            'users',
          );
        }
        const user = directory.user(id);
        if (!user) return notFound('user', id);
        if (!caller.isAdmin && caller.user.id !== id) return forbidden('get_user');
        return json(200, { user: userView(user, e) });
      }
      case 'roles': {
        const roles = byName(directory.roles, request.search);
        if (id === undefined)
          return list(
            'roles',
            roles.map((r) => ({ ...r, domain_id: null })),
            'roles',
          );
        const role = directory.roles.find((r) => r.id === id);
        return role ? json(200, { role: { ...role, domain_id: null } }) : notFound('role', id);
      }
      case 'domains': {
        const domain = {
          ...domainRef(),
          description: 'The default domain',
          enabled: true,
          tags: [],
          options: {},
        };
        if (id === undefined) return list('domains', [domain], 'domains');
        return id === DEFAULT_DOMAIN.id ? json(200, { domain }) : notFound('domain', id);
      }
      default:
        return keystoneError(404, 'The resource could not be found.');
    }
  };

  return (request) => {
    const e = endpoints();
    const parts = request.path.split('/').filter((s) => s !== '');
    if (parts.length === 0 && request.method === 'GET') {
      return json(300, { versions: { values: [v3(e)] } });
    }
    if (parts[0] !== 'v3') return keystoneError(404, 'The resource could not be found.');
    if (parts.length === 1 && request.method === 'GET') return json(200, { version: v3(e) });
    const path = parts.slice(1);

    if (path[0] === 'auth' && path[1] === 'tokens' && path.length === 2) {
      if (request.method === 'POST') return issue(request);
      const caller = callerOf(request);
      if (!caller) return unauthorized(e.identity);
      if (request.method === 'GET') {
        const token = subject(request, caller);
        if (!('id' in token)) return token;
        const nocatalog = queryValues(request.search).has('nocatalog');
        return json(200, tokenBody(token, !nocatalog), { 'x-subject-token': token.id });
      }
      if (request.method === 'DELETE') {
        const token = subject(request, caller);
        if (!('id' in token)) return token;
        tokens.revoke(token.id);
        return json(204, null);
      }
      return keystoneError(405, 'The method specified is not allowed for this resource.');
    }

    const caller = callerOf(request);
    if (!caller) return unauthorized(e.identity);
    if (path[0] === 'auth' && path.length === 2 && request.method === 'GET') {
      if (path[1] === 'catalog') {
        if (caller.token.projectId === null) {
          return keystoneError(403, 'The service catalog is empty.');
        }
        return json(200, {
          catalog: serviceCatalog(e, caller.token.projectId),
          links: { self: `${e.identity}/v3/auth/catalog` },
        });
      }
      if (path[1] === 'projects') {
        const mine = directory.projects.filter((p) => caller.user.roles.has(p.id));
        return list(
          'projects',
          mine.map((p) => projectView(p, e)),
          'auth/projects',
        );
      }
      if (path[1] === 'domains') return list('domains', [], 'auth/domains');
      if (path[1] === 'system') return list('system', [], 'auth/system');
    }
    return resources(request, caller, path);
  };
}
