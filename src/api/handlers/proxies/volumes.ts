import { NovaError } from '../../../errors/nova-error.js';
import type { ApiContext, HandlerResult, Route, RoutePolicy } from '../../context.js';
import { authorize } from '../../policy.js';
import { type Schema, validateBody } from '../../validation/validate.js';
import { checkQuery, limitAndOffset, MULTI_INT } from '../catalog/query-params.js';
import { objectBody } from '../server-lookup.js';
import { LAST_PROXY_VERSION } from './gates.js';
import { cinder, cinderMessage, cinderPrinted, type Reply } from './neighbours.js';

// os-volumes (api/openstack/compute/volumes.py): Cinder's volumes up to 2.35, through
// nova/volume/cinder.py and its exception translation.

type Json = Record<string, unknown>;

const rule = (name: string, reader = false): RoutePolicy => ({
  rule: `os_compute_api:os-volumes:${name}`,
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
    volume: {
      type: 'object',
      properties: {
        volume_type: { type: 'string' },
        metadata: { type: 'object', properties: {}, additionalProperties: true },
        snapshot_id: { type: 'string' },
        size: { type: ['integer', 'string'], pattern: '^[0-9]+$', minimum: 1 },
        availability_zone: { type: 'string' },
        display_name: { type: 'string' },
        display_description: { type: 'string' },
      },
      required: ['size'],
      additionalProperties: false,
    },
  },
  required: ['volume'],
  additionalProperties: false,
};

/** The index and detail query: `limit` and `offset` as non-negative integers, others pass. */
export const PAGE_QUERY = { limit: MULTI_INT, offset: MULTI_INT };

/**
 * `_translate_volume_summary_view` over cinder.py's `_untranslate_volume_summary_view`: the
 * first attachment by server, the type by name, Cinder's created_at as it came.
 */
export function volumeView(volume: Json): Json {
  const attached = ((volume.attachments as Json[] | undefined) ?? [])[0];
  let attachment: Json = {};
  if (attached) {
    attachment = { id: volume.id, volumeId: volume.id, serverId: attached.server_id };
    if (attached.device) attachment.device = attached.device;
  }
  const metadata = volume.metadata as Json | undefined;
  return {
    id: volume.id,
    status: volume.status,
    size: volume.size,
    availabilityZone: volume.availability_zone,
    createdAt: volume.created_at,
    attachments: [attachment],
    displayName: volume.name ?? null,
    displayDescription: volume.description ?? null,
    volumeType: volume.volume_type ?? null,
    snapshotId: volume.snapshot_id ?? null,
    metadata: metadata && Object.keys(metadata).length > 0 ? metadata : {},
  };
}

/** `translate_volume_exception`: Cinder's 404 is `Volume <id> could not be found.` */
function volumeFailure(reply: Reply, id: string): NovaError {
  if (reply.status === 404) return NovaError.notFound(`Volume ${id} could not be found.`);
  if (reply.status === 413) return NovaError.forbidden(cinderMessage(reply));
  if (reply.status === 403) return NovaError.forbidden(cinderPrinted(reply));
  return NovaError.badRequest(`Invalid input received: ${cinderPrinted(reply)}`);
}

function list(ctx: ApiContext, policy: RoutePolicy): HandlerResult {
  checkQuery(ctx, PAGE_QUERY, false);
  authorize(ctx, policy, { projectId: ctx.auth.projectId });
  const volumes = (cinder(ctx, 'GET', '/volumes/detail').body?.volumes ?? []) as Json[];
  const { limit, offset } = limitAndOffset(ctx);
  return { status: 200, body: { volumes: volumes.slice(offset, offset + limit).map(volumeView) } };
}

function show(ctx: ApiContext): HandlerResult {
  authorize(ctx, POLICY.show, { projectId: ctx.auth.projectId });
  const id = ctx.params.id!;
  const reply = cinder(ctx, 'GET', `/volumes/${encodeURIComponent(id)}`);
  if (reply.status !== 200) throw volumeFailure(reply, id);
  return { status: 200, body: { volume: volumeView(reply.body.volume) } };
}

function remove(ctx: ApiContext): HandlerResult {
  authorize(ctx, POLICY.delete, { projectId: ctx.auth.projectId });
  const id = ctx.params.id!;
  const reply = cinder(ctx, 'DELETE', `/volumes/${encodeURIComponent(id)}`);
  if (reply.status >= 400) throw volumeFailure(reply, id);
  return { status: 202 };
}

function create(ctx: ApiContext): HandlerResult {
  validateBody(CREATE, objectBody(ctx));
  authorize(ctx, POLICY.create, { projectId: ctx.auth.projectId });
  const spec = (ctx.body as { volume: Json }).volume;
  const snapshotId = spec.snapshot_id as string | undefined;
  let size = spec.size ?? null;
  if (snapshotId !== undefined) {
    const reply = cinder(ctx, 'GET', `/snapshots/${encodeURIComponent(snapshotId)}`);
    if (reply.status !== 200) {
      throw NovaError.notFound(`Snapshot ${snapshotId} could not be found.`);
    }
    size ??= reply.body.snapshot.size;
  }
  const body: Json = {
    size,
    name: spec.display_name ?? null,
    description: spec.display_description ?? null,
    metadata: spec.metadata ?? {},
    ...(snapshotId === undefined ? {} : { snapshot_id: snapshotId }),
    ...(spec.volume_type === undefined ? {} : { volume_type: spec.volume_type }),
    ...(spec.availability_zone === undefined ? {} : { availability_zone: spec.availability_zone }),
  };
  const reply = cinder(ctx, 'POST', '/volumes', { volume: body });
  if (reply.status >= 400) {
    // translate_create_exception: Cinder's 404 (an unknown type) keeps Cinder's words.
    if (reply.status === 404) throw NovaError.notFound(cinderMessage(reply));
    throw volumeFailure(reply, '');
  }
  const volume = reply.body.volume as Json;
  return {
    status: 200,
    body: { volume: volumeView(volume) },
    headers: { location: ctx.links.self(`os-volumes/${String(volume.id)}`) },
  };
}

const gated = (method: Route['method'], path: string, handler: Route['handler']): Route => ({
  method,
  path,
  handler,
  maxVersion: LAST_PROXY_VERSION,
});

/** The volume proxies, 404 from 2.36. */
export const volumeRoutes: readonly Route[] = [
  gated('GET', '/os-volumes', (ctx) => list(ctx, POLICY.list)),
  gated('GET', '/os-volumes/detail', (ctx) => list(ctx, POLICY.detail)),
  gated('POST', '/os-volumes', create),
  gated('GET', '/os-volumes/{id}', show),
  gated('DELETE', '/os-volumes/{id}', remove),
];
