import type { Keypair } from '../../../catalog/catalog.js';
import { NovaError } from '../../../errors/nova-error.js';
import type { ApiContext, HandlerResult, Route } from '../../context.js';
import { authorize } from '../../policy.js';
import { pythonRepr } from '../../validation/python-repr.js';
import { type Schema, validateBody } from '../../validation/validate.js';
import { NAME } from './body-checks.js';
import { generateKeypair, sshFingerprint, x509Fingerprint } from './keypair-crypto.js';
import {
  checkQuery,
  limitAndMarker,
  MULTI_STRING,
  PAGINATION,
  type QuerySchema,
} from './query-params.js';
import { effectiveQuotas } from './quota-store.js';
import { collectionLinks, perfectTime } from './view-helpers.js';

function createSchema(version: ApiContext['version']): Schema {
  const properties: Record<string, unknown> = { name: NAME, public_key: { type: 'string' } };
  if (version.atLeast('2.2')) properties.type = { type: 'string', enum: ['ssh', 'x509'] };
  if (version.atLeast('2.10')) properties.user_id = { type: 'string' };
  return {
    type: 'object',
    properties: {
      keypair: {
        type: 'object',
        properties,
        required: version.atLeast('2.92') ? ['name', 'public_key'] : ['name'],
        additionalProperties: false,
      },
    },
    required: ['keypair'],
    additionalProperties: false,
  };
}

const SCHEMAS = new Map<string, Schema>();
function schemaFor(version: ApiContext['version']): Schema {
  const key = version.atLeast('2.92')
    ? '2.92'
    : version.atLeast('2.10')
      ? '2.10'
      : version.atLeast('2.2')
        ? '2.2'
        : '2.1';
  let schema = SCHEMAS.get(key);
  if (!schema) SCHEMAS.set(key, (schema = createSchema(version)));
  return schema;
}

/** Nova master's name patterns (parameter_types.keypair_name_special_chars[_v292]). */
const NAME_PATTERN = { v20: /^[_\- a-zA-Z0-9]+$/, v292: /^[_\-@. a-zA-Z0-9]+$/ } as const;
/** The same patterns as Python's repr prints them in jsonschema's message. */
const NAME_PATTERN_REPR = {
  v20: "'^[_\\\\- a-zA-Z0-9]+$'",
  v292: "'^[_\\\\-\\\\@\\\\. a-zA-Z0-9]+$'",
} as const;

/**
 * Nova master checks the name in the schema (commit 33cf8fef38): the pattern sits under
 * `properties`, which jsonschema walks before `required`, so a bad name is reported even
 * when `public_key` is missing, and before the policy. Names that fail the plain `name`
 * format or the lengths are left to the schema, which reports those first.
 */
function checkName(ctx: ApiContext): void {
  const body = ctx.body as { keypair?: { name?: unknown } } | null;
  const name = body !== null && typeof body === 'object' ? body.keypair?.name : undefined;
  if (typeof name !== 'string' || name.length < 1 || name.length > 255) return;
  if (name.trim() !== name || !/^[\P{C}]*$/u.test(name)) return;
  const key = ctx.version.atLeast('2.92') ? 'v292' : 'v20';
  if (NAME_PATTERN[key].test(name)) return;
  throw NovaError.badRequest(
    `Invalid input for field/attribute name. Value: ${name}. ${pythonRepr(name)} does not match ${NAME_PATTERN_REPR[key]}`,
  );
}

/** The user a request acts for: `user_id` (2.10+, first value) or the caller; others need admin. */
function targetUser(
  ctx: ApiContext,
  action: 'index' | 'create' | 'show' | 'delete',
  given: string | undefined,
): string {
  const userId = given || ctx.auth.userId;
  authorize(ctx, `os_compute_api:os-keypairs:${action}`, { projectId: ctx.auth.projectId, userId });
  return userId;
}

function queryUser(ctx: ApiContext): string | undefined {
  return ctx.version.atLeast('2.10') ? ctx.query.getAll('user_id')[0] : undefined;
}

function querySchema(ctx: ApiContext, paged: boolean): QuerySchema {
  if (ctx.version.below('2.10')) return {};
  return paged && ctx.version.atLeast('2.35')
    ? { ...PAGINATION, user_id: MULTI_STRING }
    : { user_id: MULTI_STRING };
}

function findKeypair(ctx: ApiContext, userId: string, name: string): Keypair {
  const keypair = ctx.cloud.catalog.keypair(userId, name);
  if (!keypair) throw NovaError.notFound(`Keypair ${name} not found for user ${userId}`);
  return keypair;
}

/**
 * POST /os-keypairs: imports `public_key`, or (before 2.92) generates a pair and returns the
 * private key once. Order as in Nova: schema, policy, key_pairs quota, fingerprint, then
 * the duplicate-name check.
 */
function createKeypair(ctx: ApiContext): HandlerResult {
  if (ctx.body !== null && typeof ctx.body === 'object' && !Array.isArray(ctx.body)) checkName(ctx);
  validateBody(schemaFor(ctx.version), ctx.body);
  const input = (ctx.body as { keypair: Record<string, string | undefined> }).keypair;
  const name = input.name!;
  const type = (input.type ?? 'ssh') as Keypair['type'];
  const userId = targetUser(ctx, 'create', input.user_id);

  const catalog = ctx.cloud.catalog;
  const limit = effectiveQuotas(ctx.cloud, ctx.auth.projectId, ctx.auth.userId).keyPairs;
  const owned = [...catalog.keypairs.values()].filter((k) => k.userId === userId).length;
  if (limit >= 0 && owned + 1 > limit)
    throw NovaError.forbidden('Quota exceeded, too many key pairs.');

  let publicKey: string;
  let fingerprint: string;
  let privateKey: string | undefined;
  if (input.public_key !== undefined) {
    publicKey = input.public_key;
    fingerprint = type === 'x509' ? x509Fingerprint(publicKey) : sshFingerprint(publicKey);
  } else {
    const generated = generateKeypair(ctx.cloud.random, type);
    ({ publicKey, fingerprint, privateKey } = generated);
  }
  if (catalog.keypair(userId, name)) throw NovaError.conflict(`Key pair '${name}' already exists.`);
  catalog.addKeypair({
    name,
    userId,
    type,
    publicKey,
    fingerprint,
    createdAt: ctx.cloud.clock.now(),
  });

  const body: Record<string, unknown> = {
    name,
    public_key: publicKey,
    fingerprint,
    user_id: userId,
  };
  if (privateKey !== undefined) body.private_key = privateKey;
  if (ctx.version.atLeast('2.2')) body.type = type;
  return { status: ctx.version.atLeast('2.2') ? 201 : 200, body: { keypair: body } };
}

function listKeypairs(ctx: ApiContext): HandlerResult {
  checkQuery(ctx, querySchema(ctx, true), ctx.version.atLeast('2.75'));
  const userId = targetUser(ctx, 'index', queryUser(ctx));
  const paged = ctx.version.atLeast('2.35');
  let keypairs = [...ctx.cloud.catalog.keypairs.values()]
    .filter((k) => k.userId === userId)
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  if (paged) {
    const { limit, marker } = limitAndMarker(ctx);
    if (marker !== undefined) {
      if (!keypairs.some((k) => k.name === marker)) {
        throw NovaError.badRequest(`Marker ${marker} could not be found.`);
      }
      keypairs = keypairs.filter((k) => k.name > marker);
    }
    keypairs = keypairs.slice(0, limit);
  }
  const withType = ctx.version.atLeast('2.2');
  const body: Record<string, unknown> = {
    keypairs: keypairs.map((k) => ({
      keypair: {
        name: k.name,
        public_key: k.publicKey,
        fingerprint: k.fingerprint,
        ...(withType ? { type: k.type } : {}),
      },
    })),
  };
  if (paged) {
    const links = collectionLinks(ctx, 'os-keypairs', keypairs.length, keypairs.at(-1)?.name);
    if (links.length > 0) body.keypairs_links = links;
  }
  return { status: 200, body };
}

function showKeypair(ctx: ApiContext): HandlerResult {
  checkQuery(ctx, querySchema(ctx, false), ctx.version.atLeast('2.75'));
  const userId = targetUser(ctx, 'show', queryUser(ctx));
  const k = findKeypair(ctx, userId, ctx.params.keypair_name!);
  const body: Record<string, unknown> = {
    name: k.name,
    public_key: k.publicKey,
    fingerprint: k.fingerprint,
    user_id: k.userId,
    created_at: perfectTime(k.createdAt),
    updated_at: null,
    deleted_at: null,
    deleted: false,
    id: k.id,
  };
  if (ctx.version.atLeast('2.2')) body.type = k.type;
  return { status: 200, body: { keypair: body } };
}

function deleteKeypair(ctx: ApiContext): HandlerResult {
  checkQuery(ctx, querySchema(ctx, false), ctx.version.atLeast('2.75'));
  const userId = targetUser(ctx, 'delete', queryUser(ctx));
  const k = findKeypair(ctx, userId, ctx.params.keypair_name!);
  ctx.cloud.catalog.keypairs.delete(`${k.userId}/${k.name}`);
  return { status: ctx.version.atLeast('2.2') ? 204 : 202 };
}

/** os-keypairs: key pairs belong to a user; admins may name another with `user_id` (2.10). */
export const keypairRoutes: readonly Route[] = [
  { method: 'GET', path: '/os-keypairs', handler: listKeypairs },
  { method: 'POST', path: '/os-keypairs', handler: createKeypair },
  { method: 'GET', path: '/os-keypairs/{keypair_name}', handler: showKeypair },
  { method: 'DELETE', path: '/os-keypairs/{keypair_name}', handler: deleteKeypair },
];
