import type { VolumeContext } from './context.js';
import { policyNotAuthorized } from './errors.js';

/**
 * Cinder's default personas (cinder/policies/base.py): readers read, members write in
 * their project, admins do everything; Keystone's implied roles make an admin a member
 * and a member a reader.
 */
export type VolumePolicy = 'reader' | 'member' | 'admin';

function holds(ctx: VolumeContext, policy: VolumePolicy): boolean {
  const roles = ctx.auth.roles;
  if (roles.includes('admin')) return true;
  if (policy === 'admin') return false;
  if (roles.includes('member')) return true;
  return policy === 'reader' && roles.includes('reader');
}

/** Throws Cinder's 403 naming the rule unless the caller holds the persona. */
export function authorize(ctx: VolumeContext, rule: string, policy: VolumePolicy): void {
  if (!holds(ctx, policy)) throw policyNotAuthorized(rule);
}
