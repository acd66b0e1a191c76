// Address arithmetic for IPv4 and IPv6 as bigints: parse, format, CIDR ranges. Neutron's
// IPAM works on the same integers (netaddr), so pools, gateways and "next free address"
// are comparisons and additions here.

export type IpVersion = 4 | 6;

export interface Cidr {
  readonly version: IpVersion;
  /** The network address (host bits cleared). */
  readonly network: bigint;
  readonly prefix: number;
  /** The last address of the range. */
  readonly last: bigint;
}

/**
 * A dotted quad as a number: four decimal parts of 1–3 digits, none above 255, no leading
 * zero (what `/^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/` and those checks accept), read
 * by hand: a regex match array and four bigint steps per address showed in every port create.
 */
function parseV4Number(text: string): number | undefined {
  let value = 0;
  let at = 0;
  for (let part = 0; part < 4; part++) {
    if (part > 0) {
      if (text.charCodeAt(at) !== 46) return undefined; // '.'
      at++;
    }
    const from = at;
    let n = 0;
    while (at < text.length && at - from < 4) {
      const c = text.charCodeAt(at) - 48;
      if (c < 0 || c > 9) break;
      n = n * 10 + c;
      at++;
    }
    const digits = at - from;
    if (digits === 0 || digits > 3 || n > 255) return undefined;
    if (digits > 1 && text.charCodeAt(from) === 48) return undefined; // a leading '0'
    value = value * 256 + n;
  }
  return at === text.length ? value : undefined;
}

function parseV4(text: string): bigint | undefined {
  const value = parseV4Number(text);
  return value === undefined ? undefined : BigInt(value);
}

function parseV6(text: string): bigint | undefined {
  if (!/^[0-9a-fA-F:.]+$/.test(text) || text.includes(':::')) return undefined;
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groups = (half: string): number[] | undefined => {
    if (half === '') return [];
    const out: number[] = [];
    const parts = half.split(':');
    for (const [i, part] of parts.entries()) {
      if (i === parts.length - 1 && part.includes('.')) {
        const v4 = parseV4(part);
        if (v4 === undefined) return undefined;
        out.push(Number(v4 >> 16n), Number(v4 & 0xffffn));
      } else {
        if (!/^[0-9a-fA-F]{1,4}$/.test(part)) return undefined;
        out.push(Number.parseInt(part, 16));
      }
    }
    return out;
  };
  const head = groups(halves[0] ?? '');
  const tail = halves.length === 2 ? groups(halves[1] ?? '') : [];
  if (!head || !tail) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  let value = 0n;
  for (const g of [...head, ...Array<number>(missing).fill(0), ...tail]) {
    value = (value << 16n) | BigInt(g);
  }
  return value;
}

/** An address's version and value, or undefined when the text is not an IP address. */
export function parseIp(text: unknown): { version: IpVersion; value: bigint } | undefined {
  if (typeof text !== 'string') return undefined;
  const v4 = parseV4(text);
  if (v4 !== undefined) return { version: 4, value: v4 };
  const v6 = text.includes(':') ? parseV6(text) : undefined;
  return v6 === undefined ? undefined : { version: 6, value: v6 };
}

/** Canonical text: dotted quad, or RFC 5952 IPv6 (lowercase, longest zero run as `::`). */
export function formatIp(version: IpVersion, value: bigint): string {
  if (version === 4) {
    // Number arithmetic: an IPv4 value is below 2^32, exact in a double.
    const n = Number(value & 0xffffffffn);
    return `${Math.floor(n / 16777216)}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
  }
  const groups = [112n, 96n, 80n, 64n, 48n, 32n, 16n, 0n].map((s) =>
    Number((value >> s) & 0xffffn),
  );
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best < 0) return hex.join(':');
  return `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLen).join(':')}`;
}

/** Parses `a.b.c.d/n` or `x::/n`; the address may carry host bits (as netaddr allows). */
export function parseCidr(text: unknown): Cidr | undefined {
  if (typeof text !== 'string') return undefined;
  const [addr, bits, extra] = text.split('/');
  if (extra !== undefined || addr === undefined) return undefined;
  const ip = parseIp(addr);
  if (!ip) return undefined;
  const width = ip.version === 4 ? 32 : 128;
  const prefix = bits === undefined ? width : /^\d{1,3}$/.test(bits) ? Number(bits) : Number.NaN;
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > width) return undefined;
  const hostBits = BigInt(width - prefix);
  const network = (ip.value >> hostBits) << hostBits;
  return { version: ip.version, network, prefix, last: network + (1n << hostBits) - 1n };
}

export function formatCidr(cidr: Cidr): string {
  return `${formatIp(cidr.version, cidr.network)}/${cidr.prefix}`;
}

export function inCidr(cidr: Cidr, value: bigint): boolean {
  return value >= cidr.network && value <= cidr.last;
}

export function overlaps(a: Cidr, b: Cidr): boolean {
  return a.version === b.version && a.network <= b.last && b.network <= a.last;
}
