import type { Random } from '../random/prng.js';
import type { Auth } from '../service/contract.js';
import type { NetworkEffects } from './effects.js';
import { NeutronError } from './errors.js';
import type { NetworkDb, NetworkRow, Standard } from './records.js';

/** What a Neutron handler gets: the DB, the caller, the request, and the cloud's clock and PRNG. */
export interface NetworkContext {
  readonly db: NetworkDb;
  readonly auth: Auth;
  readonly isAdmin: boolean;
  readonly now: number;
  readonly random: Random;
  readonly method: string;
  readonly body: unknown;
  readonly query: ReadonlyMap<string, readonly string[]>;
  /** Path segments after the collection: id, then action. */
  readonly id: string | undefined;
  readonly action: string | undefined;
  readonly effects: NetworkEffects;
}

export type Doc = Record<string, unknown>;

export interface HandlerResult {
  readonly status: number;
  readonly body: unknown;
}

/** Neutron's ADMIN_OR_PROJECT_* check on a row: admin, or the row's own project. */
export function owns(ctx: NetworkContext, row: Pick<Standard, 'projectId'>): boolean {
  return ctx.isAdmin || row.projectId === ctx.auth.projectId;
}

/** Networks a project may see: its own, shared and external ones (get_network policy). */
export function canSeeNetwork(ctx: NetworkContext, row: NetworkRow): boolean {
  return owns(ctx, row) || row.shared || row.external;
}

/**
 * The resource member of a body (`{ network: {...} }` → the object), or Neutron's 400.
 *
 * @example
 * const attrs = member(ctx, 'network');
 */
export function member(ctx: NetworkContext, name: string): Record<string, unknown> {
  const body = ctx.body;
  if (body === undefined || body === null || body === '') {
    throw NeutronError.badRequest('HTTPBadRequest', 'Resource body required');
  }
  if (typeof body !== 'object' || Array.isArray(body)) {
    throw NeutronError.badRequest('HTTPBadRequest', 'Body contains invalid data');
  }
  const value = (body as Record<string, unknown>)[name];
  if (value === undefined) {
    throw NeutronError.badRequest('HTTPBadRequest', `Unable to find '${name}' in request body`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw NeutronError.badRequest('HTTPBadRequest', `Unable to find '${name}' in request body`);
  }
  return value as Record<string, unknown>;
}

/** Rejects attributes the resource does not have, as Neutron's attribute check does. */
export function onlyKnown(attrs: Record<string, unknown>, known: readonly string[]): void {
  const unknown = Object.keys(attrs).filter((key) => !known.includes(key));
  if (unknown.length > 0) {
    throw NeutronError.badRequest(
      'HTTPBadRequest',
      `Unrecognized attribute(s) '${unknown.join(', ')}'`,
    );
  }
}

/** Admin-only attributes: a non-admin setting one gets the policy refusal. */
export function adminOnly(
  ctx: NetworkContext,
  attrs: Record<string, unknown>,
  action: string,
  keys: readonly string[],
): void {
  if (ctx.isAdmin) return;
  for (const key of keys) {
    if (attrs[key] !== undefined) throw NeutronError.policy(`${action}:${key}`);
  }
}

/** The owner a create assigns: the caller's project, or another one an admin names. */
export function ownerOf(ctx: NetworkContext, attrs: Record<string, unknown>): string {
  const asked = (attrs.project_id ?? attrs.tenant_id) as string | undefined;
  if (asked === undefined || asked === ctx.auth.projectId) return ctx.auth.projectId;
  if (!ctx.isAdmin) {
    throw NeutronError.badRequest(
      'HTTPBadRequest',
      "Specifying 'project_id' or 'tenant_id' other than the authenticated project in request requires admin privileges",
    );
  }
  return asked;
}

/** The standard attributes of a new row. */
export function stamp(ctx: NetworkContext, id: string, projectId: string, description: unknown) {
  return {
    id,
    projectId,
    description: typeof description === 'string' ? description : '',
    createdAt: ctx.now,
    updatedAt: ctx.now,
    revision: 1,
  };
}

/** A row changed by an update: new revision and update time. */
export function touch(ctx: NetworkContext, row: Standard): void {
  row.updatedAt = ctx.now;
  row.revision += 1;
}
