import type { Cloud } from '../cloud.js';
import type { ServiceName } from '../service/contract.js';
import type { Identity } from './identity/identity.js';
import { unauthorized } from './responses.js';
import type { Endpoints, HttpRequest, Service } from './types.js';

/**
 * A neighbour service of the cloud behind keystonemiddleware: the token becomes `auth`
 * and `cloud.request({ service })` does the rest. Paths that the real service serves
 * without a token (version documents) pass with no `auth`.
 */
export function createCloudServiceHttp(
  name: Exclude<ServiceName, 'compute'>,
  deps: {
    readonly cloud: () => Cloud;
    readonly identity: Identity;
    readonly endpoints: () => Endpoints;
    readonly isPublic?: (request: HttpRequest) => boolean;
  },
): Service {
  return (request) => {
    const path = request.search === '' ? request.path : `${request.path}?${request.search}`;
    const base = { service: name, method: request.method, path, headers: request.headers };
    const binary = request.headers['content-type']?.startsWith('application/octet-stream');
    const body =
      binary && request.raw
        ? { body: request.raw }
        : request.body === ''
          ? {}
          : { body: request.body };
    if (deps.isPublic?.(request)) return deps.cloud().request({ ...base, ...body });
    const auth = deps.identity.authOf(request.headers['x-auth-token']);
    if (!auth) return unauthorized(deps.endpoints().identity);
    return deps.cloud().request({ ...base, ...body, auth });
  };
}
