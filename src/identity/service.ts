import { SAMPLE_PROJECT_ID, SAMPLE_USER_ID } from '../catalog/defaults.js';
import type { IdentityEvent } from '../events.js';
import type { Random } from '../random/prng.js';
import type {
  Auth,
  ServiceRequest,
  ServiceResponse,
  SimulatedService,
} from '../service/contract.js';
import type { IdentityContext, IdentityRoute } from './context.js';
import { errors, isKeystoneError } from './errors.js';
import { ASSIGNMENT_ROUTES, effectiveRoleIds, projectsOfUser } from './handlers/assignments.js';
import { DOMAIN_ROUTES } from './handlers/domains.js';
import { PROJECT_ROUTES } from './handlers/projects.js';
import { ROLE_ROUTES } from './handlers/roles.js';
import { USER_ROUTES } from './handlers/users.js';
import {
  createRecords,
  type IdentitySnapshot,
  type ProjectRecord,
  type RoleRecord,
  type UserRecord,
} from './records.js';
import { matchRoute } from './router.js';
import { type IdentityInput, seedIdentity } from './seed.js';

/**
 * The request header that carries the identity endpoint Keystone's absolute links start
 * with (the HTTP layer sets it; in-process links start at `/v3`).
 */
export const LINK_BASE_HEADER = 'x-nova-sim-identity-url';

const ROUTES: readonly IdentityRoute[] = [
  ...PROJECT_ROUTES,
  ...USER_ROUTES,
  ...ROLE_ROUTES,
  ...ASSIGNMENT_ROUTES,
  ...DOMAIN_ROUTES,
];

export interface IdentityDeps {
  readonly random: () => Random;
  /** Called after each change, for the cloud's events and trace. */
  readonly emit?: (event: Omit<IdentityEvent, 'at'>) => void;
}

/** Keystone inside the cloud: the admin API, plus what token checks need to read. */
export interface IdentityService extends SimulatedService<IdentitySnapshot> {
  readonly name: 'identity';
  projects(): readonly Readonly<ProjectRecord>[];
  users(): readonly Readonly<UserRecord>[];
  roles(): readonly Readonly<RoleRecord>[];
  project(id: string): Readonly<ProjectRecord> | undefined;
  projectByName(name: string): Readonly<ProjectRecord> | undefined;
  user(id: string): Readonly<UserRecord> | undefined;
  userByName(name: string): Readonly<UserRecord> | undefined;
  role(id: string): Readonly<RoleRecord> | undefined;
  roleByName(name: string): Readonly<RoleRecord> | undefined;
  /** A user's effective roles on a project (implied ones included); [] without a grant. */
  rolesOn(userId: string, projectId: string): readonly Readonly<RoleRecord>[];
  /** The projects a user holds a role on. */
  projectsOf(userId: string): readonly Readonly<ProjectRecord>[];
  /** The user when enabled and the password matches. */
  authenticate(userId: string, password: string): Readonly<UserRecord> | undefined;
  /**
   * How many write requests (any method but GET and HEAD) this Keystone has handled: while
   * it stands still, what a token resolves to cannot have changed.
   */
  readonly writes: number;
}

/** Keystone reads a missing body as `{}`. */
function parseBody(body: unknown): unknown {
  if (body === undefined || body === null || body === '') return {};
  if (typeof body !== 'string') return body;
  try {
    return JSON.parse(body);
  } catch {
    throw errors.expecting('valid JSON', 'request body');
  }
}

function splitPath(path: string): { path: string; query: URLSearchParams } {
  const at = path.indexOf('?');
  if (at < 0) return { path, query: new URLSearchParams() };
  return { path: path.slice(0, at), query: new URLSearchParams(path.slice(at + 1)) };
}

function resolveAuth(partial: Partial<Auth> | undefined): Auth {
  return {
    projectId: partial?.projectId ?? SAMPLE_PROJECT_ID,
    userId: partial?.userId ?? SAMPLE_USER_ID,
    roles: partial?.roles ?? ['member'],
  };
}

/**
 * Keystone's v3 admin API over the cloud's identity records: domains (read), projects,
 * users, roles and grants. Starts from a snapshot, or from a seed input (DevStack's
 * accounts by default).
 *
 * @example
 * const identity = createIdentityService({ random: () => rng });
 * identity.handle({ service: 'identity', method: 'POST', path: '/v3/projects', body: { project: { name: 'ci' } }, auth: { roles: ['admin'] } });
 */
export function createIdentityService(
  deps: IdentityDeps,
  from: { readonly restore?: IdentitySnapshot; readonly input?: IdentityInput } = {},
): IdentityService {
  const records = createRecords(from.restore ?? seedIdentity(from.input));
  let writes = 0;

  const handle = (request: ServiceRequest): ServiceResponse => {
    const method = String(request.method ?? '').toUpperCase();
    // Counted before the handler runs: a write refused half-way counts too.
    if (method !== 'GET' && method !== 'HEAD') writes++;
    try {
      const { path, query } = splitPath(String(request.path ?? ''));
      for (const [key, value] of Object.entries(request.query ?? {})) {
        for (const v of typeof value === 'string' ? [value] : value) query.append(key, v);
      }
      const match = matchRoute(ROUTES, method, path);
      if (match === undefined) throw errors.resourceNotFound();
      if (match === 'method-not-allowed') throw errors.methodNotAllowed();
      const auth = resolveAuth(request.auth);
      const ctx: IdentityContext = {
        records,
        random: deps.random,
        emit: (kind, action, id) => deps.emit?.({ kind, action, id }),
        auth,
        isAdmin: auth.roles.includes('admin'),
        base: request.headers?.[LINK_BASE_HEADER] ?? '',
        params: match.params,
        query,
        body: parseBody(request.body),
      };
      return match.route.handler(ctx);
    } catch (error) {
      if (isKeystoneError(error)) return error.toResponse();
      throw error;
    }
  };

  const rolesOn = (userId: string, projectId: string) =>
    effectiveRoleIds(records, userId, projectId).flatMap((id) => {
      const role = records.roles.get(id);
      return role ? [role] : [];
    });

  return {
    name: 'identity',
    handle,
    snapshot: () => records.snapshot(),
    projects: () => [...records.projects.values()],
    users: () => [...records.users.values()],
    roles: () => [...records.roles.values()],
    project: (id) => records.projects.get(id),
    projectByName: (name) => records.projectByName(name),
    user: (id) => records.users.get(id),
    userByName: (name) => records.userByName(name),
    role: (id) => records.roles.get(id),
    roleByName: (name) => records.roleByName(name),
    rolesOn,
    projectsOf: (userId) => projectsOfUser(records, userId),
    get writes() {
      return writes;
    },
    authenticate(userId, password) {
      const user = records.users.get(userId);
      if (!user?.enabled || user.password === null || user.password !== password) {
        return undefined;
      }
      return user;
    },
  };
}
