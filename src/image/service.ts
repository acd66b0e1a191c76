import type { Image } from '../catalog/catalog.js';
import { SAMPLE_PROJECT_ID, SAMPLE_USER_ID } from '../catalog/defaults.js';
import type { TimerTask } from '../clock/virtual-clock.js';
import type {
  Auth,
  ServiceRequest,
  ServiceResponse,
  SimulatedService,
} from '../service/contract.js';
import { canGet, isVisible } from './access.js';
import { badRequest, GlanceError, isGlanceError } from './errors.js';
import { actionRoutes } from './handlers/actions.js';
import type { GlanceContext } from './handlers/context.js';
import { dataRoutes } from './handlers/data.js';
import { discoveryRoutes, versionList } from './handlers/discovery.js';
import { imageRoutes } from './handlers/images.js';
import { memberRoutes } from './handlers/members.js';
import { tagRoutes } from './handlers/tags.js';
import { DEFAULT_IMAGES, type ImageRecord } from './records.js';
import { createRouter } from './router.js';
import {
  type ImageDeps,
  ImageStore,
  type ImageStoreSnapshot,
  type SnapshotRequest,
} from './store.js';

export type { SnapshotRequest };

export type ImageServiceSnapshot = ImageStoreSnapshot;

/**
 * Glance v2 as a service of the cloud, and the typed API that Nova (and Cinder) call the
 * way nova/image/glance.py calls Glance.
 */
export interface ImageService extends SimulatedService<ImageServiceSnapshot> {
  readonly name: 'image';
  /**
   * A live image the caller may see (Glance's `get_image`), or undefined.
   *
   * @example
   * cloud.image.findImage(imageRef, { projectId, userId, roles: ['member'] })?.status; // 'active'
   */
  findImage(id: string, auth: Auth): ImageRecord | undefined;
  /** A live image whatever its visibility (Nova's own look-ups with an elevated context). */
  getImage(id: string): ImageRecord | undefined;
  /** Every live image the caller may see, in creation order. */
  visibleImages(auth: Auth): ImageRecord[];
  /** Nova's snapshot: a queued image that goes saving, then active, on the clock. */
  createSnapshot(request: SnapshotRequest): ImageRecord;
  /** Deletes an image as its owner would (Nova's image proxy, unshelve, backup rotation). */
  deleteImage(id: string): void;
  /** Replaces an image's extra properties (Nova's image metadata proxy). */
  setProperties(id: string, properties: Record<string, string>): void;
}

export interface ImageServiceOptions extends ImageDeps {
  /** The images to start with (default: those of Nova's api_samples). */
  readonly images?: readonly Omit<Image, 'createdAt' | 'updatedAt'>[];
  /** Glance's unversioned URL, for the version documents. */
  readonly endpoint?: () => string;
}

const DEFAULT_AUTH: Auth = {
  projectId: SAMPLE_PROJECT_ID,
  userId: SAMPLE_USER_ID,
  roles: ['member'],
};

const route = createRouter([
  ...imageRoutes,
  ...dataRoutes,
  ...tagRoutes,
  ...memberRoutes,
  ...actionRoutes,
  ...discoveryRoutes,
]);

/**
 * Creates the Glance service of a cloud.
 *
 * @example
 * const image = createImageService({ clock, random: () => rng });
 * image.handle({ service: 'image', method: 'POST', path: '/v2/images', body: { name: 'x' } }).status; // 201
 */
export function createImageService(
  options: ImageServiceOptions,
  restore?: ImageServiceSnapshot,
): ImageService {
  const store = new ImageStore(options);
  if (restore) store.restore(restore);
  else store.seed(options.images ?? DEFAULT_IMAGES);
  const endpoint = options.endpoint ?? (() => 'http://openstack.example.com/image');

  const handle = (request: ServiceRequest): ServiceResponse => {
    const [rawPath = '/', search = ''] = String(request.path ?? '/').split('?', 2);
    // Only the version document forgives a trailing slash: Glance's routes mapper matches
    // `/v2/images` and not `/v2/images/`, which is a 404 (Tempest's null-id tests).
    const root = rawPath.replace(/\/+$/, '') || '/';
    const method = String(request.method ?? 'GET').toUpperCase();
    if (method === 'GET' && (root === '/' || root === '/versions'))
      return { status: root === '/' ? 300 : 200, headers: {}, body: versionList(endpoint()) };
    try {
      const match = route(method, rawPath);
      if (match.kind === 'none') throw new GlanceError(404);
      if (match.kind === 'method')
        throw new GlanceError(405, undefined, { allow: match.allowed.join(', ') });
      const headers = lowerCase(request.headers);
      const ctx: GlanceContext = {
        store,
        auth: resolveAuth(request.auth),
        params: match.params,
        query: queryOf(search, request.query),
        body: match.route.binary ? request.body : parseBody(request.body),
        headers,
      };
      return match.route.handler(ctx);
    } catch (error) {
      if (isGlanceError(error)) return (error as GlanceError).toResponse();
      throw error;
    }
  };

  return {
    name: 'image',
    handle,
    snapshot: () => store.snapshot(),
    runTask: (task: TimerTask) => store.runTask(task),
    findImage: (id, auth) => {
      const image = store.table.live(id);
      return image && canGet(image, auth) ? image : undefined;
    },
    getImage: (id) => store.table.live(id),
    visibleImages: (auth) =>
      store.table.all().filter((i) => i.status !== 'deleted' && isVisible(i, auth)),
    createSnapshot: (request) => store.createSnapshot(request),
    deleteImage: (id) => {
      const image = store.table.live(id);
      if (image) store.delete(image);
    },
    setProperties: (id, properties) => {
      const image = store.table.live(id);
      if (!image) return;
      image.properties = { ...properties };
      image.updatedAt = store.now();
    },
  };
}

function resolveAuth(auth: Partial<Auth> | undefined): Auth {
  return {
    projectId: typeof auth?.projectId === 'string' ? auth.projectId : DEFAULT_AUTH.projectId,
    userId: typeof auth?.userId === 'string' ? auth.userId : DEFAULT_AUTH.userId,
    roles: Array.isArray(auth?.roles) ? auth.roles.map(String) : DEFAULT_AUTH.roles,
  };
}

function lowerCase(headers: Readonly<Record<string, string>> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {}))
    out[name.toLowerCase()] = String(value);
  return out;
}

function queryOf(
  search: string,
  query: Readonly<Record<string, string | readonly string[]>> | undefined,
): URLSearchParams {
  const params = new URLSearchParams(search);
  for (const [name, value] of Object.entries(query ?? {})) {
    for (const v of typeof value === 'string' ? [value] : value) params.append(name, v);
  }
  return params;
}

/** JSON text from HTTP, or a value given in-process; Glance's 400 for malformed JSON. */
function parseBody(body: unknown): unknown {
  if (body instanceof Uint8Array) body = new TextDecoder().decode(body);
  if (typeof body !== 'string') return body;
  if (body.trim() === '') return undefined;
  try {
    return JSON.parse(body);
  } catch {
    throw badRequest('Malformed JSON in request body.');
  }
}
