import { describe, expect, it } from 'vitest';
import type { ApiContext, PolicyDefault } from '../../src/api/context.js';
import { authorize } from '../../src/api/policy.js';
import { isNovaError } from '../../src/errors/nova-error.js';

const contextWith = (roles: string[]) =>
  ({
    auth: { projectId: 'p', userId: 'u', roles },
    cloud: { config: {} },
  }) as unknown as ApiContext;

function allowed(roles: string[], persona: PolicyDefault): boolean {
  try {
    authorize(contextWith(roles), { rule: 'os_compute_api:test', default: persona });
    return true;
  } catch (error) {
    if (!isNovaError(error)) throw error;
    expect(error.code).toBe(403);
    expect(error.message).toBe("Policy doesn't allow os_compute_api:test to be performed.");
    return false;
  }
}

describe('authorize: Nova default personas', () => {
  it.each([
    [['admin'], 'admin', true],
    [['member'], 'admin', false],
    [['member'], 'project-member-or-admin', true],
    [['reader'], 'project-member-or-admin', false],
    [['reader'], 'project-reader-or-admin', true],
    [['admin'], 'project-reader-or-admin', true],
    [[], 'project-reader-or-admin', false],
    [['service'], 'service-or-admin', true],
    [['member'], 'service-or-admin', false],
    [[], 'any', true],
  ] as const)('%j against %s: %s', (roles, persona, expected) => {
    expect(allowed([...roles], persona)).toBe(expected);
  });
});
