import type { IdentityEvent } from '../events.js';
import type { Random } from '../random/prng.js';
import type { Auth, ServiceResponse } from '../service/contract.js';
import { errors } from './errors.js';
import type { IdentityRecords, ProjectRecord, RoleRecord, UserRecord } from './records.js';

/** Everything a Keystone handler sees of one request. */
export interface IdentityContext {
  readonly records: IdentityRecords;
  readonly random: () => Random;
  /** Reports a change to the cloud's events. */
  readonly emit: (kind: IdentityEvent['kind'], action: IdentityEvent['action'], id: string) => void;
  readonly auth: Auth;
  /** Keystone's `admin_required`: the admin role on the token's scope. */
  readonly isAdmin: boolean;
  /** Link base: the identity endpoint, or '' in-process. */
  readonly base: string;
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  /** The parsed JSON body; `{}` when there was none, as Keystone reads it. */
  readonly body: unknown;
}

export type IdentityHandler = (ctx: IdentityContext) => ServiceResponse;

export interface IdentityRoute {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** e.g. `/v3/projects/{project_id}` */
  readonly path: string;
  readonly handler: IdentityHandler;
}

export function ok(status: number, body: unknown = null): ServiceResponse {
  return { status, headers: {}, body };
}

/** Throws Keystone's ForbiddenAction unless the caller is an admin. */
export function requireAdmin(ctx: IdentityContext, action: string): void {
  if (!ctx.isAdmin) throw errors.forbidden(action);
}

export function projectOr404(ctx: IdentityContext, id: string): ProjectRecord {
  const project = ctx.records.projects.get(id);
  if (!project) throw errors.notFound('project', id);
  return project;
}

export function userOr404(ctx: IdentityContext, id: string): UserRecord {
  const user = ctx.records.users.get(id);
  if (!user) throw errors.notFound('user', id);
  return user;
}

export function roleOr404(ctx: IdentityContext, id: string): RoleRecord {
  const role = ctx.records.roles.get(id);
  if (!role) throw errors.notFound('role', id);
  return role;
}

/** Keystone's query truth (`query_filter_is_true`): present and not `0`/`false`. */
export function queryIsTrue(query: URLSearchParams, name: string): boolean {
  if (!query.has(name)) return false;
  const value = (query.get(name) ?? '').toLowerCase();
  return value !== '0' && value !== 'false';
}

/** Rows that match the `name` and `enabled` filters of a list request. */
export function filterRows<T extends { name: string; enabled?: boolean }>(
  rows: Iterable<T>,
  query: URLSearchParams,
): T[] {
  const name = query.get('name');
  const enabled = query.get('enabled');
  return [...rows].filter(
    (row) =>
      (name === null || row.name === name) &&
      (enabled === null || row.enabled === undefined || row.enabled === isTruthy(enabled)),
  );
}

function isTruthy(text: string): boolean {
  return !['0', 'false', 'f', 'n', 'no', 'off'].includes(text.toLowerCase());
}

/** The body as an object with `key`, after schema validation has checked it. */
export function member(body: unknown, key: string): Record<string, unknown> {
  return (body as Record<string, Record<string, unknown>>)[key]!;
}
