import { createHash } from 'node:crypto';

/**
 * A server's `hostId` (§4.5, Nova's `utils.generate_hostid`): the lowercase hex SHA-224 of
 * the project id followed by the host name, no separator, so the same host looks different
 * to each project; `''` when the server has no host.
 *
 * @example
 * hostId('proj-a', 'compute-1'); // '6d2357770289fdc781ed1855bc55032417ce50cbf770ecc4fd4f1029'
 * hostId('proj-a', null); // ''
 */
export function hostId(projectId: string, host: string | null): string {
  if (!host) return '';
  const key = `${projectId}${host}`;
  let id = CACHE.get(key);
  if (id === undefined) {
    id = createHash('sha224').update(key, 'utf8').digest('hex');
    // Few (project, host) pairs exist; a list of 1,000 servers hashes each pair once.
    if (CACHE.size > 100_000) CACHE.clear();
    CACHE.set(key, id);
  }
  return id;
}

const CACHE = new Map<string, string>();
