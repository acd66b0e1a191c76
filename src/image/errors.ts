import type { ServiceResponse } from '../service/contract.js';

const TITLES: Readonly<Record<number, string>> = {
  300: 'Multiple Choices',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Request Entity Too Large',
  415: 'Unsupported Media Type',
};

/** webob's default explanation, used when Glance raises an exception without one. */
const DEFAULT_MESSAGES: Readonly<Record<number, string>> = {
  403: 'Access was denied to this resource.',
  404: 'The resource could not be found.',
  405: 'The method specified is not allowed for this resource.',
};

/**
 * A Glance error: webob's exception rendered as JSON, `{ code: '404 Not Found', title,
 * message }`. Thrown inside handlers, turned into the response at the service's edge.
 */
export class GlanceError extends Error {
  override readonly name = 'GlanceError';
  readonly code: number;
  readonly headers: Readonly<Record<string, string>>;

  constructor(code: number, message?: string, headers: Readonly<Record<string, string>> = {}) {
    super(message ?? DEFAULT_MESSAGES[code] ?? '');
    this.code = code;
    this.headers = headers;
  }

  toResponse(): ServiceResponse {
    const title = TITLES[this.code] ?? 'Error';
    return {
      status: this.code,
      headers: { ...this.headers },
      body: { code: `${this.code} ${title}`, title, message: this.message },
    };
  }
}

export function isGlanceError(value: unknown): value is GlanceError {
  return value instanceof GlanceError || (value as Error | null)?.name === 'GlanceError';
}

export const badRequest = (message: string) => new GlanceError(400, message);
export const forbidden = (message?: string) => new GlanceError(403, message);
export const notFound = (message?: string) => new GlanceError(404, message);
export const conflict = (message: string) => new GlanceError(409, message);

/** The repository's answer for an image the caller cannot see or that does not exist. */
export const imageNotFound = (id: string) => notFound(`No image found with ID ${id}`);

/** oslo.policy's Forbidden, as Glance words it. */
export const policyForbidden = (action: string) =>
  forbidden(`You are not authorized to complete ${action} action.`);
