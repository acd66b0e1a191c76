import type { ApiRequest } from '../../api/request.js';
import { REFERENCE_ACTIONS, type RefAction } from '../reference/actions.js';

/** What a request asks of which server, as far as state transitions go. */
export interface RequestKind {
  /** `create`, a server operation, or null for reads and everything else. */
  readonly action: RefAction | 'create' | null;
  readonly serverId: string | null;
}

const BY_BODY_KEY = new Map<string, RefAction>();
for (const [action, row] of Object.entries(REFERENCE_ACTIONS) as [
  RefAction,
  { bodyKey: string },
][]) {
  if (row.bodyKey !== '' && !BY_BODY_KEY.has(row.bodyKey)) BY_BODY_KEY.set(row.bodyKey, action);
}

function parseBody(body: unknown): unknown {
  if (typeof body !== 'string') return body;
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

/**
 * Reads a request the way the router will: `/v2.1[/{project}]/servers/{id}/action` with a
 * one-key body is that action (`reboot` split by type); DELETE and PUT of a server are
 * `delete` and `update`.
 *
 * @example
 * classifyRequest({ method: 'POST', path: '/servers/x/action', body: { pause: null } });
 * // { action: 'pause', serverId: 'x' }
 */
export function classifyRequest(input: ApiRequest): RequestKind {
  // A neighbour service's request moves no server by itself.
  if (input.service !== undefined && input.service !== 'compute') {
    return { action: null, serverId: null };
  }
  const method = String(input.method ?? 'GET').toUpperCase();
  const path = String(input.path ?? '/').split('?')[0] ?? '';
  const segments = path.split('/').filter((s) => s !== '');
  if (segments[0] === 'v2.1' || segments[0] === 'v2') segments.shift();
  if (segments[0] !== 'servers' && segments[1] === 'servers') segments.shift();
  if (segments[0] !== 'servers') return { action: null, serverId: null };
  if (segments.length === 1) return { action: method === 'POST' ? 'create' : null, serverId: null };
  const serverId = segments[1] ?? null;
  if (segments.length === 2) {
    if (method === 'DELETE') return { action: 'delete', serverId };
    if (method === 'PUT') return { action: 'update', serverId };
    return { action: null, serverId };
  }
  if (segments.length === 3 && segments[2] === 'action' && method === 'POST') {
    const body = parseBody(input.body);
    if (body === null || typeof body !== 'object') return { action: null, serverId };
    const keys = Object.keys(body);
    if (keys.length !== 1) return { action: null, serverId };
    const key = keys[0]!;
    if (key === 'reboot') {
      const type = (body as { reboot?: { type?: unknown } }).reboot?.type;
      const hard = typeof type === 'string' && type.toUpperCase() === 'HARD';
      return { action: hard ? 'rebootHard' : 'rebootSoft', serverId };
    }
    return { action: BY_BODY_KEY.get(key) ?? null, serverId };
  }
  return { action: null, serverId };
}
