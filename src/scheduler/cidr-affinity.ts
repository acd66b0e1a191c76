import { FAKE_HOST_IP } from './host-state.js';
import type { PreparedRequest } from './request.js';

/** An IPv4 address as a 32-bit unsigned number, or null. */
function ipv4(text: string): number | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  let n = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part) || Number(part) > 255) return null;
    n = n * 256 + Number(part);
  }
  return n;
}

/** The prefix length of `/24` or `/255.255.255.0`, or null. */
function prefixLength(cidr: string): number | null {
  const body = cidr.slice(1);
  if (/^\d{1,2}$/.test(body)) return Number(body) <= 32 ? Number(body) : null;
  const mask = ipv4(body);
  if (mask === null) return null;
  const bits = mask.toString(2).padStart(32, '0');
  return /^1*0*$/.test(bits) ? (bits.indexOf('0') === -1 ? 32 : bits.indexOf('0')) : null;
}

/**
 * SimpleCIDRAffinityFilter: with a `build_near_host_ip` hint, the host's `host_ip`
 * must lie in that address's network (`cidr` hint, default `/24`). Every fake
 * compute has the same `my_ip`, so all hosts pass or none do. An IPv6 network never
 * holds the IPv4 host address.
 */
export function cidrAffinityPasses(request: PreparedRequest): boolean {
  const near = request.buildNearHostIp;
  if (near === null) return true;
  const address = ipv4(near);
  const prefix = prefixLength(request.cidr ?? '/24');
  if (address === null || prefix === null) return false;
  const host = ipv4(FAKE_HOST_IP)!;
  const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  return (address & mask) >>> 0 === (host & mask) >>> 0;
}
