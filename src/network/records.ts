import { type IpVersion, parseIp } from './ip.js';
import { poolBounds } from './pool-bounds.js';
import type { HostRoute } from './subnet-options.js';

// Neutron's rows, as its DB holds them: plain data, so a snapshot is a structured clone.

/** The fields every Neutron resource carries (standard-attr: description, timestamps, revision). */
export interface Standard {
  readonly id: string;
  /** '' for resources Neutron owns itself (router gateway and floating IP ports). */
  readonly projectId: string;
  description: string;
  readonly createdAt: number;
  updatedAt: number;
  revision: number;
}

export interface NetworkRow extends Standard {
  name: string;
  shared: boolean;
  external: boolean;
  adminStateUp: boolean;
  mtu: number;
  portSecurityEnabled: boolean;
}

export interface Pool {
  readonly start: string;
  readonly end: string;
}

export interface SubnetRow extends Standard {
  name: string;
  readonly networkId: string;
  readonly ipVersion: IpVersion;
  readonly cidr: string;
  gatewayIp: string | null;
  allocationPools: Pool[];
  enableDhcp: boolean;
  dnsNameservers: string[];
  /** Absent in snapshots taken before the cloud kept host routes. */
  hostRoutes?: HostRoute[];
  readonly ipv6RaMode: string | null;
  readonly ipv6AddressMode: string | null;
}

export interface FixedIp {
  readonly subnet_id: string;
  readonly ip_address: string;
}

export type PortStatus = 'DOWN' | 'ACTIVE' | 'BUILD' | 'N/A';

export interface PortRow extends Standard {
  name: string;
  readonly networkId: string;
  readonly macAddress: string;
  fixedIps: FixedIp[];
  deviceId: string;
  deviceOwner: string;
  status: PortStatus;
  adminStateUp: boolean;
  securityGroups: string[];
  bindingHostId: string;
  bindingVifType: string;
  bindingVnicType: string;
  portSecurityEnabled: boolean;
}

export interface SecurityGroupRow extends Standard {
  name: string;
  readonly stateful: boolean;
}

export interface RuleRow extends Standard {
  readonly securityGroupId: string;
  readonly direction: 'ingress' | 'egress';
  readonly ethertype: 'IPv4' | 'IPv6';
  readonly protocol: string | null;
  readonly portRangeMin: number | null;
  readonly portRangeMax: number | null;
  readonly remoteIpPrefix: string | null;
  readonly remoteGroupId: string | null;
}

export interface FloatingIpRow extends Standard {
  readonly floatingNetworkId: string;
  readonly floatingIpAddress: string;
  /** The network:floatingip port holding the address on the external network. */
  readonly floatingPortId: string;
  portId: string | null;
  fixedIpAddress: string | null;
  routerId: string | null;
  status: 'DOWN' | 'ACTIVE';
}

export interface GatewayInfo {
  readonly networkId: string;
  readonly enableSnat: boolean;
  /** The network:router_gateway port. */
  readonly portId: string;
}

export interface RouterRow extends Standard {
  name: string;
  adminStateUp: boolean;
  gateway: GatewayInfo | null;
}

/** Neutron's quota resources, in the order its API lists them. */
export const QUOTA_RESOURCES = [
  'network',
  'subnet',
  'subnetpool',
  'port',
  'router',
  'floatingip',
  'rbac_policy',
  'security_group',
  'security_group_rule',
] as const;
export type QuotaResource = (typeof QUOTA_RESOURCES)[number];
export type QuotaSet = Record<QuotaResource, number>;

/** neutron.conf [quotas] defaults. */
export const DEFAULT_QUOTAS: QuotaSet = {
  network: 100,
  subnet: 100,
  subnetpool: -1,
  port: 500,
  router: 10,
  floatingip: 50,
  rbac_policy: 10,
  security_group: 10,
  security_group_rule: 100,
};

/** Where the search for a subnet's next free address starts: a pool and a value in it. */
export interface IpMark {
  readonly pool: number;
  readonly value: bigint;
}

/** A freed address below the mark becomes the mark: the new lowest candidate. */
function lowered(mark: IpMark | undefined, subnet: SubnetRow | undefined, address: string) {
  const value = parseIp(address)?.value;
  if (!mark || !subnet || value === undefined) return mark;
  const pool = subnet.allocationPools.findIndex((p) => {
    const bounds = poolBounds(p);
    return bounds !== null && bounds.start <= value && value <= bounds.end;
  });
  if (pool < 0) return mark;
  return pool < mark.pool || (pool === mark.pool && value < mark.value) ? { pool, value } : mark;
}

/** The whole DB as plain JSON: each table in insertion order. */
export interface NetworkDbSnapshot {
  readonly networks: readonly NetworkRow[];
  readonly subnets: readonly SubnetRow[];
  readonly ports: readonly PortRow[];
  readonly securityGroups: readonly SecurityGroupRow[];
  readonly rules: readonly RuleRow[];
  readonly floatingIps: readonly FloatingIpRow[];
  readonly routers: readonly RouterRow[];
  readonly quotas: readonly [string, Partial<QuotaSet>][];
}

/** Neutron's tables, keyed by id, in creation order (Map keeps it; listings follow it). */
export class NetworkDb {
  readonly networks = new Map<string, NetworkRow>();
  readonly subnets = new Map<string, SubnetRow>();
  readonly ports = new Map<string, PortRow>();
  readonly securityGroups = new Map<string, SecurityGroupRow>();
  readonly rules = new Map<string, RuleRow>();
  readonly floatingIps = new Map<string, FloatingIpRow>();
  readonly routers = new Map<string, RouterRow>();
  /** Per-project overrides (PUT /v2.0/quotas/{project}). */
  readonly quotas = new Map<string, Partial<QuotaSet>>();

  subnetsOf(networkId: string): SubnetRow[] {
    return [...this.subnets.values()].filter((s) => s.networkId === networkId);
  }

  portsOn(networkId: string): PortRow[] {
    return [...this.ports.values()].filter((p) => p.networkId === networkId);
  }

  portsOf(deviceId: string): PortRow[] {
    if (deviceId === '') return [];
    return [...this.ports.values()].filter((p) => p.deviceId === deviceId);
  }

  rulesOf(groupId: string): RuleRow[] {
    return [...this.rules.values()].filter((r) => r.securityGroupId === groupId);
  }

  /**
   * Per subnet: the addresses in use, and a mark before which every pool address is
   * taken. Derived from the ports (built on first use, never snapshotted), so the lowest
   * free address is found without rescanning: allocation stays O(1) amortised.
   */
  private readonly ipIndex = new Map<string, { used: Set<string>; mark: IpMark | undefined }>();

  private indexOf(subnetId: string) {
    let index = this.ipIndex.get(subnetId);
    if (!index) {
      const used = new Set<string>();
      for (const port of this.ports.values()) {
        for (const ip of port.fixedIps) if (ip.subnet_id === subnetId) used.add(ip.ip_address);
      }
      index = { used, mark: undefined };
      this.ipIndex.set(subnetId, index);
    }
    return index;
  }

  /** Every address handed out on a subnet, as text (live: do not change it). */
  usedAddresses(subnetId: string): ReadonlySet<string> {
    return this.indexOf(subnetId).used;
  }

  ipMark(subnetId: string): IpMark | undefined {
    return this.indexOf(subnetId).mark;
  }

  setIpMark(subnetId: string, mark: IpMark | undefined): void {
    this.indexOf(subnetId).mark = mark;
  }

  /** Forgets a subnet's index (its pools changed, or it is gone). */
  resetIpIndex(subnetId: string): void {
    this.ipIndex.delete(subnetId);
  }

  private track(ips: readonly FixedIp[], add: boolean): void {
    for (const ip of ips) {
      const index = this.ipIndex.get(ip.subnet_id);
      if (!index) continue;
      if (add) index.used.add(ip.ip_address);
      else {
        index.used.delete(ip.ip_address);
        index.mark = lowered(index.mark, this.subnets.get(ip.subnet_id), ip.ip_address);
      }
    }
  }

  /** MACs in use per network, derived from the ports like the IP index. */
  private readonly macIndex = new Map<string, Set<string>>();

  /** Whether a MAC is taken on a network. */
  macInUse(networkId: string, mac: string): boolean {
    let macs = this.macIndex.get(networkId);
    if (!macs) {
      macs = new Set(this.portsOn(networkId).map((p) => p.macAddress));
      this.macIndex.set(networkId, macs);
    }
    return macs.has(mac);
  }

  /** Ports per project, kept on write: the quota check reads it instead of a scan. */
  private readonly portsByProject = new Map<string, number>();

  /** How many ports a project has. */
  portCount(projectId: string): number {
    return this.portsByProject.get(projectId) ?? 0;
  }

  private countPort(projectId: string, by: 1 | -1): void {
    const n = (this.portsByProject.get(projectId) ?? 0) + by;
    if (n === 0) this.portsByProject.delete(projectId);
    else this.portsByProject.set(projectId, n);
  }

  addPort(row: PortRow): void {
    if (!this.ports.has(row.id)) this.countPort(row.projectId, 1);
    this.ports.set(row.id, row);
    this.track(row.fixedIps, true);
    this.macIndex.get(row.networkId)?.add(row.macAddress);
  }

  deletePort(id: string): void {
    const row = this.ports.get(id);
    if (!row) return;
    this.ports.delete(id);
    this.countPort(row.projectId, -1);
    this.track(row.fixedIps, false);
    this.macIndex.get(row.networkId)?.delete(row.macAddress);
  }

  setFixedIps(row: PortRow, ips: FixedIp[]): void {
    this.track(row.fixedIps, false);
    row.fixedIps = ips;
    this.track(ips, true);
  }

  quotasOf(projectId: string): QuotaSet {
    return { ...DEFAULT_QUOTAS, ...this.quotas.get(projectId) };
  }

  snapshot(): NetworkDbSnapshot {
    return structuredClone({
      networks: [...this.networks.values()],
      subnets: [...this.subnets.values()],
      ports: [...this.ports.values()],
      securityGroups: [...this.securityGroups.values()],
      rules: [...this.rules.values()],
      floatingIps: [...this.floatingIps.values()],
      routers: [...this.routers.values()],
      quotas: [...this.quotas],
    });
  }

  static restore(snapshot: NetworkDbSnapshot): NetworkDb {
    const db = new NetworkDb();
    const copy = structuredClone(snapshot);
    for (const row of copy.networks) db.networks.set(row.id, row);
    for (const row of copy.subnets) db.subnets.set(row.id, row);
    for (const row of copy.ports) {
      db.ports.set(row.id, row);
      db.countPort(row.projectId, 1);
    }
    for (const row of copy.securityGroups) db.securityGroups.set(row.id, row);
    for (const row of copy.rules) db.rules.set(row.id, row);
    for (const row of copy.floatingIps) db.floatingIps.set(row.id, row);
    for (const row of copy.routers) db.routers.set(row.id, row);
    for (const [id, quotas] of copy.quotas) db.quotas.set(id, quotas);
    return db;
  }
}
