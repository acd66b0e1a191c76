import { NeutronError } from './errors.js';
import { formatCidr, type IpVersion, parseCidr, parseIp } from './ip.js';

// A subnet's DHCP options, checked in Neutron's two passes: the attribute validators of
// neutron_lib (api/validators: validate_nameservers, validate_hostroutes), which answer
// "Invalid input for <attr>. Reason: …", then the plugin's _validate_subnet
// (db/db_base_plugin_v2.py): the limits and the subnet's IP version.

/** One of a subnet's `host_routes`. */
export interface HostRoute {
  readonly destination: string;
  readonly nexthop: string;
}

/** neutron.conf's `max_dns_nameservers` and `max_subnet_host_routes` defaults. */
const MAX_DNS_NAMESERVERS = 5;
const MAX_HOST_ROUTES = 20;

/** Python's repr of a JSON value, as Neutron's messages format one with %s. */
function pyRepr(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (value === null || value === undefined) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (Array.isArray(value)) return `[${value.map(pyRepr).join(', ')}]`;
  if (typeof value === 'object') {
    const items = Object.entries(value).map(([k, v]) => `'${k}': ${pyRepr(v)}`);
    return `{${items.join(', ')}}`;
  }
  return String(value);
}

const pySet = (keys: readonly string[]) => `{${keys.map((k) => `'${k}'`).join(', ')}}`;

function attrError(attr: string, reason: string): NeutronError {
  return NeutronError.badRequest('HTTPBadRequest', `Invalid input for ${attr}. Reason: ${reason}.`);
}

/** validate_ip_address: a message, or undefined for an address. */
function ipMessage(value: unknown): string | undefined {
  return parseIp(value) ? undefined : `'${String(value)}' is not a valid IP address`;
}

/** validate_route_cidr: a CIDR with its prefix, no host bits, not loopback. */
function routeCidrMessage(value: unknown): string | undefined {
  if (typeof value === 'string' && /\s/.test(value)) {
    return `'${value}' is not a valid CIDR`;
  }
  const cidr = parseCidr(value);
  if (!cidr) return `'${String(value)}' is not a valid CIDR`;
  const text = value as string;
  const address = parseIp(text.split('/')[0])!;
  if (!text.includes('/') || address.value !== cidr.network) {
    return `'${text}' is not a recognized CIDR, '${formatCidr(cidr)}' is recommended`;
  }
  const loopback =
    cidr.version === 4 ? cidr.network >> 24n === 127n && cidr.prefix >= 8 : cidr.network === 1n;
  return loopback ? `'${text}' is not a routable CIDR` : undefined;
}

/**
 * The attribute validators of `dns_nameservers` and `host_routes`, before the plugin sees
 * the request.
 *
 * @example
 * validateSubnetOptions({ host_routes: [{ destination: '10.0.0.0/8', nexthop: '10.1.0.1' }] });
 */
export function validateSubnetOptions(attrs: Record<string, unknown>): void {
  const servers = attrs.dns_nameservers;
  if (Array.isArray(servers)) {
    const seen: unknown[] = [];
    for (const host of servers) {
      const msg = ipMessage(host);
      if (msg)
        throw attrError('dns_nameservers', `'${String(host)}' is not a valid nameserver. ${msg}`);
      if (seen.includes(host))
        throw attrError('dns_nameservers', `Duplicate nameserver '${String(host)}'`);
      seen.push(host);
    }
  }
  const routes = attrs.host_routes;
  if (routes === undefined) return;
  if (!Array.isArray(routes)) {
    throw attrError('host_routes', `Invalid data format for hostroute: '${pyRepr(routes)}'`);
  }
  const seen: string[] = [];
  for (const route of routes) {
    if (typeof route !== 'object' || route === null || Array.isArray(route)) {
      throw attrError(
        'host_routes',
        `Invalid input. '${pyRepr(route)}' must be a dictionary with keys: ['destination', 'nexthop']`,
      );
    }
    const keys = Object.keys(route).sort();
    if (keys.join() !== 'destination,nexthop') {
      throw attrError(
        'host_routes',
        `Validation of dictionary's keys failed. Expected keys: ${pySet(['destination', 'nexthop'])} Provided keys: ${pySet(keys)}`,
      );
    }
    const { destination, nexthop } = route as Record<string, unknown>;
    const msg = routeCidrMessage(destination) ?? ipMessage(nexthop);
    if (msg) throw attrError('host_routes', msg);
    // Python compares the dicts, whatever their keys' order.
    const key = `${String(destination)} ${String(nexthop)}`;
    if (seen.includes(key))
      throw attrError('host_routes', `Duplicate hostroute '${pyRepr(route)}'`);
    seen.push(key);
  }
}

/** _validate_ip_version: a field's address family must be the subnet's. */
function checkVersion(version: IpVersion, addr: string, name: string): void {
  const parsed = parseIp(addr.split('/')[0]);
  if (parsed && parsed.version !== version) {
    throw NeutronError.invalidInput(`${name} '${addr}' does not match the ip_version '${version}'`);
  }
}

function exhausted(type: string, what: string, subnetId: string | undefined, quota: number) {
  return NeutronError.badRequest(
    type,
    `Unable to complete operation for ${subnetId ?? 'new subnet'}. The number of ${what} exceeds the limit ${quota}.`,
  );
}

/**
 * _validate_subnet's part for the options: at most 5 nameservers and 20 routes, each of
 * the subnet's IP version. Returns the routes to store (Neutron keeps the request's).
 */
export function checkSubnetOptions(
  version: IpVersion,
  servers: readonly string[] | undefined,
  routes: readonly HostRoute[] | undefined,
  subnetId?: string,
): { dnsNameservers?: string[]; hostRoutes?: HostRoute[] } {
  const out: { dnsNameservers?: string[]; hostRoutes?: HostRoute[] } = {};
  if (servers !== undefined) {
    if (servers.length > MAX_DNS_NAMESERVERS) {
      throw exhausted('DNSNameServersExhausted', 'DNS nameservers', subnetId, MAX_DNS_NAMESERVERS);
    }
    for (const dns of servers) checkVersion(version, dns, 'dns_nameserver');
    out.dnsNameservers = [...servers];
  }
  if (routes !== undefined) {
    if (routes.length > MAX_HOST_ROUTES) {
      throw exhausted('HostRoutesExhausted', 'host routes', subnetId, MAX_HOST_ROUTES);
    }
    for (const route of routes) {
      checkVersion(version, route.nexthop, 'nexthop');
      checkVersion(version, route.destination, 'destination');
    }
    out.hostRoutes = routes.map((r) => ({ destination: r.destination, nexthop: r.nexthop }));
  }
  return out;
}
