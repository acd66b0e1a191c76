/**
 * Nova's `sanitize_hostname` (nova/utils.py): a guest hostname from a display name.
 * Falls back to `Server-<uuid>` when nothing usable is left.
 */
export function sanitizeHostname(name: string, serverId: string): string {
  let host = [...name].filter((ch) => ch.charCodeAt(0) <= 0xff).join('');
  host = host.slice(0, 63);
  host = host.replace(/[ _.]/g, '-');
  // Python's Unicode \w: letters, digits and underscore.
  host = host.replace(/[^\p{L}\p{N}_.-]+/gu, '');
  host = host.toLowerCase();
  host = host.replace(/^[.-]+|[.-]+$/g, '');
  return host === '' ? `Server-${serverId}` : host;
}
