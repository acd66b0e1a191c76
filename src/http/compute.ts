import type { Cloud } from '../cloud.js';
import type { Identity } from './identity/identity.js';
import { novaFault, unauthorized } from './responses.js';
import type { Endpoints, Service } from './types.js';

/** Nova's `get_supported_content_types()`; text/plain (eventlet's default) counts as none. */
const CONTENT_TYPES = new Set([
  '',
  'text/plain',
  'application/json',
  'application/vnd.openstack.compute+json',
]);

/**
 * `/`, `/v2`, `/v2.1` (with any run of slashes around them): Nova serves the version
 * documents without a token. One anchored test, where a split built an array per request.
 */
const VERSION_PATH = /^\/*(?:v2(?:\.1)?\/*)?$/;

/** The media type of a Content-Type header, without parameters, lower-case. */
export function mediaType(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const end = header.indexOf(';');
  return (end < 0 ? header : header.slice(0, end)).trim().toLowerCase();
}

/**
 * Nova behind keystonemiddleware: the token becomes `auth` for `cloud.request`, the
 * Content-Type is checked as Nova's WSGI layer checks it, and the API does the rest.
 */
export function createComputeService(deps: {
  readonly cloud: () => Cloud;
  readonly identity: Identity;
  readonly endpoints: () => Endpoints;
}): Service {
  return (request) => {
    const cloud = deps.cloud();
    const path = request.search === '' ? request.path : `${request.path}?${request.search}`;
    if (request.method === 'GET' && VERSION_PATH.test(request.path)) {
      return cloud.request({ method: 'GET', path });
    }
    const auth = deps.identity.authOf(request.headers['x-auth-token']);
    if (!auth) return unauthorized(deps.endpoints().identity);
    // Most clients send one of the accepted types as it is: no copy to lower-case first.
    const header = request.headers['content-type'];
    const type = header === undefined || CONTENT_TYPES.has(header) ? header : mediaType(header);
    if (type !== undefined && !CONTENT_TYPES.has(type)) {
      return novaFault(415, 'badMediaType', 'Unsupported Content-Type');
    }
    const hasBody = (request.method === 'POST' || request.method === 'PUT') && request.body !== '';
    const { method, headers, body } = request;
    return hasBody
      ? cloud.request({ method, path, headers, auth, textBody: true, body })
      : cloud.request({ method, path, headers, auth, textBody: true });
  };
}
