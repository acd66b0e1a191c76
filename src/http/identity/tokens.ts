import { randomBytes } from 'node:crypto';
import type { WallClock } from '../wall-clock.js';
import type { User } from './directory.js';

/** A token that still stands, with its user and current roles. */
export interface TokenCheck {
  readonly token: Token;
  readonly user: User;
  /** Effective role names on the token's project; [] for an unscoped token. */
  readonly roles: readonly string[];
}

/** An issued Keystone token. Times are wall-clock epoch ms: clients compare them to theirs. */
export interface Token {
  readonly id: string;
  readonly userId: string;
  /** null for an unscoped token. */
  readonly projectId: string | null;
  readonly methods: readonly string[];
  readonly issuedAt: number;
  readonly expiresAt: number;
  readonly auditIds: readonly string[];
}

export interface TokenStore {
  issue(
    input: Omit<Token, 'id' | 'issuedAt' | 'expiresAt' | 'auditIds'> & {
      /** A rescoped token keeps the expiry and audit chain of the one it came from. */
      readonly from?: Token;
    },
  ): Token;
  /** The token if it exists, is not revoked and has not expired. */
  validate(id: string | undefined): Token | undefined;
  revoke(id: string): boolean;
  /** Forgets expired tokens. */
  prune(): void;
  readonly size: number;
}

/** 32 bytes from the OS's CSPRNG: unguessable, and outside the seeded PRNG on purpose. */
function secret(bytes: number): string {
  return randomBytes(bytes).toString('base64url');
}

/**
 * How many live tokens the store keeps by default (about 6 MB). Keystone's Fernet tokens
 * are stateless, so a real cloud holds none; past the cap the oldest is forgotten and its
 * holder gets a 401 and authenticates again, as clients do when a token expires.
 */
export const DEFAULT_MAX_TOKENS = 10_000;

/**
 * Bearer tokens in memory, unguessable, expiring `ttlMs` after issue by the wall clock,
 * at most `maxTokens` of them (the oldest issued goes first).
 *
 * @example
 * const tokens = createTokenStore({ wall: systemWallClock, ttlMs: 3_600_000 });
 * const token = tokens.issue({ userId, projectId, methods: ['password'] });
 */
export function createTokenStore(options: {
  wall: WallClock;
  ttlMs: number;
  maxTokens?: number;
}): TokenStore {
  const { wall, ttlMs, maxTokens = DEFAULT_MAX_TOKENS } = options;
  // Insertion order is issue order, so the oldest token is always the first key.
  const tokens = new Map<string, Token>();
  const dropExpiredOldest = (now: number) => {
    for (const [id, token] of tokens) {
      if (token.expiresAt > now) return;
      tokens.delete(id);
    }
  };
  return {
    issue({ from, ...input }) {
      const now = wall.now();
      dropExpiredOldest(now);
      while (tokens.size >= Math.max(1, maxTokens)) {
        const oldest = tokens.keys().next().value as string;
        tokens.delete(oldest);
      }
      const token: Token = {
        ...input,
        id: `gAAAAA${secret(32)}`,
        issuedAt: now,
        expiresAt: from ? from.expiresAt : now + ttlMs,
        auditIds: from ? [secret(16), from.auditIds[0] ?? ''] : [secret(16)],
      };
      tokens.set(token.id, token);
      return token;
    },
    validate(id) {
      if (id === undefined) return undefined;
      const token = tokens.get(id);
      if (!token) return undefined;
      if (token.expiresAt <= wall.now()) {
        tokens.delete(id);
        return undefined;
      }
      return token;
    },
    revoke: (id) => tokens.delete(id),
    prune() {
      const now = wall.now();
      for (const [id, token] of tokens) if (token.expiresAt <= now) tokens.delete(id);
    },
    get size() {
      return tokens.size;
    },
  };
}
