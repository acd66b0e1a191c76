import { jsonTextTooDeep } from '../../api/json-depth.js';
import { AUTH_REQUIRED, keystoneError } from '../responses.js';
import type { HttpResponse } from '../types.js';
import { DEFAULT_DOMAIN, type Directory, type User } from './directory.js';
import type { Token, TokenCheck } from './tokens.js';

/** Who `POST /v3/auth/tokens` authenticated, and the scope of the token to issue. */
export interface AuthGrant {
  readonly user: User;
  readonly projectId: string | null;
  readonly methods: readonly string[];
  /** The token a `token`-method request presented. */
  readonly from?: Token;
}

export type AuthOutcome =
  | { readonly ok: true; readonly grant: AuthGrant }
  | { readonly ok: false; readonly response: HttpResponse };

const CLIENT_ERROR =
  'The server could not comply with the request since it is either malformed or otherwise incorrect. The client is assumed to be in error.';

/** Keystone's ValidationError wording: `Expecting to find X in Y. <boilerplate>`. */
function expecting(attribute: string, target: string): AuthOutcome {
  return fail(keystoneError(400, `Expecting to find ${attribute} in ${target}. ${CLIENT_ERROR}`));
}

function invalid(field: string, detail: string): AuthOutcome {
  return fail(keystoneError(400, `Invalid input for field '${field}': ${detail}`));
}

function fail(response: HttpResponse): AuthOutcome {
  return { ok: false, response };
}

const denied = (message = AUTH_REQUIRED) => fail(keystoneError(401, message));

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** True when a `{ id }` or `{ name }` domain reference names the default domain. */
function isDefaultDomain(domain: unknown): boolean {
  if (!isObject(domain)) return false;
  if (domain.id !== undefined) return domain.id === DEFAULT_DOMAIN.id;
  return domain.name === DEFAULT_DOMAIN.name;
}

function passwordUser(directory: Directory, password: unknown): User | AuthOutcome {
  if (!isObject(password) || !isObject(password.user)) return expecting('user', 'password');
  const spec = password.user;
  if (typeof spec.password !== 'string') return invalid('password', "'password' is required");
  let user: User | undefined;
  if (typeof spec.id === 'string') {
    user = directory.user(spec.id);
  } else if (typeof spec.name === 'string') {
    if (spec.domain === undefined) return expecting('domain', 'user');
    user = isDefaultDomain(spec.domain) ? directory.userByName(spec.name) : undefined;
  } else {
    return expecting('id or name', 'user');
  }
  if (!user?.enabled || user.password === null || user.password !== spec.password) {
    return denied();
  }
  return user;
}

function scopedProject(
  directory: Directory,
  user: User,
  scope: unknown,
  fallback: string | null,
): string | null | AuthOutcome {
  if (scope === undefined) {
    return fallback !== null && user.roles.has(fallback) && directory.project(fallback)?.enabled
      ? fallback
      : null;
  }
  if (scope === 'unscoped') return null;
  if (!isObject(scope)) return invalid('scope', 'must be an object or "unscoped"');
  if (scope.domain !== undefined || scope.system !== undefined || scope.trust !== undefined) {
    return denied('nova-sim issues project-scoped tokens only; scope the token to a project.');
  }
  const spec = scope.project;
  if (!isObject(spec)) return expecting('project', 'scope');
  let projectId: string | undefined;
  if (typeof spec.id === 'string') {
    projectId = directory.project(spec.id)?.id;
  } else if (typeof spec.name === 'string') {
    if (spec.domain === undefined) return expecting('domain', 'project');
    projectId = isDefaultDomain(spec.domain) ? directory.projectByName(spec.name)?.id : undefined;
  } else {
    return expecting('id or name', 'project');
  }
  // Keystone answers an unknown or disabled project and a project without a role alike.
  if (projectId === undefined || !directory.project(projectId)?.enabled) return denied();
  if (!user.roles.has(projectId)) return denied();
  return projectId;
}

/**
 * Checks a `POST /v3/auth/tokens` body (password or token method, optional project scope)
 * and answers with what to issue or Keystone's 400/401.
 */
export function authenticate(
  directory: Directory,
  check: (id: string) => TokenCheck | undefined,
  raw: string,
): AuthOutcome {
  let body: unknown;
  try {
    if (jsonTextTooDeep(raw)) throw new SyntaxError('nested too deep');
    body = JSON.parse(raw);
  } catch {
    return expecting('valid JSON', 'request body');
  }
  if (!isObject(body) || !isObject(body.auth))
    return invalid('auth', "'auth' is a required property");
  const { identity, scope } = body.auth;
  if (!isObject(identity)) return invalid('auth', "'identity' is a required property");
  const methods = identity.methods;
  if (
    !Array.isArray(methods) ||
    methods.length === 0 ||
    !methods.every((m) => typeof m === 'string')
  ) {
    return invalid('identity', "'methods' is a required property");
  }
  const method = methods[0] as string;
  if (method === 'password') {
    const user = passwordUser(directory, identity.password);
    if ('ok' in user) return user;
    const projectId = scopedProject(directory, user, scope, user.defaultProjectId);
    if (typeof projectId === 'object' && projectId !== null) return projectId;
    return { ok: true, grant: { user, projectId, methods: ['password'] } };
  }
  if (method === 'token') {
    const presented = isObject(identity.token) ? identity.token.id : undefined;
    if (typeof presented !== 'string') return expecting('id', 'token');
    const valid = check(presented);
    if (!valid) return denied();
    const { token: from, user } = valid;
    const projectId = scopedProject(directory, user, scope, from.projectId);
    if (typeof projectId === 'object' && projectId !== null) return projectId;
    // Keystone's token plugin carries the presented token's methods over (a rescoped
    // password token says ['token', 'password']: keystone/auth/plugins/token.py).
    const carried = [...new Set(['token', ...from.methods])];
    return { ok: true, grant: { user, projectId, methods: carried, from } };
  }
  return denied('Attempted to authenticate with an unsupported method.');
}
