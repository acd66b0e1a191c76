import type { Auth } from '../../api/context.js';
import type { Cloud } from '../../cloud.js';
import type { IdentityService } from '../../identity/index.js';
import type { Endpoints, Service } from '../types.js';
import type { WallClock } from '../wall-clock.js';
import { createDirectory, type Directory } from './directory.js';
import { createIdentityService } from './keystone.js';
import { createTokenStore, type Token, type TokenCheck, type TokenStore } from './tokens.js';

export type { TokenCheck } from './tokens.js';

export interface IdentityOptions {
  /** The cloud whose Keystone records the tokens are checked against. */
  readonly cloud: () => Cloud;
  readonly wall: WallClock;
  /** Token lifetime in wall ms (Keystone's default: one hour). */
  readonly tokenTtlMs: number;
  readonly endpoints: () => Endpoints;
}

interface ResolvedAuth {
  readonly keystone: IdentityService;
  readonly writes: number;
  readonly auth: Auth | undefined;
}

/** Users and tokens, the Keystone service, and token checks for the other services. */
export interface Identity {
  readonly directory: Directory;
  readonly tokens: TokenStore;
  readonly service: Service;
  /** Issues a token and remembers the user's password revision it was issued under. */
  issue(input: Parameters<TokenStore['issue']>[0]): Token;
  /**
   * A token that exists, has not expired, whose user is still there and enabled with the
   * same password, and whose project (if scoped) is enabled and holds a role of the user.
   */
  check(id: string | undefined): TokenCheck | undefined;
  /** What Nova would take from keystonemiddleware: the caller of a valid project token. */
  authOf(token: string | undefined): Auth | undefined;
}

/**
 * @example
 * const identity = createIdentity({ cloud: () => holder.cloud, wall: systemWallClock, tokenTtlMs: 3_600_000, endpoints: () => server.endpoints });
 * identity.authOf(request.headers['x-auth-token']); // { projectId, userId, roles } or undefined
 */
export function createIdentity(options: IdentityOptions): Identity {
  const keystone = () => options.cloud().identity;
  const directory = createDirectory(keystone);
  const tokens = createTokenStore({ wall: options.wall, ttlMs: options.tokenTtlMs });
  // Keystone revokes a user's tokens when the password changes or the user is disabled:
  // a token keeps the revision of its user, and stops working when that moves on.
  const revisions = new WeakMap<Token, number>();

  const issue: Identity['issue'] = (input) => {
    const token = tokens.issue(input);
    revisions.set(token, keystone().user(token.userId)?.revision ?? -1);
    return token;
  };

  const checkToken = (token: Token): TokenCheck | undefined => {
    const record = keystone().user(token.userId);
    const revision = revisions.get(token);
    if (!record?.enabled) return undefined;
    if (revision !== undefined && revision !== record.revision) return undefined;
    const user = directory.user(token.userId)!;
    if (token.projectId === null) return { token, user, roles: [] };
    const project = keystone().project(token.projectId);
    if (!project?.enabled) return undefined;
    const roles = keystone()
      .rolesOn(user.id, project.id)
      .map((r) => r.name);
    // A token on a project where the user no longer holds a role is no longer valid.
    if (roles.length === 0) return undefined;
    return { token, user, roles };
  };
  const check: Identity['check'] = (id) => {
    const token = tokens.validate(id);
    return token && checkToken(token);
  };

  // What each token resolved to, and against which Keystone state: every request of a
  // client carries the same token, and its user, project and roles only change when
  // Keystone handles a write (or the cloud is replaced by a restore or reset).
  const resolved = new WeakMap<Token, ResolvedAuth>();
  const authOf: Identity['authOf'] = (id) => {
    const token = tokens.validate(id);
    if (!token) return undefined;
    const service = keystone();
    const hit = resolved.get(token);
    if (hit !== undefined && hit.keystone === service && hit.writes === service.writes) {
      return hit.auth;
    }
    const valid = checkToken(token);
    const auth =
      !valid || valid.token.projectId === null
        ? undefined
        : Object.freeze({
            projectId: valid.token.projectId,
            userId: valid.user.id,
            roles: Object.freeze([...valid.roles]),
          });
    resolved.set(token, { keystone: service, writes: service.writes, auth });
    return auth;
  };

  const service = createIdentityService({
    directory,
    tokens,
    issue,
    check,
    cloud: options.cloud,
    endpoints: options.endpoints,
  });
  return {
    directory,
    tokens,
    service,
    issue,
    check,
    authOf,
  };
}
