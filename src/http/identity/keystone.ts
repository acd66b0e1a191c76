import type { Cloud } from '../../cloud.js';
import { LINK_BASE_HEADER } from '../../identity/index.js';
import { isoMicros, json, keystoneError, queryValues, unauthorized } from '../responses.js';
import type { Endpoints, HttpRequest, HttpResponse, Service } from '../types.js';
import { authenticate } from './auth-request.js';
import { DEFAULT_DOMAIN, type Directory } from './directory.js';
import { serviceCatalog } from './service-catalog.js';
import type { Token, TokenCheck, TokenStore } from './tokens.js';

export interface IdentityDeps {
  readonly directory: Directory;
  readonly tokens: TokenStore;
  /** Issues a token under the user's current password revision. */
  readonly issue: (input: Parameters<TokenStore['issue']>[0]) => Token;
  /** The token if it still stands (see `Identity.check`). */
  readonly check: (id: string | undefined) => TokenCheck | undefined;
  readonly cloud: () => Cloud;
  readonly endpoints: () => Endpoints;
}

function unauthorizedWith(body: unknown, identityUrl: string): HttpResponse {
  return { status: 401, body, headers: { 'www-authenticate': `Keystone uri="${identityUrl}"` } };
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

/**
 * Keystone v3 over HTTP: version discovery, token issue (password and token methods),
 * validation and revocation, and the catalog here; everything else (projects, users,
 * roles, grants, domains) is the cloud's identity service, called with the token's caller.
 */
export function createIdentityService(deps: IdentityDeps): Service {
  const { directory, tokens, endpoints } = deps;

  const tokenBody = (valid: TokenCheck, withCatalog: boolean) => {
    const { token, user } = valid;
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
      body.roles = directory.rolesOn(user.id, project.id);
      if (withCatalog) body.catalog = serviceCatalog(endpoints(), project.id);
    }
    return { token: body };
  };

  const isAdmin = (caller: TokenCheck) => caller.roles.includes('admin');

  const issue = (request: HttpRequest): HttpResponse => {
    const outcome = authenticate(directory, deps.check, request.body);
    if (!outcome.ok) {
      const { status, body } = outcome.response;
      // Keystone's 401s, like keystonemiddleware's, say where to authenticate.
      return status === 401 ? unauthorizedWith(body, endpoints().identity) : outcome.response;
    }
    const { user, projectId, methods, from } = outcome.grant;
    const token = deps.issue({
      userId: user.id,
      projectId,
      methods,
      ...(from ? { from } : {}),
    });
    const valid = deps.check(token.id)!;
    const nocatalog = queryValues(request.search).has('nocatalog');
    return json(201, tokenBody(valid, !nocatalog), { 'x-subject-token': token.id });
  };

  const subject = (request: HttpRequest, caller: TokenCheck): TokenCheck | HttpResponse => {
    const valid = deps.check(request.headers['x-subject-token']);
    if (!valid) return keystoneError(404, 'Failed to validate token');
    if (valid.user.id !== caller.user.id && !isAdmin(caller)) {
      return keystoneError(
        403,
        'You are not authorized to perform the requested action: identity:validate_token.',
      );
    }
    return valid;
  };

  /** The admin API, answered by the cloud's identity service for the token's caller. */
  const forward = (request: HttpRequest, caller: TokenCheck): HttpResponse => {
    const path = request.search === '' ? request.path : `${request.path}?${request.search}`;
    return deps.cloud().request({
      service: 'identity',
      method: request.method,
      path,
      headers: { ...request.headers, [LINK_BASE_HEADER]: endpoints().identity },
      ...(request.body === '' ? {} : { body: request.body }),
      auth: {
        projectId: caller.token.projectId ?? '',
        userId: caller.user.id,
        roles: caller.roles,
      },
    });
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
      const caller = deps.check(request.headers['x-auth-token']);
      if (!caller) return unauthorized(e.identity);
      if (request.method === 'GET') {
        const valid = subject(request, caller);
        if (!('token' in valid)) return valid;
        const nocatalog = queryValues(request.search).has('nocatalog');
        return json(200, tokenBody(valid, !nocatalog), { 'x-subject-token': valid.token.id });
      }
      if (request.method === 'DELETE') {
        const valid = subject(request, caller);
        if (!('token' in valid)) return valid;
        tokens.revoke(valid.token.id);
        return json(204, null);
      }
      return keystoneError(405, 'The method specified is not allowed for this resource.');
    }

    const caller = deps.check(request.headers['x-auth-token']);
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
      if (path[1] === 'system') {
        return json(200, { system: [], links: { self: `${e.identity}/v3/auth/system` } });
      }
    }
    return forward(request, caller);
  };
}
