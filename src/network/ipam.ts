import { hexId } from '../random/ids.js';
import type { Random } from '../random/prng.js';
import { NeutronError } from './errors.js';
import { type Cidr, formatIp, inCidr, parseCidr, parseIp } from './ip.js';
import { poolBounds } from './pool-bounds.js';
import type { FixedIp, NetworkDb, Pool, SubnetRow } from './records.js';

// Neutron's IPAM: default allocation pools, pool validation, and addresses handed out
// from the pools in order, each at most once.

function poolText(pool: Pool): string {
  return `${pool.start}-${pool.end}`;
}

/**
 * The pools Neutron makes when none are given: the whole range minus the network address,
 * the IPv4 broadcast address and the gateway.
 */
export function defaultPools(cidr: Cidr, gateway: bigint | null): Pool[] {
  const first = cidr.version === 4 && cidr.prefix >= 31 ? cidr.network : cidr.network + 1n;
  const last = cidr.version === 4 && cidr.prefix < 31 ? cidr.last - 1n : cidr.last;
  const ranges: [bigint, bigint][] = [];
  if (gateway !== null && gateway >= first && gateway <= last) {
    if (gateway > first) ranges.push([first, gateway - 1n]);
    if (gateway < last) ranges.push([gateway + 1n, last]);
  } else if (first <= last) {
    ranges.push([first, last]);
  }
  return ranges.map(([a, b]) => ({
    start: formatIp(cidr.version, a),
    end: formatIp(cidr.version, b),
  }));
}

/** Checks asked pools as Neutron's `validate_allocation_pools` does; returns them canonical. */
export function validatePools(
  cidr: Cidr,
  cidrText: string,
  pools: readonly Pool[],
  gateway: bigint | null,
): Pool[] {
  const ranges: [bigint, bigint, Pool][] = [];
  for (const pool of pools) {
    const start = parseIp(pool.start);
    const end = parseIp(pool.end);
    if (!start || !end || start.version !== cidr.version || end.version !== cidr.version) {
      throw NeutronError.badRequest(
        'InvalidAllocationPool',
        `The allocation pool ${poolText(pool)} is not valid.`,
      );
    }
    if (!inCidr(cidr, start.value) || !inCidr(cidr, end.value)) {
      throw NeutronError.badRequest(
        'OutOfBoundsAllocationPool',
        `The allocation pool ${poolText(pool)} spans beyond the subnet cidr ${cidrText}.`,
      );
    }
    if (start.value > end.value) {
      throw NeutronError.badRequest(
        'InvalidAllocationPool',
        `The allocation pool ${poolText(pool)} is not valid.`,
      );
    }
    const canonical = {
      start: formatIp(cidr.version, start.value),
      end: formatIp(cidr.version, end.value),
    };
    ranges.push([start.value, end.value, canonical]);
  }
  for (const [i, a] of ranges.entries()) {
    for (const b of ranges.slice(i + 1)) {
      if (a[0] <= b[1] && b[0] <= a[1]) {
        throw NeutronError.conflict(
          'OverlappingAllocationPools',
          `Found overlapping allocation pools: ${poolText(a[2])} and ${poolText(b[2])} for subnet ${cidrText}.`,
        );
      }
    }
    if (gateway !== null && gateway >= a[0] && gateway <= a[1]) {
      throw NeutronError.conflict(
        'GatewayConflictWithAllocationPools',
        `Gateway ip ${formatIp(cidr.version, gateway)} conflicts with allocation pool ${poolText(a[2])}`,
      );
    }
  }
  return ranges.map((r) => r[2]);
}

const NOTHING_TAKEN: ReadonlySet<string> = new Set();

/**
 * The first free address of a subnet's pools, in pool order, or undefined when exhausted.
 * The search starts at the subnet's mark (every address before it is taken).
 */
export function nextFree(
  db: NetworkDb,
  subnet: SubnetRow,
  taken: ReadonlySet<string> = NOTHING_TAKEN,
): string | undefined {
  const used = db.usedAddresses(subnet.id);
  const mark = taken.size === 0 ? db.ipMark(subnet.id) : undefined;
  for (let i = mark?.pool ?? 0; i < subnet.allocationPools.length; i++) {
    const pool = subnet.allocationPools[i]!;
    const bounds = poolBounds(pool);
    if (bounds === null) continue;
    const start = bounds.start;
    let v = mark && i === mark.pool && mark.value > start ? mark.value : start;
    for (; v <= bounds.end; v++) {
      const text = formatIp(subnet.ipVersion, v);
      if (used.has(text) || taken.has(text)) continue;
      if (taken.size === 0) db.setIpMark(subnet.id, { pool: i, value: v });
      return text;
    }
  }
  return undefined;
}

/** An IPv6 SLAAC address: the /64 prefix and the MAC's EUI-64. */
export function eui64(subnet: SubnetRow, mac: string): string {
  const cidr = parseCidr(subnet.cidr)!;
  const bytes = mac.split(':').map((b) => Number.parseInt(b, 16));
  const eui = [(bytes[0] ?? 0) ^ 2, bytes[1], bytes[2], 0xff, 0xfe, bytes[3], bytes[4], bytes[5]];
  let suffix = 0n;
  for (const b of eui) suffix = (suffix << 8n) | BigInt(b ?? 0);
  return formatIp(6, cidr.network | suffix);
}

function isAuto(subnet: SubnetRow): boolean {
  return (
    subnet.ipVersion === 6 &&
    (subnet.ipv6AddressMode === 'slaac' || subnet.ipv6AddressMode === 'dhcpv6-stateless')
  );
}

function exhausted(networkId: string): NeutronError {
  return NeutronError.conflict(
    'IpAddressGenerationFailure',
    `No more IP addresses available on network ${networkId}.`,
  );
}

/**
 * The fixed IPs of a new port: the asked ones (`subnet_id` and/or `ip_address`), or one
 * address from the first IPv4 subnet with room, one from the first stateful IPv6 subnet,
 * and a SLAAC address on each SLAAC subnet.
 */
export function allocateFixedIps(
  db: NetworkDb,
  networkId: string,
  mac: string,
  asked: readonly { subnet_id?: string; ip_address?: string }[] | undefined,
  portId = '',
): FixedIp[] {
  const subnets = db.subnetsOf(networkId);
  if (asked === undefined) {
    const out: FixedIp[] = [];
    for (const version of [4, 6] as const) {
      const pooled = subnets.filter((s) => s.ipVersion === version && !isAuto(s));
      if (pooled.length === 0) continue;
      const found = pooled
        .map((s) => [s, nextFree(db, s)] as const)
        .find(([, ip]) => ip !== undefined);
      if (!found) throw exhausted(networkId);
      out.push({ subnet_id: found[0].id, ip_address: found[1]! });
    }
    for (const s of subnets.filter(isAuto))
      out.push({ subnet_id: s.id, ip_address: eui64(s, mac) });
    return out;
  }
  const out: FixedIp[] = [];
  for (const item of asked) {
    const subnet = item.subnet_id === undefined ? undefined : db.subnets.get(item.subnet_id);
    if (item.subnet_id !== undefined && subnet?.networkId !== networkId) {
      throw NeutronError.invalidInput(
        `Failed to create port on network ${networkId}, because fixed_ips included invalid subnet ${item.subnet_id}`,
      );
    }
    if (item.ip_address === undefined) {
      const taken = new Set(out.map((f) => f.ip_address));
      const ip = subnet && (isAuto(subnet) ? eui64(subnet, mac) : nextFree(db, subnet, taken));
      if (!subnet || ip === undefined) throw exhausted(networkId);
      out.push({ subnet_id: subnet.id, ip_address: ip });
      continue;
    }
    const ip = parseIp(item.ip_address);
    const holder =
      subnet ??
      (ip &&
        subnets.find((s) => s.ipVersion === ip.version && inCidr(parseCidr(s.cidr)!, ip.value)));
    if (
      !ip ||
      !holder ||
      !inCidr(parseCidr(holder.cidr)!, ip.value) ||
      holder.ipVersion !== ip.version
    ) {
      if (subnet) {
        throw NeutronError.badRequest(
          'InvalidIpForSubnet',
          `IP address ${item.ip_address} is not a valid IP for the specified subnet.`,
        );
      }
      throw NeutronError.badRequest(
        'InvalidIpForNetwork',
        `IP address ${item.ip_address} is not a valid IP for any of the subnets on the specified network.`,
      );
    }
    const text = formatIp(ip.version, ip.value);
    const own = portId === '' ? undefined : db.ports.get(portId);
    const ownIp = own?.fixedIps.some((f) => f.subnet_id === holder.id && f.ip_address === text);
    const taken = db.usedAddresses(holder.id).has(text) && ownIp !== true;
    if (taken || out.some((f) => f.ip_address === text)) {
      throw NeutronError.conflict(
        'IpAddressAlreadyAllocated',
        `IP address ${text} already allocated in subnet ${holder.id}`,
      );
    }
    out.push({ subnet_id: holder.id, ip_address: text });
  }
  return out;
}

/** A MAC in Neutron's default base_mac fa:16:3e:00:00:00, unique on the network. */
export function newMac(db: NetworkDb, networkId: string, random: Random): string {
  for (;;) {
    const hex = hexId(random, 6);
    const mac = `fa:16:3e:${hex.slice(0, 2)}:${hex.slice(2, 4)}:${hex.slice(4, 6)}`;
    if (!db.macInUse(networkId, mac)) return mac;
  }
}
