import { createHash } from 'node:crypto';
import type { Auth } from '../api/context.js';
import type { Image } from '../catalog/catalog.js';
import type { Cloud } from '../cloud.js';
import type { Identity } from './identity/identity.js';
import { glanceError, isoSeconds, json, queryValues, unauthorized } from './responses.js';
import type { Endpoints, HttpRequest, HttpResponse, Service } from './types.js';

/** Query names Glance reads itself; any other name filters on an image property. */
const RESERVED = new Set(['limit', 'marker', 'sort', 'sort_key', 'sort_dir', 'member_status']);

/** Glance's version list: v2.16 current, the older minors supported. */
function versions(endpoints: Endpoints) {
  return {
    versions: Array.from({ length: 17 }, (_, i) => 16 - i).map((minor) => ({
      id: `v2.${minor}`,
      status: minor === 16 ? 'CURRENT' : 'SUPPORTED',
      links: [{ rel: 'self', href: `${endpoints.image}/v2/` }],
    })),
  };
}

function hex(algorithm: string, text: string): string {
  return createHash(algorithm).update(text).digest('hex');
}

/** The Glance v2 image document: fixed fields, then the properties as top-level keys. */
export function glanceImage(image: Image): Record<string, unknown> {
  const uploaded = image.status === 'active';
  return {
    ...image.properties,
    id: image.id,
    name: image.name,
    status: image.status,
    visibility: image.visibility,
    protected: false,
    os_hidden: false,
    owner: image.ownerProjectId,
    container_format: 'bare',
    disk_format: 'qcow2',
    min_disk: image.minDisk,
    min_ram: image.minRam,
    size: uploaded ? image.size : null,
    virtual_size: null,
    checksum: uploaded ? hex('md5', image.id) : null,
    os_hash_algo: uploaded ? 'sha512' : null,
    os_hash_value: uploaded ? hex('sha512', image.id) : null,
    tags: [],
    created_at: isoSeconds(image.createdAt),
    updated_at: isoSeconds(image.updatedAt),
    self: `/v2/images/${image.id}`,
    file: `/v2/images/${image.id}/file`,
    schema: '/v2/schemas/image',
  };
}

function visible(image: Image, auth: Auth): boolean {
  if (image.status === 'deleted') return false;
  return (
    auth.roles.includes('admin') ||
    image.visibility === 'public' ||
    image.ownerProjectId === auth.projectId
  );
}

function matches(doc: Record<string, unknown>, filters: Map<string, string[]>): boolean {
  for (const [key, wanted] of filters) {
    if (RESERVED.has(key)) continue;
    const value = doc[key];
    if (value === undefined || value === null) return false;
    // Glance's `in:a,b` operator on id and name.
    const options = wanted.flatMap((w) => (w.startsWith('in:') ? w.slice(3).split(',') : [w]));
    if (!options.includes(String(value))) return false;
  }
  return true;
}

function list(request: HttpRequest, images: Image[]): HttpResponse {
  const query = queryValues(request.search);
  let docs = images.map(glanceImage).filter((doc) => matches(doc, query));
  const marker = query.get('marker')?.[0];
  if (marker !== undefined) {
    const at = docs.findIndex((doc) => doc.id === marker);
    if (at < 0) return glanceError(400, `marker ${marker} could not be found.`);
    docs = docs.slice(at + 1);
  }
  const limitText = query.get('limit')?.[0];
  const body: Record<string, unknown> = {
    images: docs,
    schema: '/v2/schemas/images',
    first: '/v2/images',
  };
  if (limitText !== undefined) {
    const limit = Number(limitText);
    if (!Number.isInteger(limit) || limit < 0)
      return glanceError(400, 'limit param must be an integer');
    if (docs.length > limit) {
      const page = docs.slice(0, limit);
      body.images = page;
      const last = page.at(-1)?.id;
      if (last !== undefined) body.next = `/v2/images?limit=${limit}&marker=${String(last)}`;
    }
  }
  return json(200, body);
}

/**
 * Glance v2, read-only, over the cloud's image catalog: enough for clients to turn
 * `--image NAME` into an id and to show images.
 */
export function createImageService(deps: {
  readonly cloud: () => Cloud;
  readonly identity: Identity;
  readonly endpoints: () => Endpoints;
}): Service {
  return (request) => {
    const endpoints = deps.endpoints();
    const parts = request.path.split('/').filter((s) => s !== '');
    if (request.method === 'GET' && parts.length === 0) return json(300, versions(endpoints));
    if (request.method === 'GET' && parts.length === 1 && parts[0] === 'versions') {
      return json(200, versions(endpoints));
    }
    const auth = deps.identity.authOf(request.headers['x-auth-token']);
    if (!auth) return unauthorized(endpoints.identity);
    if (parts[0] !== 'v2' || parts[1] !== 'images' || parts.length > 3) {
      return glanceError(404, 'The resource could not be found.');
    }
    if (request.method !== 'GET') {
      return glanceError(405, 'nova-sim serves the Image API read-only.');
    }
    const images = [...deps.cloud().catalog.images.values()].filter((i) => visible(i, auth));
    const id = parts[2];
    if (id === undefined) return list(request, images);
    const image = images.find((i) => i.id === id);
    return image ? json(200, glanceImage(image)) : glanceError(404, `No image found with ID ${id}`);
  };
}
