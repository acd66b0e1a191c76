import { NovaError } from '../../../errors/nova-error.js';
import { type ImageRecord as Image, isOwnerMember } from '../../../image/index.js';
import type { ApiContext, Route } from '../../context.js';
import { type Schema, validateBody } from '../../validation/validate.js';
import { findImage } from './images.js';

/** The image metadata proxy answers 404 from 2.39. */
const LAST_VERSION = '2.38';

const METADATA = {
  type: 'object',
  patternProperties: { '^[a-zA-Z0-9-_:. ]{1,255}$': { type: 'string', maxLength: 255 } },
  additionalProperties: false,
} as const;
const CREATE: Schema = {
  type: 'object',
  properties: { metadata: METADATA },
  required: ['metadata'],
  additionalProperties: false,
};
const UPDATE: Schema = {
  type: 'object',
  properties: { meta: { ...METADATA, minProperties: 1, maxProperties: 1 } },
  required: ['meta'],
  additionalProperties: false,
};

/** Glance refuses changes to images the project does not own (admins may). */
function writable(ctx: ApiContext, id: string): Image {
  const image = findImage(ctx, id);
  if (!isOwnerMember(image, ctx.auth)) {
    throw NovaError.forbidden(`Not authorized for image ${id}.`);
  }
  return image;
}

/** `common.check_img_metadata_properties_quota`: at most `metadata_items` properties. */
function checkQuota(ctx: ApiContext, properties: Record<string, string>): void {
  const max = ctx.cloud.compute.quotasOf(ctx.auth.projectId).metadataItems;
  if (max >= 0 && Object.keys(properties).length > max) {
    throw NovaError.forbidden('Image metadata limit exceeded');
  }
}

/** Sets the image's properties in Glance; returns the image. */
function replace(ctx: ApiContext, image: Image, properties: Record<string, string>): Image {
  ctx.cloud.image.setProperties(image.id, properties);
  return image;
}

export const imageMetadataRoutes: readonly Route[] = [
  {
    method: 'GET',
    path: '/images/{image_id}/metadata',
    maxVersion: LAST_VERSION,
    handler: (ctx) => ({
      status: 200,
      body: { metadata: { ...findImage(ctx, ctx.params.image_id!).properties } },
    }),
  },
  {
    method: 'POST',
    path: '/images/{image_id}/metadata',
    maxVersion: LAST_VERSION,
    handler: (ctx) => {
      validateBody(CREATE, ctx.body);
      const image = writable(ctx, ctx.params.image_id!);
      const merged = {
        ...image.properties,
        ...(ctx.body as { metadata: Record<string, string> }).metadata,
      };
      checkQuota(ctx, merged);
      return { status: 200, body: { metadata: { ...replace(ctx, image, merged).properties } } };
    },
  },
  {
    method: 'PUT',
    path: '/images/{image_id}/metadata',
    maxVersion: LAST_VERSION,
    handler: (ctx) => {
      validateBody(CREATE, ctx.body);
      const image = writable(ctx, ctx.params.image_id!);
      const metadata = (ctx.body as { metadata: Record<string, string> }).metadata;
      checkQuota(ctx, metadata);
      replace(ctx, image, metadata);
      return { status: 200, body: { metadata } };
    },
  },
  {
    method: 'GET',
    path: '/images/{image_id}/metadata/{key}',
    maxVersion: LAST_VERSION,
    handler: (ctx) => {
      const key = ctx.params.key!;
      const { properties } = findImage(ctx, ctx.params.image_id!);
      const value = Object.hasOwn(properties, key) ? properties[key] : undefined;
      if (value === undefined) throw NovaError.notFound('The resource could not be found.');
      return { status: 200, body: { meta: { [key]: value } } };
    },
  },
  {
    method: 'PUT',
    path: '/images/{image_id}/metadata/{key}',
    maxVersion: LAST_VERSION,
    handler: (ctx) => {
      validateBody(UPDATE, ctx.body);
      const key = ctx.params.key!;
      const meta = (ctx.body as { meta: Record<string, string> }).meta;
      if (!Object.hasOwn(meta, key)) throw NovaError.badRequest('Request body and URI mismatch');
      const image = writable(ctx, ctx.params.image_id!);
      const merged = { ...image.properties, [key]: meta[key]! };
      checkQuota(ctx, merged);
      replace(ctx, image, merged);
      return { status: 200, body: { meta } };
    },
  },
  {
    method: 'DELETE',
    path: '/images/{image_id}/metadata/{key}',
    maxVersion: LAST_VERSION,
    handler: (ctx) => {
      const image = writable(ctx, ctx.params.image_id!);
      const key = ctx.params.key!;
      if (!Object.hasOwn(image.properties, key)) throw NovaError.notFound('Invalid metadata key');
      const { [key]: _gone, ...rest } = image.properties;
      replace(ctx, image, rest);
      return { status: 204 };
    },
  },
];
