import { NovaError } from '../../../errors/nova-error.js';
import type { Handler, Route } from '../../context.js';
import { actionOf } from './action-body.js';

/** webob's `HTTPGone` explanation, which Nova's fault wrapper passes through (`computeFault`). */
const GONE = 'This resource is no longer available.  No forwarding address is given.';

const gone: Handler = () => {
  throw new NovaError(410, GONE);
};

/**
 * The controllers Nova master keeps only to answer 410 (nova-network, cells v1, agents,
 * certificates, cloudpipe, fping, the console proxies of os-consoles): every method of
 * every path, at every microversion. Paths are Nova's `ROUTE_LIST` entries.
 */
const GONE_ROUTES: readonly [Route['method'], string][] = [
  ['GET', '/os-agents'],
  ['POST', '/os-agents'],
  ['PUT', '/os-agents/{id}'],
  ['DELETE', '/os-agents/{id}'],
  ['GET', '/os-cells'],
  ['POST', '/os-cells'],
  ['GET', '/os-cells/capacities'],
  ['GET', '/os-cells/detail'],
  ['GET', '/os-cells/info'],
  ['POST', '/os-cells/sync_instances'],
  ['GET', '/os-cells/{id}'],
  ['PUT', '/os-cells/{id}'],
  ['DELETE', '/os-cells/{id}'],
  ['GET', '/os-cells/{id}/capacities'],
  ['POST', '/os-certificates'],
  ['GET', '/os-certificates/{id}'],
  ['GET', '/os-cloudpipe'],
  ['POST', '/os-cloudpipe'],
  ['PUT', '/os-cloudpipe/{id}'],
  ['GET', '/os-fixed-ips/{id}'],
  ['POST', '/os-fixed-ips/{id}/action'],
  ['GET', '/os-floating-ip-dns'],
  ['PUT', '/os-floating-ip-dns/{id}'],
  ['DELETE', '/os-floating-ip-dns/{id}'],
  ['GET', '/os-floating-ip-dns/{domain_id}/entries/{id}'],
  ['PUT', '/os-floating-ip-dns/{domain_id}/entries/{id}'],
  ['DELETE', '/os-floating-ip-dns/{domain_id}/entries/{id}'],
  ['GET', '/os-floating-ips-bulk'],
  ['POST', '/os-floating-ips-bulk'],
  ['GET', '/os-floating-ips-bulk/{id}'],
  ['PUT', '/os-floating-ips-bulk/{id}'],
  ['GET', '/os-fping'],
  ['GET', '/os-fping/{id}'],
  ['GET', '/os-security-group-default-rules'],
  ['POST', '/os-security-group-default-rules'],
  ['GET', '/os-security-group-default-rules/{id}'],
  ['DELETE', '/os-security-group-default-rules/{id}'],
  // os-networks: only the nova-network writes are gone (the reads are a proxy up to 2.35).
  ['POST', '/os-networks'],
  ['POST', '/os-networks/add'],
  ['DELETE', '/os-networks/{id}'],
  ['GET', '/servers/{server_id}/consoles'],
  ['POST', '/servers/{server_id}/consoles'],
  ['GET', '/servers/{server_id}/consoles/{id}'],
  ['DELETE', '/servers/{server_id}/consoles/{id}'],
];

/** The os-networks actions of nova-network (`networks_associate` and `disassociate`), all gone. */
const networkAction: Handler = (ctx) => {
  actionOf(ctx, ['disassociate', 'disassociate_host', 'disassociate_project', 'associate_host']);
  return gone(ctx);
};

/**
 * Removed APIs answering as Nova master does: 410 Gone for the deleted controllers, and the
 * nova-network actions.
 *
 * @example
 * cloud.request({ method: 'GET', path: '/os-agents' }).status; // 410
 */
export const removedRoutes: readonly Route[] = [
  ...GONE_ROUTES.map(([method, path]): Route => ({ method, path, handler: gone })),
  { method: 'POST', path: '/os-networks/{id}/action', handler: networkAction },
];
