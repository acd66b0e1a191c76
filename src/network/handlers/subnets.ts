import { uuid4 } from '../../random/ids.js';
import {
  type HandlerResult,
  member,
  type NetworkContext,
  onlyKnown,
  ownerOf,
  owns,
  stamp,
  touch,
} from '../context.js';
import { NeutronError, notFound } from '../errors.js';
import { formatCidr, formatIp, inCidr, overlaps, parseCidr, parseIp } from '../ip.js';
import { defaultPools, validatePools } from '../ipam.js';
import { listBody, project } from '../listing.js';
import { checkQuota } from '../quota.js';
import type { Pool, SubnetRow } from '../records.js';
import { checkBody, SUBNET_SCHEMA, toBool } from '../schemas.js';
import { checkSubnetOptions, type HostRoute, validateSubnetOptions } from '../subnet-options.js';
import { subnetView } from '../views.js';
import { visibleNetwork } from './networks.js';

const KNOWN = Object.keys((SUBNET_SCHEMA.properties ?? {}) as object);

/** get_subnet: admin, the subnet's project, or a subnet of a shared network. */
function canSee(ctx: NetworkContext, row: SubnetRow): boolean {
  return owns(ctx, row) || ctx.db.networks.get(row.networkId)?.shared === true;
}

export function visibleSubnet(ctx: NetworkContext, id: string): SubnetRow {
  const row = ctx.db.subnets.get(id);
  if (!row || !canSee(ctx, row)) throw notFound.subnet(id);
  return row;
}

export function listSubnets(ctx: NetworkContext): HandlerResult {
  const docs = [...ctx.db.subnets.values()].filter((row) => canSee(ctx, row)).map(subnetView);
  return { status: 200, body: listBody('subnets', docs, ctx.query) };
}

export function showSubnet(ctx: NetworkContext, id: string): HandlerResult {
  const doc = subnetView(visibleSubnet(ctx, id));
  return { status: 200, body: { subnet: project(doc, ctx.query.get('fields')) } };
}

export function createSubnet(ctx: NetworkContext): HandlerResult {
  const attrs = member(ctx, 'subnet');
  onlyKnown(attrs, KNOWN);
  checkBody(SUBNET_SCHEMA, attrs);
  validateSubnetOptions(attrs);
  if (attrs.network_id === undefined) {
    throw NeutronError.badRequest(
      'HTTPBadRequest',
      "Failed to parse request. Required attribute 'network_id' not specified",
    );
  }
  if (attrs.ip_version === undefined) {
    throw NeutronError.badRequest(
      'HTTPBadRequest',
      "Failed to parse request. Required attribute 'ip_version' not specified",
    );
  }
  const network = visibleNetwork(ctx, String(attrs.network_id));
  // create_subnet: ADMIN_OR_NETWORK_OWNER.
  if (!ctx.isAdmin && network.projectId !== ctx.auth.projectId)
    throw NeutronError.policy('create_subnet');
  const version = Number(attrs.ip_version) as 4 | 6;
  const cidrText = attrs.cidr;
  if (cidrText === undefined || cidrText === null) {
    throw NeutronError.badRequest(
      'BadRequest',
      'Bad subnet request: a subnetpool must be specified in the absence of a cidr.',
    );
  }
  const cidr = parseCidr(cidrText);
  if (!cidr)
    throw NeutronError.badRequest(
      'HTTPBadRequest',
      `Invalid input for cidr. Reason: '${String(cidrText)}' is not a valid IP subnet.`,
    );
  if (cidr.version !== version) {
    throw NeutronError.invalidInput('Cidr and IP version are incompatible');
  }
  if ((version === 4 && cidr.prefix === 32) || (version === 6 && cidr.prefix === 128)) {
    throw NeutronError.invalidInput(`${formatCidr(cidr)} is not a valid IP subnet`);
  }
  const projectId = ownerOf(ctx, attrs);
  for (const other of ctx.db.subnetsOf(network.id)) {
    if (overlaps(parseCidr(other.cidr)!, cidr)) {
      throw NeutronError.invalidInput(
        `Requested subnet with cidr: ${formatCidr(cidr)} for network: ${network.id} overlaps with another subnet`,
      );
    }
  }
  let gateway: bigint | null = cidr.network + 1n;
  if (attrs.gateway_ip === null) gateway = null;
  else if (attrs.gateway_ip !== undefined) {
    const ip = parseIp(attrs.gateway_ip);
    if (!ip || ip.version !== version) {
      throw NeutronError.badRequest(
        'HTTPBadRequest',
        `Invalid input for gateway_ip. Reason: '${String(attrs.gateway_ip)}' is not a valid IP address.`,
      );
    }
    if (!inCidr(cidr, ip.value)) {
      throw NeutronError.invalidInput(`Gateway is not valid on subnet`);
    }
    gateway = ip.value;
  }
  const cidrCanonical = formatCidr(cidr);
  const pools =
    attrs.allocation_pools === undefined
      ? defaultPools(cidr, gateway)
      : validatePools(cidr, cidrCanonical, attrs.allocation_pools as Pool[], gateway);
  const options = checkSubnetOptions(
    version,
    (attrs.dns_nameservers as string[] | undefined) ?? [],
    (attrs.host_routes as HostRoute[] | undefined) ?? [],
  );
  checkQuota(ctx, 'subnet', projectId);
  const row: SubnetRow = {
    ...stamp(ctx, uuid4(ctx.random), projectId, attrs.description),
    name: (attrs.name as string | undefined) ?? '',
    networkId: network.id,
    ipVersion: version,
    cidr: cidrCanonical,
    gatewayIp: gateway === null ? null : formatIp(version, gateway),
    allocationPools: pools,
    enableDhcp: toBool(attrs.enable_dhcp, true),
    dnsNameservers: options.dnsNameservers ?? [],
    hostRoutes: options.hostRoutes ?? [],
    ipv6RaMode: version === 6 ? ((attrs.ipv6_ra_mode as string | null | undefined) ?? null) : null,
    ipv6AddressMode:
      version === 6 ? ((attrs.ipv6_address_mode as string | null | undefined) ?? null) : null,
  };
  if (version === 4 && (attrs.ipv6_ra_mode || attrs.ipv6_address_mode)) {
    throw NeutronError.invalidInput(
      'ipv6_ra_mode or ipv6_address_mode cannot be set when enable_dhcp is set to False',
    );
  }
  ctx.db.subnets.set(row.id, row);
  return { status: 201, body: { subnet: subnetView(row) } };
}

export function updateSubnet(ctx: NetworkContext, id: string): HandlerResult {
  const row = visibleSubnet(ctx, id);
  if (!owns(ctx, row)) throw NeutronError.policy('update_subnet');
  const attrs = member(ctx, 'subnet');
  onlyKnown(attrs, KNOWN);
  checkBody(SUBNET_SCHEMA, attrs);
  validateSubnetOptions(attrs);
  for (const key of ['cidr', 'ip_version', 'network_id', 'project_id', 'tenant_id']) {
    if (attrs[key] !== undefined) {
      throw NeutronError.badRequest('HTTPBadRequest', `Cannot update read-only attribute ${key}`);
    }
  }
  const cidr = parseCidr(row.cidr)!;
  let gateway = row.gatewayIp === null ? null : parseIp(row.gatewayIp)!.value;
  if (attrs.gateway_ip === null) gateway = null;
  else if (attrs.gateway_ip !== undefined) {
    const ip = parseIp(attrs.gateway_ip);
    if (!ip || ip.version !== row.ipVersion || !inCidr(cidr, ip.value)) {
      throw NeutronError.invalidInput('Gateway is not valid on subnet');
    }
    gateway = ip.value;
  }
  const pools =
    attrs.allocation_pools === undefined ? row.allocationPools : (attrs.allocation_pools as Pool[]);
  const checked = validatePools(cidr, row.cidr, pools, gateway);
  const options = checkSubnetOptions(
    row.ipVersion,
    attrs.dns_nameservers as string[] | undefined,
    attrs.host_routes as HostRoute[] | undefined,
    row.id,
  );
  if (typeof attrs.name === 'string') row.name = attrs.name;
  if (typeof attrs.description === 'string') row.description = attrs.description;
  row.enableDhcp = toBool(attrs.enable_dhcp, row.enableDhcp);
  if (options.dnsNameservers) row.dnsNameservers = options.dnsNameservers;
  if (options.hostRoutes) row.hostRoutes = options.hostRoutes;
  row.gatewayIp = gateway === null ? null : formatIp(row.ipVersion, gateway);
  row.allocationPools = checked;
  ctx.db.resetIpIndex(row.id);
  touch(ctx, row);
  return { status: 200, body: { subnet: subnetView(row) } };
}

export function deleteSubnet(ctx: NetworkContext, id: string): HandlerResult {
  const row = visibleSubnet(ctx, id);
  if (!owns(ctx, row)) throw NeutronError.policy('delete_subnet');
  const inUse = [...ctx.db.ports.values()].some(
    (p) => p.fixedIps.some((ip) => ip.subnet_id === id) && p.deviceOwner !== 'network:dhcp',
  );
  if (inUse) {
    throw NeutronError.conflict(
      'SubnetInUse',
      `Unable to complete operation on subnet ${id}: One or more ports have an IP allocation from this subnet.`,
    );
  }
  ctx.db.subnets.delete(id);
  ctx.db.resetIpIndex(id);
  return { status: 204, body: null };
}
