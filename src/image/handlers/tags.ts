import type { ServiceResponse } from '../../service/contract.js';
import { enforceOwner } from '../access.js';
import { badRequest, GlanceError, notFound } from '../errors.js';
import { type GlanceContext, type GlanceRoute, noContent } from './context.js';

/** image_tags.py: an unknown image is `Image <id> not found.` rather than the repo's words. */
function target(ctx: GlanceContext) {
  const id = ctx.params.image_id!;
  try {
    return ctx.store.visible(id, ctx.auth);
  } catch (error) {
    if (error instanceof GlanceError && error.code === 404)
      throw notFound(`Image ${id} not found.`);
    throw error;
  }
}

function addTag(ctx: GlanceContext): ServiceResponse {
  const tag = ctx.params.tag_value!;
  if (tag.length > 255)
    throw badRequest(`Provided object does not match schema 'image': '${tag}' is too long`);
  const image = target(ctx);
  enforceOwner(image, ctx.auth, 'modify_image');
  if (!image.tags.includes(tag)) {
    image.tags.push(tag);
  }
  image.updatedAt = ctx.store.now();
  return noContent();
}

function deleteTag(ctx: GlanceContext): ServiceResponse {
  const tag = ctx.params.tag_value!;
  const image = target(ctx);
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
