import type { Image } from '../../../catalog/catalog.js';
import { NovaError } from '../../../errors/nova-error.js';
import type { ApiContext, HandlerResult, Route } from '../../context.js';
import { limitAndMarker, parseBool, parseInteger } from './query-params.js';
import { isoTime, type Link, pagedList, resourceLinks } from './view-helpers.js';

/** The image proxy APIs answer 404 from 2.36 (the metadata ones from 2.39). */
const LAST_PROXY_VERSION = '2.35';

const STATUS: Readonly<Record<Image['status'], string>> = {
  active: 'ACTIVE',
  queued: 'SAVING',
  saving: 'SAVING',
  deleted: 'DELETED',
};
const PROGRESS: Readonly<Record<Image['status'], number>> = {
  active: 100,
  queued: 25,
  saving: 50,
  deleted: 0,
};

/** Glance's visibility rule: public images, the project's own, and everything for admins. */
function visible(ctx: ApiContext, image: Image): boolean {
  if (image.status === 'deleted') return false;
  return (
    ctx.isAdmin || image.visibility === 'public' || image.ownerProjectId === ctx.auth.projectId
  );
}

/** The image of a path id, or Nova's `Image not found.` */
export function findImage(ctx: ApiContext, id: string): Image {
  const image = ctx.cloud.catalog.images.get(id);
  if (!image || !visible(ctx, image)) throw NovaError.notFound('Image not found.');
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
    status: STATUS[image.status],
    progress: PROGRESS[image.status],
    'OS-EXT-IMG-SIZE:size': image.size,
    links: imageLinks(ctx, image.id),
  };
  const serverId = image.properties.instance_uuid ?? image.serverId;
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
  let images = [...ctx.cloud.catalog.images.values()].filter((image) => visible(ctx, image));
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
      (server === undefined || (image.properties.instance_uuid ?? image.serverId) === server) &&
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

/** DELETE /images/{id}: Glance lets the owner (or an admin) delete; 204. */
function deleteImage(ctx: ApiContext): HandlerResult {
  const image = findImage(ctx, ctx.params.image_id!);
  if (!ctx.isAdmin && image.ownerProjectId !== ctx.auth.projectId) {
    throw NovaError.forbidden('You are not allowed to delete the image.');
  }
  image.status = 'deleted';
  image.updatedAt = ctx.cloud.clock.now();
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
