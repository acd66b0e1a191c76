import type { Auth } from '../service/contract.js';
import { canSeeNetwork, type NetworkContext } from './context.js';
import type { NeutronError } from './errors.js';
import { bindHost, insertPort, removePort } from './handlers/ports.js';
import { ensureDefaultGroup } from './handlers/security-groups.js';
import { parseIp } from './ip.js';
import type { FloatingIpRow, NetworkRow, PortRow, RuleRow, SecurityGroupRow } from './records.js';
import type { NetworkService } from './service.js';

/** One address of a device as Nova's network info cache holds it. */
export interface DeviceAddress {
  readonly network: string;
  readonly version: 4 | 6;
  readonly addr: string;
  readonly type: 'fixed' | 'floating';
  readonly mac: string;
}

/**
 * What Nova asks Neutron, as python-neutronclient calls from nova/network/neutron.py:
 * typed, in-process, acting with the caller's project (admin where Nova elevates).
 */
export interface NeutronClient {
  /** Nova's `_get_available_networks`: the project's own unshared networks, then the shared ones. */
  availableNetworks(projectId: string): NetworkRow[];
  network(auth: Auth, id: string): NetworkRow | undefined;
  hasSubnets(networkId: string): boolean;
  port(auth: Auth, id: string): PortRow | undefined;
  /** The port on the network holding this fixed IP, if any. */
  portWithIp(networkId: string, ip: string): PortRow | undefined;
  /** Free port quota of a project (-1: unlimited). */
  portsLeft(projectId: string): number;
  /** Security group ids of the project matching a name or id (the default group is made on first use). */
  securityGroups(projectId: string, nameOrId: string): string[];
  createPort(
    projectId: string,
    networkId: string,
    attrs: { deviceId: string; deviceOwner: string; fixedIp?: string; securityGroups: string[] },
  ): PortRow | NeutronError;
  /** Binds a user's port to the device. */
  claimPort(portId: string, deviceId: string, deviceOwner: string): void;
  /** Binding host, owner and status of a device's ports (Nova knows their ids). */
  bind(portIds: readonly string[], host: string, deviceOwner: string, active: boolean): void;
  deletePort(portId: string): void;
  /** The port goes back to the user: no device, no binding, DOWN. */
  releasePort(portId: string): void;
  /** The ports whose device_id is this device. */
  portsOfDevice(deviceId: string): PortRow[];
  /** Replaces a port's security groups (Nova's update_port). */
  setPortSecurityGroups(portId: string, groupIds: readonly string[]): void;
  /** Security groups by id, with their rules. */
  securityGroupRows(ids: readonly string[]): { group: SecurityGroupRow; rules: RuleRow[] }[];
  /** A project's floating IP by its address. */
  floatingIpByAddress(auth: Auth, address: string): FloatingIpRow | undefined;
  /** PUT /floatingips/{id} as the caller: `undefined` or Neutron's error. */
  updateFloatingIp(
    auth: Auth,
    id: string,
    portId: string | null,
    fixedIp?: string,
  ): { status: number; type: string; message: string } | undefined;
  /** The device's addresses, in port order, fixed then floating. */
  addresses(portIds: readonly string[]): DeviceAddress[];
}

/**
 * The Neutron client Nova holds.
 *
 * @example
 * const neutron = neutronClient(cloud.network);
 * neutron.availableNetworks('demo').map((n) => n.name); // ['private']
 */
export function neutronClient(service: NetworkService): NeutronClient {
  const db = service.db;
  const admin: Auth = { projectId: '', userId: 'nova', roles: ['admin'] };
  const ctxFor = (auth: Auth): NetworkContext => service.context(auth);
  return {
    availableNetworks(projectId) {
      const all = [...db.networks.values()];
      return [
        ...all.filter((n) => n.projectId === projectId && !n.shared),
        ...all.filter((n) => n.shared),
      ];
    },
    network(auth, id) {
      const row = db.networks.get(id);
      return row && canSeeNetwork(ctxFor(auth), row) ? row : undefined;
    },
    hasSubnets: (networkId) => db.subnetsOf(networkId).length > 0,
    port(auth, id) {
      const row = db.ports.get(id);
      if (!row) return undefined;
      return auth.roles.includes('admin') || row.projectId === auth.projectId ? row : undefined;
    },
    portWithIp(networkId, ip) {
      return db.portsOn(networkId).find((p) => p.fixedIps.some((f) => f.ip_address === ip));
    },
    portsLeft(projectId) {
      const limit = db.quotasOf(projectId).port;
      if (limit < 0) return -1;
      // The count kept on write, not a scan of every port: a create costs the same at 10k
      // servers as at 10.
      return Math.max(0, limit - db.portCount(projectId));
    },
    securityGroups(projectId, nameOrId) {
      ensureDefaultGroup(ctxFor(admin), projectId);
      return [...db.securityGroups.values()]
        .filter((g) => g.projectId === projectId && (g.name === nameOrId || g.id === nameOrId))
        .map((g) => g.id);
    },
    createPort(projectId, networkId, attrs) {
      const network = db.networks.get(networkId);
      if (!network) throw new TypeError(`no network ${networkId}`);
      const ctx = ctxFor(admin);
      try {
        return insertPort(ctx, network, projectId, {
          device_id: attrs.deviceId,
          device_owner: attrs.deviceOwner,
          security_groups: attrs.securityGroups,
          ...(attrs.fixedIp === undefined ? {} : { fixed_ips: [{ ip_address: attrs.fixedIp }] }),
        });
      } catch (error) {
        if ((error as Error).name === 'NeutronError') return error as NeutronError;
        throw error;
      }
    },
    claimPort(portId, deviceId, deviceOwner) {
      const port = db.ports.get(portId);
      if (!port) return;
      port.deviceId = deviceId;
      port.deviceOwner = deviceOwner;
    },
    bind(portIds, host, deviceOwner, active) {
      for (const id of portIds) {
        const port = db.ports.get(id);
        if (!port) continue;
        bindHost(port, host);
        port.deviceOwner = deviceOwner;
        if (host !== '') port.status = active ? 'ACTIVE' : port.status;
      }
    },
    deletePort(portId) {
      const port = db.ports.get(portId);
      if (port) removePort(ctxFor(admin), port);
    },
    releasePort(portId) {
      const port = db.ports.get(portId);
      if (!port) return;
      port.deviceId = '';
      port.deviceOwner = '';
      bindHost(port, '');
    },
    portsOfDevice: (deviceId) => db.portsOf(deviceId),
    setPortSecurityGroups(portId, groupIds) {
      const port = db.ports.get(portId);
      if (port) port.securityGroups = [...new Set(groupIds)];
    },
    securityGroupRows(ids) {
      return ids.flatMap((id) => {
        const group = db.securityGroups.get(id);
        return group ? [{ group, rules: db.rulesOf(id) }] : [];
      });
    },
    floatingIpByAddress(auth, address) {
      for (const fip of db.floatingIps.values()) {
        if (fip.floatingIpAddress !== address) continue;
        if (auth.roles.includes('admin') || fip.projectId === auth.projectId) return fip;
      }
      return undefined;
    },
    updateFloatingIp(auth, id, portId, fixedIp) {
      const body = {
        floatingip: { port_id: portId, ...(fixedIp ? { fixed_ip_address: fixedIp } : {}) },
      };
      const res = service.handle({
        service: 'network',
        method: 'PUT',
        path: `/v2.0/floatingips/${id}`,
        body,
        auth,
      });
      if (res.status < 400) return undefined;
      const error = res.body?.NeutronError ?? {};
      return { status: res.status, type: String(error.type), message: String(error.message) };
    },
    addresses(portIds) {
      const out: DeviceAddress[] = [];
      for (const id of portIds) {
        const port = db.ports.get(id);
        if (!port) continue;
        const name = db.networks.get(port.networkId)?.name ?? '';
        for (const ip of port.fixedIps) {
          const version = parseIp(ip.ip_address)?.version ?? 4;
          out.push({
            network: name,
            version,
            addr: ip.ip_address,
            type: 'fixed',
            mac: port.macAddress,
          });
        }
        for (const fip of db.floatingIps.values()) {
          if (fip.portId !== id) continue;
          out.push({
            network: name,
            version: 4,
            addr: fip.floatingIpAddress,
            type: 'floating',
            mac: port.macAddress,
          });
        }
      }
      return out;
    },
  };
}
