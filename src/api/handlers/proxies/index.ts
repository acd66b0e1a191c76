import { NovaError } from '../../../errors/nova-error.js';
import type { Route } from '../../context.js';
import { floatingIpRoutes } from './floating-ips.js';
import { networkRoutes } from './networks.js';
import { securityGroupRoutes } from './security-groups.js';
import { snapshotRoutes } from './snapshots.js';
import { volumeRoutes } from './volumes.js';
import { volumesBootRoutes } from './volumes-boot.js';

const GONE = 'This resource is no longer available.  No forwarding address is given.';

/**
 * os-virtual-interfaces: removed with nova-network (Rocky); master answers 410 at every
 * microversion, before looking at the server.
 */
const virtualInterfaceRoutes: readonly Route[] = [
  {
    method: 'GET',
    path: '/servers/{server_id}/os-virtual-interfaces',
    handler: () => {
      throw new NovaError(410, GONE);
    },
  },
];

/**
 * Nova's proxy APIs to its neighbours (security groups, networks, floating IPs, volumes,
 * snapshots), answering up to 2.35 from the simulated Neutron and Cinder.
 *
 * @example
 * cloud.request({ method: 'GET', path: '/os-security-groups' }).body.security_groups[0].name;
 * // 'default'
 */
export const proxyRoutes: readonly Route[] = [
  ...securityGroupRoutes,
  ...networkRoutes,
  ...floatingIpRoutes,
  ...volumeRoutes,
  ...snapshotRoutes,
  ...volumesBootRoutes,
  ...virtualInterfaceRoutes,
];
