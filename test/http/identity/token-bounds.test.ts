import { describe, expect, it } from 'vitest';
import { createTokenStore, DEFAULT_MAX_TOKENS } from '../../../src/http/identity/tokens.js';
import { createManualWallClock } from '../../../src/http/wall-clock.js';

const who = { userId: 'u', projectId: 'p', methods: ['password'] } as const;

describe('the token store stays bounded', () => {
  it('keeps at most maxTokens: minting more forgets the oldest first', () => {
    const tokens = createTokenStore({
      wall: createManualWallClock(0),
      ttlMs: 3_600_000,
      maxTokens: 3,
    });
    const ids = Array.from({ length: 5 }, () => tokens.issue(who).id);
    expect(tokens.size).toBe(3);
    expect(tokens.validate(ids[0])).toBeUndefined();
    expect(tokens.validate(ids[1])).toBeUndefined();
    expect(tokens.validate(ids[4])?.userId).toBe('u');
  });

  it('forgets expired tokens as new ones are minted, without a prune call', () => {
    const wall = createManualWallClock(0);
    const tokens = createTokenStore({ wall, ttlMs: 1000 });
    for (let i = 0; i < 100; i++) tokens.issue(who);
    wall.advance(1000);
    tokens.issue(who);
    expect(tokens.size).toBe(1);
  });

  it('caps at DEFAULT_MAX_TOKENS by default', () => {
    const tokens = createTokenStore({ wall: createManualWallClock(0), ttlMs: 3_600_000 });
    for (let i = 0; i < DEFAULT_MAX_TOKENS + 10; i++) tokens.issue(who);
    expect(tokens.size).toBe(DEFAULT_MAX_TOKENS);
  });
});
