import type { Cloud } from '../cloud.js';
import { createCloudServiceHttp } from './cloud-service.js';
import type { Identity } from './identity/identity.js';
import type { Endpoints, HttpResponse, Service } from './types.js';

/** Neutron's link hrefs are relative in-process; over HTTP they carry the endpoint. */
function absolute(response: HttpResponse, base: string): HttpResponse {
  const body = response.body;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return response;
  let changed = false;
  const out: Record<string, unknown> = { ...(body as Record<string, unknown>) };
  for (const [key, value] of Object.entries(out)) {
    if (!(key.endsWith('_links') || key === 'versions') || !Array.isArray(value)) continue;
    changed = true;
    out[key] = value.map((item: Record<string, unknown>) => {
      if (typeof item?.href === 'string') return { ...item, href: `${base}${item.href}` };
      if (Array.isArray(item?.links)) {
        const links = (item.links as Record<string, unknown>[]).map((link) => ({
          ...link,
          href: `${base}${String(link.href)}`,
        }));
        return { ...item, links };
      }
      return item;
    });
  }
  return changed ? { ...response, body: out } : response;
}

/**
 * The `/network` mount: the cloud's Neutron behind keystonemiddleware; the version
 * document at the root needs no token, as in Neutron's paste pipeline.
 */
export function createNetworkHttp(deps: {
  readonly cloud: () => Cloud;
  readonly identity: Identity;
  readonly endpoints: () => Endpoints;
}): Service {
  const inner = createCloudServiceHttp('network', {
    ...deps,
    isPublic: (request) => request.path === '/' || request.path === '',
  });
  return (request) => absolute(inner(request), deps.endpoints().network);
}
