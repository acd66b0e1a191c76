import type { Schema } from '../../api/validation/validate.js';
import { validateBody } from '../../api/validation/validate.js';
import type { VolumeContext, VolumeResult, VolumeRoute } from '../context.js';
import { CinderError } from '../errors.js';
import { authorize } from '../policy.js';
import type { VolumeRecord } from '../records.js';
import { getVolume } from '../volume-ops.js';
import { asObject, callerOf } from './common.js';

// /volumes/{id}/metadata (cinder/api/v2/volume_metadata.py and its v3 subclass), which
// `openstack volume set --property` and Tempest's VolumesMetadataTest use. Metadata is a
// user table of string keys and values; the maintenance and uploading statuses refuse
// writes (volume.API._update_volume_metadata, delete_volume_metadata).

const ITEMS: Schema = {
  type: 'object',
  patternProperties: { '^[a-zA-Z0-9-_:. /]{1,255}$': { type: 'string', maxLength: 255 } },
  additionalProperties: false,
};

/** cinder/api/schemas/volume_metadata.py: create (also update_all). */
const createSchema: Schema = {
  type: 'object',
  properties: { metadata: ITEMS },
  required: ['metadata'],
  additionalProperties: false,
};

/** cinder/api/schemas/volume_metadata.py: update (one item). */
const updateSchema: Schema = {
  type: 'object',
  properties: { meta: { ...ITEMS, minProperties: 1, maxProperties: 1 } },
  required: ['meta'],
  additionalProperties: false,
};

function volumeOf(ctx: VolumeContext): VolumeRecord {
  return getVolume(ctx.core, callerOf(ctx), ctx.params.id!);
}

function writable(volume: VolumeRecord, verb: 'Updating' | 'Deleting'): void {
  if (volume.status === 'maintenance' || volume.status === 'uploading') {
    throw CinderError.badRequest(
      `Invalid volume: ${verb} volume metadata is not allowed for volumes in ${volume.status} status.`,
    );
  }
}

function notFoundKey(volume: VolumeRecord, key: string): CinderError {
  return CinderError.notFound(`Volume ${volume.id} has no metadata with key ${key}.`);
}

function write(
  ctx: VolumeContext,
  volume: VolumeRecord,
  items: Record<string, string>,
  replace: boolean,
) {
  writable(volume, 'Updating');
  volume.metadata = replace ? { ...items } : { ...volume.metadata, ...items };
  volume.updatedAt = ctx.core.now();
  return { ...volume.metadata };
}

function index(ctx: VolumeContext): VolumeResult {
  const volume = volumeOf(ctx);
  authorize(ctx, 'volume:get_volume_metadata', 'reader');
  return { status: 200, body: { metadata: { ...volume.metadata } } };
}

/** POST: merges the keys in. */
function create(ctx: VolumeContext): VolumeResult {
  validateBody(createSchema, ctx.body);
  const volume = volumeOf(ctx);
  authorize(ctx, 'volume:create_volume_metadata', 'member');
  const items = asObject(asObject(ctx.body).metadata) as Record<string, string>;
  return { status: 200, body: { metadata: write(ctx, volume, items, false) } };
}

/** PUT on the collection: the metadata becomes the body's (delete=True). */
function updateAll(ctx: VolumeContext): VolumeResult {
  validateBody(createSchema, ctx.body);
  const volume = volumeOf(ctx);
  authorize(ctx, 'volume:update_volume_metadata', 'member');
  const items = asObject(asObject(ctx.body).metadata) as Record<string, string>;
  return { status: 200, body: { metadata: write(ctx, volume, items, true) } };
}

/** PUT on a key: the body names that key and only it. */
function updateItem(ctx: VolumeContext): VolumeResult {
  validateBody(updateSchema, ctx.body);
  const item = asObject(asObject(ctx.body).meta) as Record<string, string>;
  const key = ctx.params.key!;
  if (!Object.hasOwn(item, key)) throw CinderError.badRequest('Request body and URI mismatch');
  if (Object.keys(item).length > 1) {
    throw CinderError.badRequest('Request body contains too many items');
  }
  const volume = volumeOf(ctx);
  authorize(ctx, 'volume:update_volume_metadata', 'member');
  write(ctx, volume, item, false);
  return { status: 200, body: { meta: { ...item } } };
}

function showItem(ctx: VolumeContext): VolumeResult {
  const volume = volumeOf(ctx);
  authorize(ctx, 'volume:get_volume_metadata', 'reader');
  const key = ctx.params.key!;
  if (!Object.hasOwn(volume.metadata, key)) throw notFoundKey(volume, key);
  return { status: 200, body: { meta: { [key]: volume.metadata[key] } } };
}

function deleteItem(ctx: VolumeContext): VolumeResult {
  const volume = volumeOf(ctx);
  authorize(ctx, 'volume:get_volume_metadata', 'reader');
  const key = ctx.params.key!;
  if (!Object.hasOwn(volume.metadata, key)) throw notFoundKey(volume, key);
  authorize(ctx, 'volume:delete_volume_metadata', 'member');
  writable(volume, 'Deleting');
  const { [key]: _dropped, ...rest } = volume.metadata;
  volume.metadata = rest;
  volume.updatedAt = ctx.core.now();
  return { status: 200 };
}

export const VOLUME_METADATA_ROUTES: readonly VolumeRoute[] = [
  { method: 'GET', path: '/volumes/{id}/metadata', handler: index },
  { method: 'POST', path: '/volumes/{id}/metadata', handler: create },
  { method: 'PUT', path: '/volumes/{id}/metadata', handler: updateAll },
  { method: 'GET', path: '/volumes/{id}/metadata/{key}', handler: showItem },
  { method: 'PUT', path: '/volumes/{id}/metadata/{key}', handler: updateItem },
  { method: 'DELETE', path: '/volumes/{id}/metadata/{key}', handler: deleteItem },
];
