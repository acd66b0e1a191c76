import type { ServiceResponse } from '../../service/contract.js';
import { canDownload, enforceOwner, isAdmin } from '../access.js';
import { badRequest, forbidden, GlanceError, policyForbidden } from '../errors.js';
import { type GlanceContext, type GlanceRoute, noContent } from './context.js';

const OCTET_STREAM = 'application/octet-stream';

/** The request's bytes: a Uint8Array from the HTTP layer, or text given in-process. */
function bytesOf(ctx: GlanceContext): Uint8Array {
  const type = (ctx.headers['content-type'] ?? OCTET_STREAM).split(';')[0]!.trim().toLowerCase();
  if (type !== OCTET_STREAM) {
    throw new GlanceError(
      415,
      `The request media type ${type} is not supported by this server.\n\nUnsupported Content-Type`,
    );
  }
  const body = ctx.body;
  if (body instanceof Uint8Array) return body;
  if (typeof body === 'string') return new TextEncoder().encode(body);
  if (body === undefined || body === null) return new Uint8Array(0);
  throw badRequest('Body expected in request.');
}

/** PUT /v2/images/{id}/file: saving now, active after the upload step. */
function upload(ctx: GlanceContext): ServiceResponse {
  const data = bytesOf(ctx);
  const image = ctx.store.visible(ctx.params.image_id!, ctx.auth);
  enforceOwner(image, ctx.auth, 'upload_image');
  ctx.store.upload(image, data);
  return noContent();
}

/** PUT /v2/images/{id}/stage: the bytes wait in staging for a glance-direct import. */
function stage(ctx: GlanceContext): ServiceResponse {
  const data = bytesOf(ctx);
  const image = ctx.store.visible(ctx.params.image_id!, ctx.auth);
  enforceOwner(image, ctx.auth, 'modify_image');
  ctx.store.stage(image, data);
  return noContent();
}

/** POST /v2/images/{id}/import: glance-direct only (the one method this cloud enables). */
function importImage(ctx: GlanceContext): ServiceResponse {
  const body = ctx.body;
  if (body === undefined) throw badRequest('Body expected in request.');
  const method = (body as { method?: unknown } | null)?.method;
  if (method === undefined || method === null || typeof method !== 'object')
    throw badRequest("Import request requires a 'method' field.");
  const name = (method as { name?: unknown }).name;
  if (name === undefined) throw badRequest("Import request requires a 'name' field.");
  if (name !== 'glance-direct') throw badRequest(`Unknown import method name '${String(name)}'.`);
  const image = ctx.store.visible(ctx.params.image_id!, ctx.auth);
  enforceOwner(image, ctx.auth, 'modify_image');
  ctx.store.import(image);
  return { status: 202, headers: {}, body: null };
}

/** GET /v2/images/{id}/file: the bytes; 204 while there are none; 403 when deactivated. */
function download(ctx: GlanceContext): ServiceResponse {
  const image = ctx.store.visible(ctx.params.image_id!, ctx.auth);
  if (image.status === 'deactivated' && !isAdmin(ctx.auth))
    throw forbidden('The requested image has been deactivated. Image data download is forbidden.');
  if (!canDownload(image, ctx.auth)) throw policyForbidden('download_image');
  // No data in the store (queued, or seeded and Nova-snapshot images, which keep no bytes):
  // glance_store's NotFound, which Glance answers with 204.
  if (image.data === null) return noContent();
  const bytes = new Uint8Array(Buffer.from(image.data, 'base64'));
  return {
    status: 200,
    headers: {
      'content-type': OCTET_STREAM,
      'content-md5': image.checksum ?? '',
      'content-length': String(bytes.length),
    },
    body: bytes,
  };
}

export const dataRoutes: readonly GlanceRoute[] = [
  { method: 'PUT', path: '/v2/images/{image_id}/file', handler: upload, binary: true },
  { method: 'GET', path: '/v2/images/{image_id}/file', handler: download },
  { method: 'PUT', path: '/v2/images/{image_id}/stage', handler: stage, binary: true },
  { method: 'POST', path: '/v2/images/{image_id}/import', handler: importImage },
];
