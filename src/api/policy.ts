import { NovaError } from '../errors/nova-error.js';
import type { ApiContext } from './context.js';

/** Nova's policy failure: 403 naming the rule. */
export function policyError(rule: string): NovaError {
  return NovaError.forbidden(`Policy doesn't allow ${rule} to be performed.`);
}

/** Throws Nova's 403 unless the caller is an admin (the default for admin-only rules). */
export function requireAdmin(ctx: ApiContext, rule: string): void {
  if (!ctx.isAdmin) throw policyError(rule);
}
