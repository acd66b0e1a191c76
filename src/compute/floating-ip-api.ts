import { NovaError } from '../errors/nova-error.js';
import type { NeutronClient } from '../network/client.js';
import type { Auth } from '../service/contract.js';
import type { Server } from './server.js';

// Nova's addFloatingIp / removeFloatingIp proxies (api/openstack/compute/floating_ips.py,
// up to 2.43), over Neutron's floating IPs.

function fixedV4(server: Server): string[] {
  return server.addresses.filter((a) => a.type === 'fixed' && a.version === 4).map((a) => a.addr);
}

/**
 * `addFloatingIp`: points a project floating IP at one of the server's fixed addresses.
 *
 * @example
 * addFloatingIp(neutron, server, auth, '172.24.4.10');
 */
export function addFloatingIp(
  neutron: NeutronClient,
  server: Server,
  auth: Auth,
  address: string,
  fixedAddress?: string,
): void {
  const fixed = server.addresses.filter((a) => a.type === 'fixed');
  if (!server.ports || server.ports.length === 0 || fixed.length === 0) {
    throw NovaError.badRequest(
      server.addresses.length === 0
        ? 'Instance network is not ready yet'
        : 'No fixed IPs associated to instance',
    );
  }
  let target = fixedAddress;
  if (target !== undefined && !fixed.some((a) => a.addr === target)) {
    throw NovaError.badRequest('Specified fixed address not assigned to instance');
  }
  target ??= fixedV4(server)[0];
  if (target === undefined) {
    throw NovaError.badRequest(
      `Unable to associate floating IP ${address} to any fixed IPs for instance ${server.id}. Instance has no fixed IPv4 addresses to associate.`,
    );
  }
  const fip = neutron.floatingIpByAddress(auth, address);
  if (!fip) throw NovaError.notFound('floating IP not found');
  const port = neutron
    .portsOfDevice(server.id)
    .find((p) => p.fixedIps.some((ip) => ip.ip_address === target));
  if (!port) throw NovaError.badRequest('Specified fixed address not assigned to instance');
  const error = neutron.updateFloatingIp(auth, fip.id, port.id, target);
  // Neutron's 409 is FloatingIpAssociateFailed, shown with Neutron's words; any other
  // refusal falls to the controller's catch-all message.
  if (error?.status === 409) throw NovaError.badRequest(error.message);
  if (error) {
    throw NovaError.badRequest(
      `Unable to associate floating IP ${address} to fixed IP ${target} for instance ${server.id}. Error: ${error.message}`,
    );
  }
}

/**
 * The project of the server a floating IP is on (Nova's `get_instance_by_floating_ip_addr`),
 * for the policy target of `removeFloatingIp`; 404 for an unknown address.
 */
export function floatingIpOwner(
  neutron: NeutronClient,
  auth: Auth,
  address: string,
  server: (id: string) => Server | undefined,
): string | undefined {
  const fip = neutron.floatingIpByAddress(auth, address);
  if (!fip) throw NovaError.notFound(`Floating IP not found for address ${address}.`);
  const port = fip.portId === null ? undefined : neutron.port(auth, fip.portId);
  return port ? server(port.deviceId)?.projectId : undefined;
}

/** `removeFloatingIp`: 404 for an unknown address, 409 when it is not on this server. */
export function removeFloatingIp(
  neutron: NeutronClient,
  server: Pick<Server, 'id'>,
  auth: Auth,
  address: string,
): void {
  const fip = neutron.floatingIpByAddress(auth, address);
  if (!fip) throw NovaError.notFound('floating IP not found');
  const onServer =
    fip.portId !== null && neutron.portsOfDevice(server.id).some((p) => p.id === fip.portId);
  if (!onServer) {
    throw NovaError.conflict(
      `Floating IP ${address} is not associated with instance ${server.id}.`,
    );
  }
  neutron.updateFloatingIp(auth, fip.id, null);
}
