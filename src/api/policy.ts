import { NovaError } from '../errors/nova-error.js';
import type { ApiContext, PolicyDefault, RoutePolicy } from './context.js';
import { POLICY_DEFAULTS, type PolicyRule } from './policy-rules.js';

/** Nova's policy failure: 403 naming the rule. */
export function policyError(rule: string): NovaError {
  return NovaError.forbidden(`Policy doesn't allow ${rule} to be performed.`);
}

/** The resource a rule is checked against; Nova's default target is the caller's own. */
export interface PolicyTarget {
  readonly projectId: string;
  readonly userId?: string;
}

/** Which roles satisfy each role-based persona (Keystone's implied roles included). */
const ROLES: Readonly<Partial<Record<PolicyDefault, readonly string[]>>> = {
  admin: ['admin'],
  'project-manager-or-admin': ['admin', 'manager'],
  'project-member-or-admin': ['admin', 'manager', 'member'],
  'project-reader-or-admin': ['admin', 'manager', 'member', 'reader'],
  'service-or-admin': ['admin', 'service'],
};

/** Whether `roles` holds one of `wanted`: a loop, not a closure made on every check. */
function hasAnyRole(wanted: readonly string[] | undefined, roles: readonly string[]): boolean {
  if (wanted === undefined) return false;
  for (let i = 0; i < wanted.length; i++) if (roles.includes(wanted[i]!)) return true;
  return false;
}

function allows(persona: PolicyDefault, ctx: ApiContext, target: PolicyTarget | undefined) {
  const roles = ctx.auth.roles;
  const admin = roles.includes('admin');
  if (persona === 'any') return true;
  if (persona === 'nobody') return false;
  if (persona === 'admin-or-user')
    return admin || (target?.userId ?? ctx.auth.userId) === ctx.auth.userId;
  if (!hasAnyRole(ROLES[persona], roles)) return false;
  // The project personas also match the target's project_id; context_is_admin does not.
  return (
    !persona.startsWith('project-') ||
    admin ||
    target === undefined ||
    target.projectId === ctx.auth.projectId
  );
}

/** The persona in force for a rule: the cloud's `policy` override, else Nova's default. */
export function personaFor(ctx: ApiContext, rule: string, fallback: PolicyDefault): PolicyDefault {
  const overrides: Readonly<Record<string, PolicyDefault | undefined>> | undefined =
    ctx.cloud.config.policy;
  return (overrides && Object.hasOwn(overrides, rule) ? overrides[rule] : undefined) ?? fallback;
}

/**
 * Nova's `context.can(rule, target)`: throws its 403 unless the caller's roles satisfy the
 * rule's persona (the cloud's `policy` override, else Nova master's default) and, for the
 * project personas, the target is the caller's project (an admin passes either way). Call
 * it where Nova's handler does (after schema validation, after the lookup that finds the
 * target), so errors come in Nova's order.
 *
 * @example
 * authorize(ctx, 'os_compute_api:os-aggregates:create');
 * authorize(ctx, 'os_compute_api:server-metadata:index', { projectId: server.projectId });
 */
export function authorize(
  ctx: ApiContext,
  policy: PolicyRule | RoutePolicy,
  target?: PolicyTarget,
): void {
  const rule = typeof policy === 'string' ? policy : policy.rule;
  const fallback = typeof policy === 'string' ? POLICY_DEFAULTS[policy] : policy.default;
  if (!allows(personaFor(ctx, rule, fallback), ctx, target)) throw policyError(rule);
}

/** Whether the caller passes a rule (Nova's `context.can(..., fatal=False)`). */
export function permitted(ctx: ApiContext, rule: PolicyRule, target?: PolicyTarget): boolean {
  return allows(personaFor(ctx, rule, POLICY_DEFAULTS[rule]), ctx, target);
}

/** Throws Nova's 403 unless the caller passes an admin-only rule (or its override). */
export function requireAdmin(ctx: ApiContext, rule: PolicyRule): void {
  authorize(ctx, rule);
}
