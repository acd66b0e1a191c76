import { enforceCreate, enforceOwner, enforceVisibility, isAdmin } from '../access.js';
import { badRequest, conflict, forbidden } from '../errors.js';
import { type Change, parsePatch, RESERVED_NAMESPACE } from '../json-patch.js';
import { listImages } from '../list.js';
import type { ImageRecord, ImageVisibility } from '../records.js';
import { validateImage } from '../schemas.js';
import { imageView } from '../views.js';
import { type GlanceContext, type GlanceRoute, json, noContent } from './context.js';

/** Keys the create body may not carry at all (`_disallowed_properties`). */
const DISALLOWED = ['direct_url', 'self', 'file', 'schema', 'stores'];
/** Read-only keys `ImageFactory` refuses on create. */
const READ_ONLY = [
  'created_at',
  'updated_at',
  'status',
  'checksum',
  'os_hash_algo',
  'os_hash_value',
  'size',
  'virtual_size',
];
/** Reserved names: the deserializer's, then `ImageFactory`'s `locations`. */
const RESERVED = new Set(['location', 'deleted', 'deleted_at', 'locations']);
/** Base attributes of the create body; anything else is an extra property. */
const BASE = new Set([
  'id',
  'name',
  'visibility',
  'protected',
  'os_hidden',
  'owner',
  'container_format',
  'disk_format',
  'min_ram',
  'min_disk',
  'tags',
]);

function create(ctx: GlanceContext) {
  const body = ctx.body;
  if (body === undefined) throw badRequest('Body expected in request.');
  if (body !== null && typeof body === 'object' && !Array.isArray(body)) {
    for (const key of DISALLOWED)
      if (key in body) throw forbidden(`Attribute '${key}' is read-only.`);
  }
  validateImage(body);
  const fields = body as Record<string, unknown>;
  const properties: Record<string, string> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (BASE.has(key) || READ_ONLY.includes(key)) continue;
    if (key.length > 255)
      throw badRequest('Custom property should not be greater than 255 characters.');
    if (RESERVED.has(key) || key.startsWith(RESERVED_NAMESPACE))
      throw forbidden(`Attribute '${key}' is reserved.`);
    properties[key] = value as string;
  }
  for (const key of READ_ONLY)
    if (key in fields) throw forbidden(`Attribute '${key}' is read-only.`);
  const owner = typeof fields.owner === 'string' ? fields.owner : ctx.auth.projectId;
  enforceCreate(owner, ctx.auth);
  const visibility = (fields.visibility as ImageVisibility | undefined) ?? 'shared';
  enforceVisibility(visibility, owner, ctx.auth);
  const id = fields.id as string | undefined;
  if (id !== undefined && ctx.store.table.rows.has(id))
    throw conflict(`Image ID ${id} already exists!`);
  const image = ctx.store.create({
    ...(id !== undefined ? { id } : {}),
    name: (fields.name as string | null | undefined) ?? null,
    visibility,
    protected: (fields.protected as boolean | undefined) ?? false,
    osHidden: (fields.os_hidden as boolean | undefined) ?? false,
    owner,
    containerFormat: (fields.container_format as string | null | undefined) ?? null,
    diskFormat: (fields.disk_format as string | null | undefined) ?? null,
    minRam: (fields.min_ram as number | undefined) ?? 0,
    minDisk: (fields.min_disk as number | undefined) ?? 0,
    properties,
    tags: (fields.tags as string[] | undefined) ?? [],
  });
  return json(201, imageView(image), {
    location: `/v2/images/${image.id}`,
    'openstack-image-import-methods': 'glance-direct',
  });
}

function list(ctx: GlanceContext) {
  const result = listImages(ctx.store.table.all(), ctx.auth, ctx.query);
  const params = new URLSearchParams(ctx.query);
  params.delete('marker');
  const query = params.toString();
  const body: Record<string, unknown> = {
    images: result.images.map(imageView),
    first: query === '' ? '/v2/images' : `/v2/images?${query}`,
    schema: '/v2/schemas/images',
  };
  if (result.nextMarker !== undefined) {
    params.set('marker', result.nextMarker);
    body.next = `/v2/images?${params.toString()}`;
  }
  return json(200, body);
}

function show(ctx: GlanceContext) {
  return json(200, imageView(ctx.store.visible(ctx.params.image_id!, ctx.auth)));
}

function update(ctx: GlanceContext) {
  const changes = parsePatch(ctx.headers['content-type'], ctx.body);
  const image = ctx.store.visible(ctx.params.image_id!, ctx.auth);
  // Glance applies every change to the domain object and saves once: all or nothing.
  const draft: ImageRecord = structuredClone(image);
  for (const change of changes) apply(ctx, draft, change);
  if (changes.length > 0) {
    Object.assign(image, draft, { updatedAt: ctx.store.now() });
  }
  return json(200, imageView(image));
}

/** Glance's writable base attributes and the record field each one sets. */
const WRITABLE: Readonly<Record<string, keyof ImageRecord>> = {
  name: 'name',
  visibility: 'visibility',
  protected: 'protected',
  os_hidden: 'osHidden',
  owner: 'owner',
  container_format: 'containerFormat',
  disk_format: 'diskFormat',
  min_ram: 'minRam',
  min_disk: 'minDisk',
  tags: 'tags',
};

function apply(ctx: GlanceContext, image: ImageRecord, change: Change): void {
  const root = change.path[0]!;
  if (root === 'locations')
    throw forbidden("It's not allowed to update locations if locations are invisible.");
  if (change.op === 'replace' && root === 'owner' && !isAdmin(ctx.auth))
    throw forbidden("Owner can't be updated by non admin.");
  if (root === 'visibility') enforceVisibility(change.value, image.owner, ctx.auth);
  enforceOwner(image, ctx.auth, 'modify_image');
  const field = WRITABLE[root];
  if (change.op === 'remove') {
    if (field) throw forbidden(`Property ${root} may not be removed.`);
    if (!Object.hasOwn(image.properties, root)) throw conflict(`Property ${root} does not exist.`);
    delete image.properties[root];
    return;
  }
  if (field) {
    if (change.op === 'add' && change.draft === 4)
      throw conflict(`Property ${root} already present.`);
    setBase(image, root, field, change.value);
    return;
  }
  const exists = Object.hasOwn(image.properties, root);
  if (change.op === 'replace' && !exists) throw conflict(`Property ${root} does not exist.`);
  if (change.op === 'add' && exists && change.draft === 4)
    throw conflict(`Property ${root} already present.`);
  image.properties[root] = change.value as string;
}

function setBase(image: ImageRecord, root: string, field: keyof ImageRecord, value: unknown): void {
  if (
    (root === 'container_format' || root === 'disk_format') &&
    !['queued', 'importing'].includes(image.status)
  )
    throw forbidden(`Attribute ${root} can be only replaced for a queued image.`);
  if ((root === 'min_ram' || root === 'min_disk') && typeof value === 'number' && value < 0)
    throw badRequest(
      `Invalid value '${value}' for parameter '${root}': Cannot be a negative value`,
    );
  const next = root === 'tags' ? [...new Set(value as string[])] : value;
  (image as unknown as Record<string, unknown>)[field] = next;
}

function remove(ctx: GlanceContext) {
  const image = ctx.store.visible(ctx.params.image_id!, ctx.auth);
  enforceOwner(image, ctx.auth, 'delete_image');
  ctx.store.delete(image);
  return noContent();
}

export const imageRoutes: readonly GlanceRoute[] = [
  { method: 'GET', path: '/v2/images', handler: list },
  { method: 'POST', path: '/v2/images', handler: create },
  { method: 'GET', path: '/v2/images/{image_id}', handler: show },
  { method: 'PATCH', path: '/v2/images/{image_id}', handler: update },
  { method: 'DELETE', path: '/v2/images/{image_id}', handler: remove },
];
