import { createHash } from 'node:crypto';
import type { Auth } from '../api/context.js';
import type { Network } from '../catalog/catalog.js';
import type { Cloud } from '../cloud.js';
import type { Server } from '../compute/server.js';
import { isoSeconds } from './responses.js';

// Neutron's resource shapes, made from the cloud's catalog (networks, subnets) and its
// servers (a port per fixed address, the security groups they name).

export type Doc = Record<string, unknown>;

/** What one request may see, and how to render it. */
export interface View {
  readonly cloud: Cloud;
  readonly auth: Auth;
  readonly isAdmin: boolean;
  /** The project that owns shared networks (the admin project). */
  readonly sharedOwner: string;
}

/** A UUID-shaped id that is the same for the same inputs on every run. */
export function derivedUuid(...parts: string[]): string {
  const h = createHash('sha256').update(parts.join('/')).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export function networksOf(view: View): Network[] {
  const all = [...view.cloud.catalog.networks.values()];
  return view.isAdmin ? all : view.cloud.catalog.networksFor(view.auth.projectId);
}

function ownerOf(network: Network, view: View): string {
  return network.projectId ?? view.sharedOwner;
}

function stamps(ms: number) {
  return { created_at: isoSeconds(ms), updated_at: isoSeconds(ms) };
}

export function networkDoc(network: Network, view: View): Doc {
  const owner = ownerOf(network, view);
  return {
    id: network.id,
    name: network.name,
    status: 'ACTIVE',
    admin_state_up: true,
    shared: network.projectId === null,
    subnets: [network.subnetId],
    tenant_id: owner,
    project_id: owner,
    mtu: 1442,
    'router:external': false,
    port_security_enabled: true,
    availability_zones: ['nova'],
    availability_zone_hints: [],
    ipv4_address_scope: null,
    ipv6_address_scope: null,
    is_default: false,
    l2_adjacency: true,
    qos_policy_id: null,
    dns_domain: '',
    description: '',
    tags: [],
    revision_number: 1,
    ...stamps(view.cloud.clock.now()),
  };
}

function hostRange(cidr: string): { gateway: string; start: string; end: string } {
  const [base = '10.0.0.0', bitsText = '24'] = cidr.split('/');
  const octets = base.split('.').map(Number);
  const value =
    ((octets[0] ?? 0) << 24) |
    ((octets[1] ?? 0) << 16) |
    ((octets[2] ?? 0) << 8) |
    (octets[3] ?? 0);
  const size = 2 ** (32 - Number(bitsText));
  const addr = (n: number) =>
    [24, 16, 8, 0].map((shift) => ((value + n) >>> shift) & 0xff).join('.');
  return { gateway: addr(1), start: addr(2), end: addr(Math.max(2, size - 2)) };
}

export function subnetDoc(network: Network, view: View): Doc {
  const owner = ownerOf(network, view);
  const range = hostRange(network.cidr);
  return {
    id: network.subnetId,
    name: `${network.name}-subnet`,
    network_id: network.id,
    tenant_id: owner,
    project_id: owner,
    ip_version: 4,
    cidr: network.cidr,
    gateway_ip: range.gateway,
    allocation_pools: [{ start: range.start, end: range.end }],
    enable_dhcp: true,
    dns_nameservers: [],
    host_routes: [],
    ipv6_ra_mode: null,
    ipv6_address_mode: null,
    subnetpool_id: null,
    service_types: [],
    description: '',
    tags: [],
    revision_number: 0,
    ...stamps(view.cloud.clock.now()),
  };
}

function serversOf(view: View): Server[] {
  const out: Server[] = [];
  for (const server of view.cloud.compute.servers.values()) {
    if (server.deleted) continue;
    if (view.isAdmin || server.projectId === view.auth.projectId) out.push(server);
  }
  return out;
}

function securityGroupId(projectId: string, name: string): string {
  return derivedUuid('security-group', projectId, name);
}

/** One port per fixed address of each server, made from `server.addresses`. */
export function portDocs(view: View): Doc[] {
  const byName = new Map([...view.cloud.catalog.networks.values()].map((n) => [n.name, n]));
  const ports: Doc[] = [];
  for (const server of serversOf(view)) {
    for (const address of server.addresses) {
      if (address.type !== 'fixed') continue;
      const network = byName.get(address.network);
      ports.push({
        id: derivedUuid('port', server.id, address.mac, address.addr),
        name: '',
        network_id: network?.id ?? derivedUuid('network', address.network),
        tenant_id: server.projectId,
        project_id: server.projectId,
        mac_address: address.mac,
        fixed_ips: [{ subnet_id: network?.subnetId ?? null, ip_address: address.addr }],
        device_id: server.id,
        device_owner: `compute:${server.availabilityZone ?? 'nova'}`,
        status: 'ACTIVE',
        admin_state_up: true,
        security_groups: server.securityGroups.map((name) =>
          securityGroupId(server.projectId, name),
        ),
        port_security_enabled: true,
        allowed_address_pairs: [],
        extra_dhcp_opts: [],
        'binding:vnic_type': 'normal',
        'binding:host_id': server.host ?? '',
        dns_name: '',
        description: '',
        tags: [],
        revision_number: 1,
        ...stamps(server.createdAt),
      });
    }
  }
  return ports;
}

function ruleDocs(groupId: string, projectId: string): Doc[] {
  const rule = (direction: string, ethertype: string, remoteGroup: string | null): Doc => ({
    id: derivedUuid('rule', groupId, direction, ethertype),
    security_group_id: groupId,
    direction,
    ethertype,
    protocol: null,
    port_range_min: null,
    port_range_max: null,
    remote_ip_prefix: null,
    remote_group_id: remoteGroup,
    tenant_id: projectId,
    project_id: projectId,
    description: '',
  });
  return [
    rule('egress', 'IPv4', null),
    rule('egress', 'IPv6', null),
    rule('ingress', 'IPv4', groupId),
    rule('ingress', 'IPv6', groupId),
  ];
}

/** Each project's `default` group, plus every group a server of the project names. */
export function securityGroupDocs(view: View): Doc[] {
  const names = new Map<string, Set<string>>([[view.auth.projectId, new Set(['default'])]]);
  for (const server of serversOf(view)) {
    const set = names.get(server.projectId) ?? new Set(['default']);
    for (const name of server.securityGroups) set.add(name);
    names.set(server.projectId, set);
  }
  const docs: Doc[] = [];
  for (const [projectId, set] of names) {
    for (const name of set) {
      const id = securityGroupId(projectId, name);
      docs.push({
        id,
        name,
        description: name === 'default' ? 'Default security group' : '',
        tenant_id: projectId,
        project_id: projectId,
        stateful: true,
        security_group_rules: ruleDocs(id, projectId),
        tags: [],
        revision_number: 1,
        ...stamps(view.cloud.clock.now()),
      });
    }
  }
  return docs;
}
