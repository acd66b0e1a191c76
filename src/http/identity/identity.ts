import type { Auth } from '../../api/context.js';
import type { Endpoints, Service } from '../types.js';
import type { WallClock } from '../wall-clock.js';
import { createDirectory, type Directory, type IdentityInput } from './directory.js';
import { createIdentityService } from './keystone.js';
import { createTokenStore, type TokenStore } from './tokens.js';

export interface IdentityOptions {
  readonly input?: IdentityInput;
  readonly wall: WallClock;
  /** Token lifetime in wall ms (Keystone's default: one hour). */
  readonly tokenTtlMs: number;
  readonly endpoints: () => Endpoints;
}

/** Users and tokens, the Keystone service, and token checks for the other services. */
export interface Identity {
  readonly directory: Directory;
  readonly tokens: TokenStore;
  readonly service: Service;
  /** What Nova would take from keystonemiddleware: the caller of a valid project token. */
  authOf(token: string | undefined): Auth | undefined;
}

/**
 * @example
 * const identity = createIdentity({ wall: systemWallClock, tokenTtlMs: 3_600_000, endpoints: () => server.endpoints });
 * identity.authOf(request.headers['x-auth-token']); // { projectId, userId, roles } or undefined
 */
export function createIdentity(options: IdentityOptions): Identity {
  const directory = createDirectory(options.input);
  const tokens = createTokenStore({ wall: options.wall, ttlMs: options.tokenTtlMs });
  const service = createIdentityService({ directory, tokens, endpoints: options.endpoints });
  return {
    directory,
    tokens,
    service,
    authOf(id) {
      const token = tokens.validate(id);
      if (!token || token.projectId === null) return undefined;
      const user = directory.user(token.userId);
      if (!user) return undefined;
      return {
        projectId: token.projectId,
        userId: user.id,
        roles: user.roles.get(token.projectId) ?? [],
      };
    },
  };
}
