import { stableId } from '../identity/seed.js';
import { formatIp, parseCidr } from './ip.js';
import { defaultPools } from './ipam.js';
import type { NetworkDb, NetworkRow, PortRow, RouterRow, SubnetRow } from './records.js';

/** The network Nova's api_samples attach to (`private`, 192.168.1.0/24). */
export const SAMPLE_NETWORK_ID = '3cb9bc59-5699-4588-a4b1-b87f96708bc6';
export const PRIVATE_SUBNET_ID = '5b5c3e8a-0000-4000-8000-000000000001';
export const PUBLIC_NETWORK_ID = 'b8a3d4a0-7c5e-4f0a-9c3f-2f6f1f0c0d01';
export const PUBLIC_SUBNET_ID = 'b8a3d4a0-7c5e-4f0a-9c3f-2f6f1f0c0d02';
export const ROUTER_ID = 'b8a3d4a0-7c5e-4f0a-9c3f-2f6f1f0c0d03';
const GATEWAY_PORT_ID = 'b8a3d4a0-7c5e-4f0a-9c3f-2f6f1f0c0d04';
const INTERFACE_PORT_ID = 'b8a3d4a0-7c5e-4f0a-9c3f-2f6f1f0c0d05';

/**
 * The `admin` project's id as the default Keystone seed makes it (a hash of its name),
 * so DevStack's admin-owned networks have the owner the identity service reports.
 */
export const ADMIN_PROJECT_ID = stableId('project', 'admin');

/** A network given to `createCloud({ catalog: { networks } })`: a tenant network with one subnet. */
export interface NetworkInput {
  readonly id: string;
  readonly name: string;
  readonly cidr: string;
}

function stamped(now: number, id: string, projectId: string) {
  return { id, projectId, description: '', createdAt: now, updatedAt: now, revision: 1 };
}

function network(
  now: number,
  id: string,
  name: string,
  extra: Partial<NetworkRow> = {},
): NetworkRow {
  return {
    ...stamped(now, id, ADMIN_PROJECT_ID),
    name,
    shared: true,
    external: false,
    adminStateUp: true,
    mtu: 1442,
    portSecurityEnabled: true,
    ...extra,
  };
}

function subnet(
  now: number,
  id: string,
  networkId: string,
  name: string,
  cidrText: string,
): SubnetRow {
  const cidr = parseCidr(cidrText)!;
  const gateway = cidr.network + 1n;
  return {
    ...stamped(now, id, ADMIN_PROJECT_ID),
    name,
    networkId,
    ipVersion: cidr.version,
    cidr: cidrText,
    gatewayIp: formatIp(cidr.version, gateway),
    allocationPools: defaultPools(cidr, gateway),
    enableDhcp: cidr.version === 4,
    dnsNameservers: [],
    hostRoutes: [],
    ipv6RaMode: null,
    ipv6AddressMode: null,
  };
}

function routerPort(
  now: number,
  id: string,
  owner: 'gateway' | 'interface',
  sub: SubnetRow,
  ip: string,
  mac: string,
): PortRow {
  return {
    ...stamped(now, id, owner === 'gateway' ? '' : ADMIN_PROJECT_ID),
    name: '',
    networkId: sub.networkId,
    macAddress: mac,
    fixedIps: [{ subnet_id: sub.id, ip_address: ip }],
    deviceId: ROUTER_ID,
    deviceOwner: owner === 'gateway' ? 'network:router_gateway' : 'network:router_interface',
    status: 'ACTIVE',
    adminStateUp: true,
    securityGroups: [],
    bindingHostId: '',
    bindingVifType: 'ovs',
    bindingVnicType: 'normal',
    portSecurityEnabled: false,
  };
}

/**
 * DevStack's network setup: `private` (shared here, so the api_samples' project and `demo`
 * both boot on it), `public` (external, 172.24.4.0/24 for floating IPs), and `router1`
 * with its gateway on public and an interface on private's subnet.
 *
 * Given networks (the catalog's `networks` option) replace private, as before; public and
 * router1 come only with the default private network.
 */
export function seedDefaults(db: NetworkDb, now: number, given?: readonly NetworkInput[]): void {
  if (given) {
    given.forEach((input, i) => {
      db.networks.set(input.id, network(now, input.id, input.name));
      const id = `5b5c3e8a-0000-4000-8000-${String(i + 1).padStart(12, '0')}`;
      db.subnets.set(id, subnet(now, id, input.id, `${input.name}-subnet`, input.cidr));
    });
    return;
  }
  db.networks.set(SAMPLE_NETWORK_ID, network(now, SAMPLE_NETWORK_ID, 'private'));
  // 192.168.0.0/16 with its pool from 192.168.1.2: servers get the addresses the samples
  // show (192.168.1.x first), and the default network holds 65,000 of them, not 253.
  const privateSubnet: SubnetRow = {
    ...subnet(now, PRIVATE_SUBNET_ID, SAMPLE_NETWORK_ID, 'private-subnet', '192.168.0.0/16'),
    gatewayIp: '192.168.1.1',
    allocationPools: [{ start: '192.168.1.2', end: '192.168.255.254' }],
  };
  db.subnets.set(PRIVATE_SUBNET_ID, privateSubnet);
  db.networks.set(
    PUBLIC_NETWORK_ID,
    network(now, PUBLIC_NETWORK_ID, 'public', { shared: false, external: true }),
  );
  const publicSubnet = subnet(
    now,
    PUBLIC_SUBNET_ID,
    PUBLIC_NETWORK_ID,
    'public-subnet',
    '172.24.4.0/24',
  );
  db.subnets.set(PUBLIC_SUBNET_ID, publicSubnet);
  const router: RouterRow = {
    ...stamped(now, ROUTER_ID, ADMIN_PROJECT_ID),
    name: 'router1',
    adminStateUp: true,
    gateway: { networkId: PUBLIC_NETWORK_ID, enableSnat: true, portId: GATEWAY_PORT_ID },
  };
  db.routers.set(ROUTER_ID, router);
  const pool = publicSubnet.allocationPools[0]!;
  db.addPort(
    routerPort(now, GATEWAY_PORT_ID, 'gateway', publicSubnet, pool.start, 'fa:16:3e:00:00:01'),
  );
  db.addPort(
    routerPort(
      now,
      INTERFACE_PORT_ID,
      'interface',
      privateSubnet,
      privateSubnet.gatewayIp!,
      'fa:16:3e:00:00:02',
    ),
  );
}
