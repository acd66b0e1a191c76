/**
 * An IPv6 address as Nova stores it: `IPV6AddressField` keeps `str(netaddr.IPAddress(v))`,
 * the compact form (lower case, no leading zeros, the left-most longest run of two or more
 * zero groups as `::`; IPv4-mapped addresses keep their dotted tail). Anything that does
 * not parse is returned unchanged (the schema has refused it already).
 *
 * @example
 * normalizeIpv6('2001:0DB8:0000:0000:0000:0000:0000:0001'); // '2001:db8::1'
 */
export function normalizeIpv6(text: string): string {
  const groups = parseGroups(text);
  if (groups === undefined) return text;
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    const v4 = [groups[6]! >> 8, groups[6]! & 0xff, groups[7]! >> 8, groups[7]! & 0xff];
    return `::ffff:${v4.join('.')}`;
  }
  let best = { start: -1, length: 0 };
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > 1 && j - i > best.length) best = { start: i, length: j - i };
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best.start < 0) return hex.join(':');
  const head = hex.slice(0, best.start).join(':');
  const tail = hex.slice(best.start + best.length).join(':');
  return `${head}::${tail}`;
}

/** The eight 16-bit groups of an address, or undefined. */
function parseGroups(text: string): number[] | undefined {
  let body = text.trim();
  const tailV4 = /(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(body);
  const extra: number[] = [];
  if (tailV4) {
    const octets = tailV4.slice(1).map(Number);
    if (octets.some((o) => o > 255)) return undefined;
    extra.push((octets[0]! << 8) | octets[1]!, (octets[2]! << 8) | octets[3]!);
    body = body.slice(0, tailV4.index);
    if (body.endsWith(':') && !body.endsWith('::')) body = body.slice(0, -1);
  }
  const halves = body.split('::');
  if (halves.length > 2) return undefined;
  const part = (s: string) => (s === '' ? [] : s.split(':'));
  const head = part(halves[0]!);
  const tail = halves.length === 2 ? part(halves[1]!) : [];
  const all = [...head, ...tail];
  if (all.some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) return undefined;
  const missing = 8 - extra.length - all.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const zeros = halves.length === 2 ? new Array<string>(missing).fill('0') : [];
  return [...head, ...zeros, ...tail].map((g) => Number.parseInt(g, 16)).concat(extra);
}
