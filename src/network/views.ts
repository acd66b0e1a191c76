import { formatCidr, parseCidr } from './ip.js';
import type {
  FloatingIpRow,
  NetworkDb,
  NetworkRow,
  PortRow,
  RouterRow,
  RuleRow,
  SecurityGroupRow,
  Standard,
  SubnetRow,
} from './records.js';

// Neutron's wire JSON for each resource, from the rows.

export type Doc = Record<string, unknown>;

/** Neutron's timestamps: ISO 8601 to the second, with `Z`. */
export function isoTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

function standard(row: Standard): Doc {
  return {
    tenant_id: row.projectId,
    project_id: row.projectId,
    description: row.description,
    tags: [],
    created_at: isoTime(row.createdAt),
    updated_at: isoTime(row.updatedAt),
    revision_number: row.revision,
  };
}

export function networkView(row: NetworkRow, db: NetworkDb): Doc {
  return {
    id: row.id,
    name: row.name,
    status: 'ACTIVE',
    admin_state_up: row.adminStateUp,
    shared: row.shared,
    'router:external': row.external,
    subnets: db.subnetsOf(row.id).map((s) => s.id),
    mtu: row.mtu,
    port_security_enabled: row.portSecurityEnabled,
    availability_zone_hints: [],
    availability_zones: ['nova'],
    ipv4_address_scope: null,
    ipv6_address_scope: null,
    is_default: false,
    l2_adjacency: true,
    ...standard(row),
  };
}

export function subnetView(row: SubnetRow): Doc {
  return {
    id: row.id,
    name: row.name,
    network_id: row.networkId,
    ip_version: row.ipVersion,
    cidr: row.cidr,
    gateway_ip: row.gatewayIp,
    allocation_pools: row.allocationPools.map((p) => ({ start: p.start, end: p.end })),
    enable_dhcp: row.enableDhcp,
    dns_nameservers: [...row.dnsNameservers],
    host_routes: (row.hostRoutes ?? []).map((r) => ({
      destination: r.destination,
      nexthop: r.nexthop,
    })),
    ipv6_ra_mode: row.ipv6RaMode,
    ipv6_address_mode: row.ipv6AddressMode,
    subnetpool_id: null,
    service_types: [],
    ...standard(row),
  };
}

export function portView(row: PortRow): Doc {
  return {
    id: row.id,
    name: row.name,
    network_id: row.networkId,
    mac_address: row.macAddress,
    fixed_ips: row.fixedIps.map((ip) => ({ subnet_id: ip.subnet_id, ip_address: ip.ip_address })),
    device_id: row.deviceId,
    device_owner: row.deviceOwner,
    status: row.status,
    admin_state_up: row.adminStateUp,
    security_groups: [...row.securityGroups],
    port_security_enabled: row.portSecurityEnabled,
    allowed_address_pairs: [],
    extra_dhcp_opts: [],
    'binding:host_id': row.bindingHostId,
    'binding:vif_type': row.bindingVifType,
    'binding:vnic_type': row.bindingVnicType,
    'binding:vif_details': row.bindingVifType === 'ovs' ? { port_filter: true } : {},
    'binding:profile': {},
    ...standard(row),
  };
}

/** The rule's prefix as its network (`10.2.3.124/24` → `10.2.3.0/24`). */
function normalizedCidr(prefix: string | null): string | null {
  const cidr = prefix === null ? undefined : parseCidr(prefix);
  return cidr ? formatCidr(cidr) : prefix;
}

export function ruleView(row: RuleRow): Doc {
  return {
    id: row.id,
    security_group_id: row.securityGroupId,
    direction: row.direction,
    ethertype: row.ethertype,
    protocol: row.protocol,
    port_range_min: row.portRangeMin,
    port_range_max: row.portRangeMax,
    remote_ip_prefix: row.remoteIpPrefix,
    remote_group_id: row.remoteGroupId,
    remote_address_group_id: null,
    normalized_cidr: normalizedCidr(row.remoteIpPrefix),
    belongs_to_default_sg: null,
    ...standard(row),
  };
}

export function securityGroupView(row: SecurityGroupRow, db: NetworkDb): Doc {
  return {
    id: row.id,
    name: row.name,
    stateful: row.stateful,
    shared: false,
    security_group_rules: db.rulesOf(row.id).map(ruleView),
    ...standard(row),
  };
}

export function floatingIpView(row: FloatingIpRow, db: NetworkDb): Doc {
  const port = row.portId === null ? undefined : db.ports.get(row.portId);
  return {
    id: row.id,
    floating_network_id: row.floatingNetworkId,
    floating_ip_address: row.floatingIpAddress,
    port_id: row.portId,
    fixed_ip_address: row.fixedIpAddress,
    router_id: row.routerId,
    status: row.status,
    dns_domain: '',
    dns_name: '',
    port_details: port
      ? {
          name: port.name,
          network_id: port.networkId,
          mac_address: port.macAddress,
          admin_state_up: port.adminStateUp,
          status: port.status,
          device_id: port.deviceId,
          device_owner: port.deviceOwner,
        }
      : null,
    port_forwardings: [],
    qos_policy_id: null,
    ...standard(row),
  };
}

export function routerView(row: RouterRow, db: NetworkDb): Doc {
  const gatewayPort = row.gateway ? db.ports.get(row.gateway.portId) : undefined;
  return {
    id: row.id,
    name: row.name,
    status: 'ACTIVE',
    admin_state_up: row.adminStateUp,
    external_gateway_info: row.gateway
      ? {
          network_id: row.gateway.networkId,
          enable_snat: row.gateway.enableSnat,
          external_fixed_ips: (gatewayPort?.fixedIps ?? []).map((ip) => ({ ...ip })),
        }
      : null,
    routes: [],
    distributed: false,
    ha: false,
    flavor_id: null,
    availability_zone_hints: [],
    availability_zones: ['nova'],
    ...standard(row),
  };
}
