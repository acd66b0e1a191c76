import { NovaError } from '../errors/nova-error.js';
import type { ApiContext, PolicyDefault, RoutePolicy } from './context.js';

/** Nova's policy failure: 403 naming the rule. */
export function policyError(rule: string): NovaError {
  return NovaError.forbidden(`Policy doesn't allow ${rule} to be performed.`);
}

/** Throws Nova's 403 unless the caller is an admin (the default for admin-only rules). */
export function requireAdmin(ctx: ApiContext, rule: string): void {
  if (!ctx.isAdmin) throw policyError(rule);
}

/** Which roles satisfy each of Nova's default check strings (implied roles included). */
const PERSONAS: Readonly<Record<PolicyDefault, readonly string[] | 'anyone'>> = {
  admin: ['admin'],
  'project-manager-or-admin': ['admin', 'manager'],
  'project-member-or-admin': ['admin', 'member'],
  'project-reader-or-admin': ['admin', 'member', 'reader'],
  'service-or-admin': ['admin', 'service'],
  any: 'anyone',
};

/**
 * Nova's `context.can(rule, target)`: throws its 403 unless the caller's roles satisfy the
 * rule's default and, for the project personas, the target is the caller's project (an
 * admin passes either way). Call it where Nova's handler does (after schema validation,
 * after the lookup that finds the target), so errors come in Nova's order.
 *
 * @example
 * authorize(ctx, { rule: 'os_compute_api:os-aggregates:create', default: 'admin' });
 * authorize(ctx, TAG_POLICY.index, { projectId: server.projectId });
 */
export function authorize(
  ctx: ApiContext,
  policy: RoutePolicy,
  target?: { readonly projectId: string },
): void {
  const allowed = PERSONAS[policy.default];
  if (allowed === 'anyone') return;
  const roles = ctx.auth.roles;
  if (!allowed.some((role) => roles.includes(role))) throw policyError(policy.rule);
  const projectScoped = policy.default.startsWith('project-');
  if (
    projectScoped &&
    target &&
    !roles.includes('admin') &&
    target.projectId !== ctx.auth.projectId
  )
    throw policyError(policy.rule);
}
