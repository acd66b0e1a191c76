import type { NeutronClient } from '../network/client.js';
import type { NetworkService } from '../network/service.js';
import type { Auth } from '../service/contract.js';
import { refreshAddresses } from './network-api.js';
import type { Server } from './server.js';

// What nova-compute does for the multinic actions (manager.py add_fixed_ip_to_instance /
// remove_fixed_ip_from_instance over nova/network/neutron.py). The API casts and answers 202
// before any of this runs, so a refusal here never reaches the caller: Nova records an
// instance fault and changes nothing, and so do we (the fault shows only on ERROR servers).

const NOVA: Auth = { projectId: '', userId: 'nova', roles: ['admin'] };

type FixedIp = { subnet_id: string; ip_address?: string };

function call(network: NetworkService, method: string, path: string, body?: unknown) {
  return network.handle({
    service: 'network',
    method,
    path: `/v2.0${path}`,
    auth: NOVA,
    ...(body === undefined ? {} : { body }),
  });
}

/** The server's ports with Nova's device owner, `compute:<zone>`, as Nova searches them. */
function ownPorts(neutron: NeutronClient, server: Server) {
  const owner = `compute:${server.availabilityZone ?? 'nova'}`;
  return neutron.portsOfDevice(server.id).filter((p) => p.deviceOwner === owner);
}

function updateFixedIps(network: NetworkService, portId: string, fixedIps: FixedIp[]): boolean {
  return call(network, 'PUT', `/ports/${portId}`, { port: { fixed_ips: fixedIps } }).status < 300;
}

/**
 * `addFixedIp`: one more address from the network's first subnet on the server's first
 * port on that network. Nothing changes when the network has no subnet or the server no
 * port on it (Nova's NetworkNotFoundForInstance, raised on the compute host).
 *
 * @example
 * addFixedIp(cloud.network, cloud.neutron, server, networkId); // true: a second address
 */
export function addFixedIp(
  network: NetworkService,
  neutron: NeutronClient,
  server: Server,
  networkId: string,
): boolean {
  const query = `network_id=${encodeURIComponent(networkId)}`;
  const subnets = (call(network, 'GET', `/subnets?${query}`).body?.subnets ?? []) as {
    id: string;
  }[];
  if (subnets.length === 0) return false;
  for (const port of ownPorts(neutron, server).filter((p) => p.networkId === networkId)) {
    for (const subnet of subnets) {
      const current: FixedIp[] = port.fixedIps.map((f) => ({ ...f }));
      if (updateFixedIps(network, port.id, [...current, { subnet_id: subnet.id }])) {
        refreshAddresses(neutron, server);
        return true;
      }
    }
  }
  return false;
}

/**
 * `removeFixedIp`: drops the address from the server's port that holds it. Nothing
 * changes when no port of the server holds it (Nova's FixedIpNotFoundForInstance).
 *
 * @example
 * removeFixedIp(cloud.network, cloud.neutron, server, '192.168.1.4'); // true
 */
export function removeFixedIp(
  network: NetworkService,
  neutron: NeutronClient,
  server: Server,
  address: string,
): boolean {
  const port = ownPorts(neutron, server).find((p) =>
    p.fixedIps.some((f) => f.ip_address === address),
  );
  if (!port) return false;
  // Nova returns after the first port whether or not Neutron took the update.
  updateFixedIps(
    network,
    port.id,
    port.fixedIps.filter((f) => f.ip_address !== address).map((f) => ({ ...f })),
  );
  refreshAddresses(neutron, server);
  return true;
}
