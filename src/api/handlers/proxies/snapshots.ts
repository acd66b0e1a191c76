import { NovaError } from '../../../errors/nova-error.js';
import type { ApiContext, HandlerResult, Route, RoutePolicy } from '../../context.js';
import { authorize } from '../../policy.js';
import { BOOLEAN } from '../../validation/schemas/parameter-types.js';
import { type Schema, validateBody } from '../../validation/validate.js';
import { checkQuery, limitAndOffset, parseBool } from '../catalog/query-params.js';
import { objectBody } from '../server-lookup.js';
import { LAST_PROXY_VERSION } from './gates.js';
import { cinder, cinderPrinted } from './neighbours.js';
import { PAGE_QUERY } from './volumes.js';

// os-snapshots (api/openstack/compute/snapshots.py): Cinder's snapshots up to 2.35.

type Json = Record<string, unknown>;

const rule = (name: string, reader = false): RoutePolicy => ({
  rule: `os_compute_api:os-volumes:snapshots:${name}`,
  default: reader ? 'project-reader-or-admin' : 'project-member-or-admin',
});
const POLICY = {
  list: rule('list', true),
  detail: rule('detail', true),
  show: rule('show', true),
  create: rule('create'),
  delete: rule('delete'),
};

const CREATE: Schema = {
  type: 'object',
  properties: {
    snapshot: {
      type: 'object',
      properties: {
        volume_id: { type: 'string' },
        force: BOOLEAN,
        display_name: { type: 'string' },
        display_description: { type: 'string' },
      },
      required: ['volume_id'],
      additionalProperties: false,
    },
  },
  required: ['snapshot'],
  additionalProperties: false,
};

/** `_translate_snapshot_summary_view`: the snapshot's size is shown as its volume's. */
export function snapshotView(snapshot: Json): Json {
  return {
    id: snapshot.id,
    volumeId: snapshot.volume_id,
    status: snapshot.status,
    size: snapshot.size,
    createdAt: snapshot.created_at,
    displayName: snapshot.name ?? null,
    displayDescription: snapshot.description ?? null,
  };
}

function notFound(id: string): NovaError {
  return NovaError.notFound(`Snapshot ${id} could not be found.`);
}

function list(ctx: ApiContext, policy: RoutePolicy): HandlerResult {
  checkQuery(ctx, PAGE_QUERY, false);
  authorize(ctx, policy, { projectId: ctx.auth.projectId });
  const snapshots = (cinder(ctx, 'GET', '/snapshots/detail').body?.snapshots ?? []) as Json[];
  const { limit, offset } = limitAndOffset(ctx);
  return {
    status: 200,
    body: { snapshots: snapshots.slice(offset, offset + limit).map(snapshotView) },
  };
}

function show(ctx: ApiContext): HandlerResult {
  authorize(ctx, POLICY.show, { projectId: ctx.auth.projectId });
  const id = ctx.params.id!;
  const reply = cinder(ctx, 'GET', `/snapshots/${encodeURIComponent(id)}`);
  if (reply.status !== 200) throw notFound(id);
  return { status: 200, body: { snapshot: snapshotView(reply.body.snapshot) } };
}

function remove(ctx: ApiContext): HandlerResult {
  authorize(ctx, POLICY.delete, { projectId: ctx.auth.projectId });
  const id = ctx.params.id!;
  const reply = cinder(ctx, 'DELETE', `/snapshots/${encodeURIComponent(id)}`);
  if (reply.status === 404) throw notFound(id);
  if (reply.status >= 400)
    throw NovaError.badRequest(`Invalid input received: ${cinderPrinted(reply)}`);
  return { status: 202 };
}

/**
 * Creates through Cinder (`force` as strict oslo boolean). Nova's controller expects only
 * Cinder's over-quota (403); its other refusals escape as 500s there, so they keep their
 * codes here: the volume's 404 and Cinder's 400.
 */
function create(ctx: ApiContext): HandlerResult {
  validateBody(CREATE, objectBody(ctx));
  authorize(ctx, POLICY.create, { projectId: ctx.auth.projectId });
  const spec = (ctx.body as { snapshot: Json }).snapshot;
  const volumeId = String(spec.volume_id);
  const force = spec.force === undefined ? false : (parseBool(String(spec.force)) ?? false);
  const reply = cinder(ctx, 'POST', '/snapshots', {
    snapshot: {
      volume_id: volumeId,
      force,
      name: spec.display_name ?? null,
      description: spec.display_description ?? null,
    },
  });
  if (reply.status === 404) throw NovaError.notFound(`Volume ${volumeId} could not be found.`);
  if (reply.status === 413) throw NovaError.forbidden('Quota exceeded for resources: snapshots');
  if (reply.status >= 400) {
    throw NovaError.badRequest(`Invalid input received: ${cinderPrinted(reply)}`);
  }
  return { status: 200, body: { snapshot: snapshotView(reply.body.snapshot) } };
}

const gated = (method: Route['method'], path: string, handler: Route['handler']): Route => ({
  method,
  path,
  handler,
  maxVersion: LAST_PROXY_VERSION,
});

/** The volume snapshot proxies, 404 from 2.36. */
export const snapshotRoutes: readonly Route[] = [
  gated('GET', '/os-snapshots', (ctx) => list(ctx, POLICY.list)),
  gated('GET', '/os-snapshots/detail', (ctx) => list(ctx, POLICY.detail)),
  gated('POST', '/os-snapshots', create),
  gated('GET', '/os-snapshots/{id}', show),
  gated('DELETE', '/os-snapshots/{id}', remove),
];
