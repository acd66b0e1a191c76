import type { Auth, ServiceResponse } from '../../service/contract.js';
import { GlanceError, notFound } from '../errors.js';
import type { ImageRecord } from '../records.js';
import type { ImageStore } from '../store.js';

/** Everything a Glance handler sees of one request. */
export interface GlanceContext {
  readonly store: ImageStore;
  readonly auth: Auth;
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  /** The parsed JSON body (undefined when there was none), or the raw bytes of an upload. */
  readonly body: unknown;
  readonly headers: Readonly<Record<string, string>>;
}

export type GlanceHandler = (ctx: GlanceContext) => ServiceResponse;

export interface GlanceRoute {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** e.g. `/v2/images/{image_id}/file` */
  readonly path: string;
  readonly handler: GlanceHandler;
  /** The body is the raw bytes (image data), not JSON. */
  readonly binary?: boolean;
}

export function json(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): ServiceResponse {
  return { status, headers, body };
}

export const noContent = (): ServiceResponse => ({ status: 204, headers: {}, body: null });

/**
 * The path's image as the controllers' `_lookup_image` finds it: unknown or unseen is
 * `Image <id> not found.` rather than the repository's words.
 */
export function lookupImage(ctx: GlanceContext): ImageRecord {
  const id = ctx.params.image_id!;
  try {
    return ctx.store.visible(id, ctx.auth);
  } catch (error) {
    if (error instanceof GlanceError && error.code === 404)
      throw notFound(`Image ${id} not found.`);
    throw error;
  }
}
