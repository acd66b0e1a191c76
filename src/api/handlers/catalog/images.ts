import { NovaError } from '../../../errors/nova-error.js';
import type { ImageRecord as Image, ImageStatus } from '../../../image/index.js';
import { isOwnerMember } from '../../../image/index.js';
import type { ApiContext, HandlerResult, Route } from '../../context.js';
import { limitAndMarker, parseBool, parseInteger } from './query-params.js';
import { isoTime, type Link, pagedList, resourceLinks } from './view-helpers.js';

/** The image proxy APIs answer 404 from 2.36 (the metadata ones from 2.39). */
const LAST_PROXY_VERSION = '2.35';

/** nova/api/openstack/compute/views/images.py: Glance statuses as Nova shows them. */
const STATUS: Readonly<Partial<Record<ImageStatus, string>>> = {
  active: 'ACTIVE',
  queued: 'SAVING',
  saving: 'SAVING',
  deleted: 'DELETED',
  killed: 'ERROR',
};
const PROGRESS: Readonly<Partial<Record<ImageStatus, number>>> = {
  active: 100,
  queued: 25,
  saving: 50,
};

/** The image of a path id as Glance shows it to the caller, or Nova's `Image not found.` */
export function findImage(ctx: ApiContext, id: string): Image {
  const image = ctx.cloud.image.findImage(id, ctx.auth);
  if (!image) throw NovaError.notFound('Image not found.');
  return image;
}

/** The `alternate` link points at Glance: the compute endpoint's host with a `glance.` prefix. */
function imageLinks(ctx: ApiContext, id: string): Link[] {
  const glance = ctx.cloud.config.endpoint.replace(/^(\w+:\/\/)/, '$1glance.');
  return [
    ...resourceLinks(ctx, 'images', id),
    { href: `${glance}/images/${id}`, rel: 'alternate', type: 'application/vnd.openstack.image' },
  ];
}

function imageBasic(ctx: ApiContext, image: Image): Record<string, unknown> {
  return { id: image.id, name: image.name, links: imageLinks(ctx, image.id) };
}

/** `views/images.py` `show`. */
export function imageDetail(ctx: ApiContext, image: Image): Record<string, unknown> {
  const body: Record<string, unknown> = {
    id: image.id,
    name: image.name,
    minRam: image.minRam,
    minDisk: image.minDisk,
    metadata: { ...image.properties },
    created: isoTime(image.createdAt),
    updated: isoTime(image.updatedAt),
    status: STATUS[image.status] ?? 'UNKNOWN',
    progress: PROGRESS[image.status] ?? 0,
    'OS-EXT-IMG-SIZE:size': image.size,
    links: imageLinks(ctx, image.id),
  };
  const serverId = image.properties.instance_uuid;
  if (serverId) {
    body.server = { id: serverId, links: resourceLinks(ctx, 'servers', serverId) };
  }
  const autoDiskConfig = image.properties.auto_disk_config;
  if (autoDiskConfig !== undefined)
    body['OS-DCF:diskConfig'] = parseBool(autoDiskConfig) ? 'AUTO' : 'MANUAL';
  return body;
}

/**
 * GET /images[/detail]: Glance's default order (newest first, then id descending), the
 * filters Nova passes on (name, status, server, type, minRam, minDisk, property-*), paged
 * by limit and marker.
 */
function listImages(ctx: ApiContext): Image[] {
  const { limit, marker } = limitAndMarker(ctx);
  // Glance's default list: no community images but the project's own, no hidden ones.
  let images = ctx.cloud.image
    .visibleImages(ctx.auth)
    .filter(
      (image) =>
        !image.osHidden && (image.visibility !== 'community' || image.owner === ctx.auth.projectId),
    );
  images.sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
  const q = ctx.query;
  const name = q.get('name');
  const status = q.get('status')?.toLowerCase();
  const server = q.get('server')?.split('/').at(-1);
  const type = q.get('type');
  const minRam = q.get('minRam');
  const minDisk = q.get('minDisk');
  images = images.filter(
    (image) =>
      (name === undefined || image.name === name) &&
      (status === undefined || image.status === status) &&
      (server === undefined || image.properties.instance_uuid === server) &&
      (type === undefined || image.properties.image_type === type) &&
      (minRam === undefined || image.minRam >= (parseInteger(minRam) ?? 0)) &&
      (minDisk === undefined || image.minDisk >= (parseInteger(minDisk) ?? 0)) &&
      q
        .names()
        .every((n) => !n.startsWith('property-') || image.properties[n.slice(9)] === q.get(n)),
  );
  if (marker !== undefined) {
    const at = images.findIndex((image) => image.id === marker);
    if (at < 0) throw NovaError.badRequest(`Marker ${marker} could not be found.`);
    images = images.slice(at + 1);
  }
  return images.slice(0, limit);
}

/**
 * DELETE /images/{id}: deletes the image in Glance (204); Glance's 403 (not the owner, or
 * protected) is Nova's `You are not allowed to delete the image.`
 */
function deleteImage(ctx: ApiContext): HandlerResult {
  const image = findImage(ctx, ctx.params.image_id!);
  if (!isOwnerMember(image, ctx.auth) || image.protected) {
    throw NovaError.forbidden('You are not allowed to delete the image.');
  }
  ctx.cloud.image.deleteImage(image.id);
  return { status: 204 };
}

/** The deprecated image proxy (removed at 2.36). */
export const imageRoutes: readonly Route[] = [
  {
    method: 'GET',
    path: '/images',
    handler: (ctx) => pagedList(ctx, 'images', listImages(ctx), imageBasic, 'images'),
    maxVersion: LAST_PROXY_VERSION,
  },
  {
    method: 'GET',
    path: '/images/detail',
    handler: (ctx) => pagedList(ctx, 'images', listImages(ctx), imageDetail, 'images/detail'),
    maxVersion: LAST_PROXY_VERSION,
  },
  {
    method: 'GET',
    path: '/images/{image_id}',
    handler: (ctx) => ({
      status: 200,
      body: { image: imageDetail(ctx, findImage(ctx, ctx.params.image_id!)) },
    }),
    maxVersion: LAST_PROXY_VERSION,
  },
  {
    method: 'DELETE',
    path: '/images/{image_id}',
    handler: deleteImage,
    maxVersion: LAST_PROXY_VERSION,
  },
];
