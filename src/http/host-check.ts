import { isIP } from 'node:net';

/** The name part of a Host header: `a:8774` → `a`, `[::1]:8774` → `::1`, lowercased. */
function hostName(header: string): string {
  const value = header.trim().toLowerCase();
  if (value.startsWith('[')) return value.slice(1, value.indexOf(']') >>> 0);
  const colon = value.lastIndexOf(':');
  return colon < 0 ? value : value.slice(0, colon);
}

/**
 * The Host header check against DNS rebinding: IP literals, `localhost` and the names
 * given (the bound host, the public URL's host) pass; any other name is a page on a
 * foreign domain that resolves here. A request with no Host (HTTP/1.0) passes.
 *
 * @example
 * const allow = hostAllowed(['127.0.0.1', 'sim.example']);
 * allow('sim.example:8774'); // true
 * allow('attacker.example:8774'); // false
 */
export function hostAllowed(names: readonly string[]): (header: string | undefined) => boolean {
  const allowed = new Set(['localhost', ...names.map((n) => hostName(n))]);
  return (header) => {
    if (header === undefined) return true;
    const name = hostName(header);
    return allowed.has(name) || isIP(name) !== 0 || name.endsWith('.localhost');
  };
}
