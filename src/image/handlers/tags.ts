import type { ServiceResponse } from '../../service/contract.js';
import { enforceOwner } from '../access.js';
import { badRequest, notFound } from '../errors.js';
import { type GlanceContext, type GlanceRoute, lookupImage, noContent } from './context.js';

function addTag(ctx: GlanceContext): ServiceResponse {
  const tag = ctx.params.tag_value!;
  if (tag.length > 255)
    throw badRequest(`Provided object does not match schema 'image': '${tag}' is too long`);
  const image = lookupImage(ctx);
  enforceOwner(image, ctx.auth, 'modify_image');
  if (!image.tags.includes(tag)) {
    image.tags.push(tag);
  }
  image.updatedAt = ctx.store.now();
  return noContent();
}

function deleteTag(ctx: GlanceContext): ServiceResponse {
  const tag = ctx.params.tag_value!;
  const image = lookupImage(ctx);
  enforceOwner(image, ctx.auth, 'modify_image');
  if (!image.tags.includes(tag)) throw notFound();
  image.tags = image.tags.filter((t) => t !== tag);
  image.updatedAt = ctx.store.now();
  return noContent();
}

export const tagRoutes: readonly GlanceRoute[] = [
  { method: 'PUT', path: '/v2/images/{image_id}/tags/{tag_value}', handler: addTag },
  { method: 'DELETE', path: '/v2/images/{image_id}/tags/{tag_value}', handler: deleteTag },
];
