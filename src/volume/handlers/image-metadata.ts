import type { Schema } from '../../api/validation/validate.js';
import { validateBody } from '../../api/validation/validate.js';
import type { VolumeContext, VolumeResult } from '../context.js';
import { CinderError } from '../errors.js';
import { authorize } from '../policy.js';
import type { VolumeRecord } from '../records.js';
import { asObject, type Json } from './common.js';

// The volume actions of cinder/api/contrib/volume_image_metadata.py, which
// `openstack volume set --image-property` and Tempest's VolumesImageMetadata use.

const KEY_PATTERN = '^[a-zA-Z0-9-_:. /]{1,255}$';

/** cinder/api/schemas/volume_image_metadata.py: set_image_metadata. */
const setSchema: Schema = {
  type: 'object',
  properties: {
    'os-set_image_metadata': {
      type: 'object',
      properties: {
        metadata: {
          type: 'object',
          patternProperties: { [KEY_PATTERN]: { type: 'string', maxLength: 255 } },
          additionalProperties: false,
        },
      },
      required: ['metadata'],
      additionalProperties: false,
    },
  },
  required: ['os-set_image_metadata'],
  additionalProperties: false,
};

/** cinder/api/schemas/volume_image_metadata.py: unset_image_metadata. */
const unsetSchema: Schema = {
  type: 'object',
  properties: {
    'os-unset_image_metadata': {
      type: 'object',
      properties: { key: { type: 'string', minLength: 1, maxLength: 255 } },
      required: ['key'],
      additionalProperties: false,
    },
  },
  required: ['os-unset_image_metadata'],
  additionalProperties: false,
};

/** volume.API._update_volume_metadata refuses these statuses. */
function checkWritable(volume: VolumeRecord): void {
  if (volume.status === 'maintenance' || volume.status === 'uploading') {
    throw CinderError.badRequest(
      `Invalid volume: Updating volume metadata is not allowed for volumes in ${volume.status} status.`,
    );
  }
}

/** os-set_image_metadata: merges the keys in (delete=False); answers all of them. */
export function setImageMetadata(
  ctx: VolumeContext,
  volume: VolumeRecord,
  body: Json,
): VolumeResult {
  validateBody(setSchema, body);
  authorize(ctx, 'volume_extension:volume_image_metadata:set', 'member');
  authorize(ctx, 'volume:update_volume_metadata', 'member');
  checkWritable(volume);
  const metadata = asObject(asObject(body['os-set_image_metadata']).metadata) as Record<
    string,
    string
  >;
  volume.imageMetadata = { ...(volume.imageMetadata ?? {}), ...metadata };
  volume.updatedAt = ctx.core.now();
  return { status: 200, body: { metadata: { ...volume.imageMetadata } } };
}

/** os-unset_image_metadata: one key; a key the volume lacks is GlanceMetadataNotFound. */
export function unsetImageMetadata(
  ctx: VolumeContext,
  volume: VolumeRecord,
  body: Json,
): VolumeResult {
  validateBody(unsetSchema, body);
  authorize(ctx, 'volume_extension:volume_image_metadata:remove', 'member');
  const key = String(asObject(body['os-unset_image_metadata']).key);
  const current = volume.imageMetadata ?? {};
  if (!Object.hasOwn(current, key)) {
    throw CinderError.notFound(`Glance metadata for volume/snapshot ${volume.id} cannot be found.`);
  }
  authorize(ctx, 'volume:delete_volume_metadata', 'member');
  checkWritable(volume);
  const { [key]: _dropped, ...rest } = current;
  volume.imageMetadata = rest;
  volume.updatedAt = ctx.core.now();
  return { status: 200 };
}

/** os-show_image_metadata: the volume's image metadata, {} when it has none. */
export function showImageMetadata(ctx: VolumeContext, volume: VolumeRecord): VolumeResult {
  authorize(ctx, 'volume:get', 'reader');
  return { status: 200, body: { metadata: { ...(volume.imageMetadata ?? {}) } } };
}
