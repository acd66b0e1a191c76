import { SAMPLE_PROJECT_ID, SAMPLE_USER_ID } from '../catalog/defaults.js';
import { createRandom, type Random, type RandomState, restoreRandom } from '../random/prng.js';
import type {
  Auth,
  ServiceRequest,
  ServiceResponse,
  SimulatedService,
} from '../service/contract.js';
import type { NetworkContext } from './context.js';
import { type NetworkInput, seedDefaults } from './defaults.js';
import type { NetworkEffects, NetworkFaultPoint } from './effects.js';
import { isNeutronError, NeutronError } from './errors.js';
import { NetworkDb, type NetworkDbSnapshot } from './records.js';
import { COLLECTIONS, dispatch } from './routes.js';

/** Neutron's part of a cloud snapshot: its tables and its own PRNG stream. */
export interface NetworkServiceSnapshot {
  readonly db: NetworkDbSnapshot;
  readonly random: RandomState;
}

export interface NetworkServiceDeps {
  readonly now: () => number;
  /**
   * Where Neutron's ids and MACs come from. Neutron has its own stream (seeded from the
   * cloud's), so adding ports does not shift the ids Nova draws.
   */
  readonly seed: string;
  /** The error an injected fault gives this operation, if a rule hits. */
  readonly fault?: (point: NetworkFaultPoint) => NeutronError | undefined;
  /** The default networks (DevStack's when absent). */
  readonly networks?: readonly NetworkInput[];
}

const DEFAULT_AUTH: Auth = {
  projectId: SAMPLE_PROJECT_ID,
  userId: SAMPLE_USER_ID,
  roles: ['member'],
};

function resolveAuth(auth: Partial<Auth> | undefined): Auth {
  return {
    projectId: typeof auth?.projectId === 'string' ? auth.projectId : DEFAULT_AUTH.projectId,
    userId: typeof auth?.userId === 'string' ? auth.userId : DEFAULT_AUTH.userId,
    roles: Array.isArray(auth?.roles) ? auth.roles.map(String) : DEFAULT_AUTH.roles,
  };
}

function parseQuery(search: string, extra: ServiceRequest['query']): Map<string, string[]> {
  const values = new Map<string, string[]>();
  const add = (key: string, value: string) => {
    const list = values.get(key);
    if (list) list.push(value);
    else values.set(key, [value]);
  };
  for (const [key, value] of new URLSearchParams(search)) add(key, value);
  for (const [key, value] of Object.entries(extra ?? {})) {
    for (const v of typeof value === 'string' ? [value] : value) add(key, v);
  }
  return values;
}

function parseBody(body: unknown): unknown {
  if (typeof body !== 'string') return body;
  if (body.trim() === '') return undefined;
  try {
    return JSON.parse(body) as unknown;
  } catch {
    throw NeutronError.badRequest('HTTPBadRequest', 'Malformed JSON in request body.');
  }
}

function json(status: number, body: unknown): ServiceResponse {
  return {
    status,
    headers: body === null ? {} : { 'content-type': 'application/json' },
    body,
  };
}

/** A Neutron handler's view of the service, for Nova's calls (admin, no HTTP). */
export interface NetworkInternals {
  readonly db: NetworkDb;
  /** A context acting as `auth` (Nova calls with the user's project, elevated where Nova elevates). */
  context(auth: Auth, body?: unknown): NetworkContext;
}

/** Neutron v2.0 as a service of the cloud: the HTTP-shaped entry and the typed internals. */
export interface NetworkService extends SimulatedService<NetworkServiceSnapshot>, NetworkInternals {
  /** Called when a device's ports or floating IPs change (Nova refreshes its cache). */
  onDeviceChanged: (deviceId: string) => void;
}

/**
 * Creates the cloud's Neutron: DevStack's networks, or a restored snapshot.
 *
 * @example
 * const network = createNetworkService({ now: () => clock.now(), seed: '0/network' });
 * network.handle({ method: 'GET', path: '/v2.0/networks' }).body.networks[0].name; // 'private'
 */
export function createNetworkService(
  deps: NetworkServiceDeps,
  restore?: NetworkServiceSnapshot,
): NetworkService {
  const db = restore ? NetworkDb.restore(restore.db) : new NetworkDb();
  const random: Random = restore ? restoreRandom(restore.random) : createRandom(deps.seed);
  if (!restore) seedDefaults(db, deps.now(), deps.networks);

  const service: NetworkService = {
    name: 'network',
    db,
    onDeviceChanged: () => undefined,
    context(auth, body) {
      return makeContext(auth, 'POST', body, new Map(), undefined, undefined);
    },
    handle(request) {
      try {
        return route(request);
      } catch (error) {
        if (isNeutronError(error)) return json(error.status, error.toJSON());
        const message = 'Request Failed: internal server error while processing your request.';
        return json(500, {
          NeutronError: { type: 'HTTPInternalServerError', message, detail: '' },
        });
      }
    },
    snapshot: () => ({ db: db.snapshot(), random: random.state() }),
  };

  const effects: NetworkEffects = {
    fault: (point) => deps.fault?.(point),
    deviceChanged: (deviceId) => {
      if (deviceId !== '') service.onDeviceChanged(deviceId);
    },
  };

  function makeContext(
    auth: Auth,
    method: string,
    body: unknown,
    query: Map<string, string[]>,
    id: string | undefined,
    action: string | undefined,
  ): NetworkContext {
    return {
      db,
      auth,
      isAdmin: auth.roles.includes('admin'),
      now: deps.now(),
      random,
      method,
      body,
      query,
      id,
      action,
      effects,
    };
  }

  function route(request: ServiceRequest): ServiceResponse {
    const method = String(request.method ?? 'GET').toUpperCase();
    const [rawPath = '', search = ''] = String(request.path ?? '').split('?', 2);
    const parts = rawPath
      .replace(/\.json$/, '')
      .split('/')
      .filter((s) => s !== '');
    if (parts.length === 0) {
      if (method !== 'GET')
        throw new NeutronError(
          405,
          'HTTPMethodNotAllowed',
          'The method is not allowed for the requested resource.',
        );
      return json(200, {
        versions: [{ id: 'v2.0', status: 'CURRENT', links: [{ rel: 'self', href: '/v2.0/' }] }],
      });
    }
    if (parts[0] !== 'v2.0')
      throw NeutronError.notFound('HTTPNotFound', 'The resource could not be found.');
    const auth = resolveAuth(request.auth);
    if (parts.length === 1) {
      if (method !== 'GET')
        throw new NeutronError(
          405,
          'HTTPMethodNotAllowed',
          'The method is not allowed for the requested resource.',
        );
      return json(200, {
        resources: Object.entries(COLLECTIONS).map(([collection, c]) => ({
          name: c.member,
          collection,
          links: [{ rel: 'self', href: `/v2.0/${collection}` }],
        })),
      });
    }
    const body = ['POST', 'PUT'].includes(method) ? parseBody(request.body) : undefined;
    const ctx = makeContext(
      auth,
      method,
      body,
      parseQuery(search, request.query),
      parts[2],
      parts[3],
    );
    const result = dispatch(ctx, parts.slice(1));
    return json(result.status, result.status === 204 ? null : result.body);
  }

  return service;
}
