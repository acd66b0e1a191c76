import type { Cloud } from '../../cloud.js';
import { violated } from '../model/violation.js';

/**
 * Nova's VIFs and Neutron's ports agree (nova/network/neutron.py): no address handed out
 * twice on a subnet or as a floating IP; a port a server lists is that server's in
 * Neutron and no other server's; a compute port's device is a live server that lists it;
 * a deleted server holds no port; a floating IP sits on an existing port and one of its
 * fixed addresses; every group on a port exists.
 *
 * @example
 * checkPorts(cloud);
 */
export function checkPorts(cloud: Cloud): void {
  const { db } = cloud.network;
  const addresses = new Map<string, string>();
  for (const port of db.ports.values()) {
    for (const ip of port.fixedIps) {
      const key = `${ip.subnet_id}/${ip.ip_address}`;
      const holder = addresses.get(key);
      if (holder !== undefined) {
        violated('ports', `address ${key} is on port ${holder} and port ${port.id}`);
      }
      addresses.set(key, port.id);
    }
    for (const group of port.securityGroups) {
      if (!db.securityGroups.has(group)) {
        violated('ports', `port ${port.id} has security group ${group}, which does not exist`);
      }
    }
  }
  const owner = new Map<string, string>();
  for (const server of cloud.compute.servers.values()) {
    const vifs = server.ports ?? [];
    if (server.deleted && vifs.length > 0) {
      violated(
        'ports',
        `deleted server ${server.id} still lists ports ${vifs.map((v) => v.id).join(', ')}`,
      );
    }
    for (const vif of vifs) {
      const other = owner.get(vif.id);
      if (other !== undefined) {
        violated('ports', `port ${vif.id} is listed by servers ${other} and ${server.id}`);
      }
      owner.set(vif.id, server.id);
      const port = db.ports.get(vif.id);
      if (port?.deviceId !== server.id) {
        violated(
          'ports',
          `server ${server.id} lists port ${vif.id}, whose device_id is ${JSON.stringify(port?.deviceId ?? 'none: the port is gone')}`,
        );
      }
    }
  }
  for (const port of db.ports.values()) {
    if (!port.deviceOwner.startsWith('compute:') || port.deviceId === '') continue;
    const server = cloud.compute.get(port.deviceId);
    if (!server || server.deleted || owner.get(port.id) !== server.id) {
      violated(
        'ports',
        `port ${port.id} is bound to ${port.deviceId}, ${!server || server.deleted ? 'which is gone' : 'which does not list it'}`,
      );
    }
  }
  const floating = new Map<string, string>();
  for (const fip of db.floatingIps.values()) {
    const holder = floating.get(fip.floatingIpAddress);
    if (holder !== undefined) {
      violated(
        'ports',
        `floating IP ${fip.floatingIpAddress} handed out twice: ${holder} and ${fip.id}`,
      );
    }
    floating.set(fip.floatingIpAddress, fip.id);
    if (fip.portId === null) continue;
    const port = db.ports.get(fip.portId);
    if (!port) violated('ports', `floating IP ${fip.id} sits on port ${fip.portId}, which is gone`);
    if (!port.fixedIps.some((ip) => ip.ip_address === fip.fixedIpAddress)) {
      violated(
        'ports',
        `floating IP ${fip.id} maps to ${String(fip.fixedIpAddress)}, not an address of port ${port.id}`,
      );
    }
  }
}
