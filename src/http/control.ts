import { jsonTextTooDeep } from '../api/json-depth.js';
import { serverViewsChanged } from '../api/views/server-view-cache.js';
import { MAX_TIME_MS } from '../clock/virtual-clock.js';
import type { CloudSnapshot } from '../cloud.js';
import { isNovaError } from '../errors/nova-error.js';
import type { FaultRule } from '../faults/fault-rules.js';
import type { HostSpec } from '../scheduler/index.js';
import { captureInSlices } from '../snapshot/capture-slices.js';
import { parseSnapshot } from '../snapshot/restore.js';
import { snapshotLines } from '../snapshot/save.js';
import { isSnapshotError } from '../snapshot/validate.js';
import { type ClockDriver, type ClockMode, MAX_SPEED } from './clock-driver.js';
import type { CloudHolder } from './cloud-holder.js';
import type { Identity } from './identity/identity.js';
import { LineStream } from './line-stream.js';
import { basicAuth } from './live-view/basic-auth.js';
import type { RecentRequests } from './live-view/recent-requests.js';
import { createLiveView } from './live-view/service.js';
import { json, keystoneError, queryValues, unauthorized } from './responses.js';
import type { Endpoints, HttpRequest, HttpResponse, Service } from './types.js';

export interface ControlDeps {
  readonly holder: CloudHolder;
  readonly driver: ClockDriver;
  readonly identity: Identity;
  readonly endpoints: () => Endpoints;
  /** The last requests the server answered, for the live view. */
  readonly requests?: RecentRequests | undefined;
}

type Handler = (
  request: HttpRequest,
  body: Record<string, unknown>,
  params: string[],
) => HttpResponse;

const HOST_ACTIONS = ['down', 'up', 'enable', 'disable', 'force-down', 'force-up'] as const;
type HostAction = (typeof HOST_ACTIONS)[number];
const FAULT_KINDS = [
  'build-failure',
  'slow-step',
  'host-down',
  'host-up',
  'volume-create-failure',
  'slow-volume-attach',
  'port-create-failure',
  'floating-ip-failure',
];

const bad = (message: string) => keystoneError(400, message);

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Errors of the core (NovaError, RangeError for bad specs) as control API answers. */
/**
 * The control API's token check, on headers alone: the transport runs it before reading
 * a body, so an unauthenticated client cannot make the server buffer one.
 */
export function controlGate(deps: Pick<ControlDeps, 'identity' | 'endpoints'>) {
  return (headers: Readonly<Record<string, string>>): HttpResponse | undefined => {
    const auth =
      deps.identity.authOf(headers['x-auth-token']) ??
      basicAuth(deps.identity, headers.authorization);
    if (!auth) {
      const refused = unauthorized(deps.endpoints().identity);
      // A browser (the live view) is asked for a login; API clients see Keystone's answer.
      if (!headers.accept?.includes('text/html')) return refused;
      return {
        ...refused,
        headers: { ...refused.headers, 'www-authenticate': 'Basic realm="nova-sim control"' },
      };
    }
    if (!auth.roles.includes('admin')) {
      return keystoneError(403, 'The control API needs a token with the admin role.');
    }
    return undefined;
  };
}

/** A body in the streamed snapshot format (saved with `?format=lines`). */
const isLines = (request: HttpRequest) =>
  (request.headers['content-type'] ?? '').startsWith('application/x-ndjson');

const wantsLines = (request: HttpRequest) =>
  (queryValues(request.search).get('format') ?? []).includes('lines') ||
  (request.headers.accept ?? '').includes('application/x-ndjson');

function failure(error: unknown): HttpResponse {
  if (isNovaError(error)) return keystoneError(error.code, error.message);
  if (isSnapshotError(error)) return bad(error.message);
  if (error instanceof RangeError || error instanceof TypeError) return bad(error.message);
  if (error instanceof Error && error.name === 'ClockLoopError')
    return keystoneError(409, error.message);
  return keystoneError(500, error instanceof Error ? error.message : String(error));
}

/**
 * The control plane under `/_sim/` (admin token): the clock, snapshots, hosts, faults and
 * the event trace. Like Mimic's control API, it lets a test arrange what the cloud does.
 */
export function createControlService(deps: ControlDeps): Service {
  const { holder, driver, identity } = deps;
  const saved = new Map<string, CloudSnapshot>();
  const view = createLiveView({ holder, driver, requests: deps.requests });

  const clockView = () => {
    const now = holder.cloud.clock.now();
    return {
      clock: {
        now,
        time: new Date(now).toISOString(),
        mode: driver.mode,
        speed: driver.speed,
        pending: holder.cloud.clock.pendingCount(),
        next_due: holder.cloud.clock.nextDueAt() ?? null,
      },
    };
  };

  const hostView = (name: string) => {
    const host = holder.cloud.scheduler.getHost(name);
    return host ? { ...host, status: holder.cloud.hosts.status(name) } : undefined;
  };

  const hostAction = (name: string, action: HostAction, reason: unknown) => {
    const hosts = holder.cloud.hosts;
    if (action === 'down') hosts.down(name);
    else if (action === 'up') hosts.up(name);
    else if (action === 'enable') hosts.enable(name);
    else if (action === 'disable')
      hosts.disable(name, typeof reason === 'string' ? reason : undefined);
    else hosts.forceDown(name, action === 'force-down');
  };

  const routes: [method: string, pattern: RegExp, handler: Handler][] = [
    [
      'GET',
      /^$/,
      () => {
        const cloud = holder.cloud;
        const servers = [...cloud.compute.servers.values()].filter((s) => !s.deleted).length;
        return json(200, {
          ...clockView(),
          servers,
          hosts: cloud.hosts.list().map((h) => h.name),
          endpoints: deps.endpoints(),
          tokens: identity.tokens.size,
        });
      },
    ],
    ['GET', /^clock$/, () => json(200, clockView())],
    [
      'POST',
      /^clock\/advance$/,
      (_, body) => {
        const ms = typeof body.seconds === 'number' ? body.seconds * 1000 : body.ms;
        if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) {
          return bad("Give 'ms' or 'seconds', a number >= 0");
        }
        if (holder.cloud.clock.now() + ms > MAX_TIME_MS) {
          return bad(`The clock cannot move past ${MAX_TIME_MS} ms (+275760-09-13T00:00:00Z)`);
        }
        const fired = holder.cloud.clock.advance(ms);
        driver.rebase();
        return json(200, { fired, ...clockView() });
      },
    ],
    [
      'POST',
      /^clock\/run-all$/,
      () => {
        const fired = holder.cloud.clock.runAll();
        driver.rebase();
        return json(200, { fired, ...clockView() });
      },
    ],
    [
      'PUT',
      /^clock$/,
      (_, body) => {
        const mode = body.mode ?? driver.mode;
        const speed = body.speed ?? driver.speed;
        if (mode !== 'realtime' && mode !== 'manual')
          return bad("'mode' must be realtime or manual");
        if (typeof speed !== 'number' || !(speed > 0) || speed > MAX_SPEED)
          return bad(`'speed' must be a number > 0 and <= ${MAX_SPEED}`);
        driver.set(mode as ClockMode, speed);
        return json(200, clockView());
      },
    ],
    [
      'GET',
      /^snapshot$/,
      (request) => {
        if (!wantsLines(request)) return json(200, holder.cloud.snapshot());
        // Read in slices with the loop free between them, requests held meanwhile (so it is
        // one instant's state); then written a line per turn.
        const captured = holder.hold.during(captureInSlices(holder.cloud, holder.slices));
        return {
          status: 200,
          body: new LineStream(async function* () {
            yield* snapshotLines(await captured);
          }),
        };
      },
    ],
    [
      'POST',
      /^snapshot$/,
      (_, body) => {
        const name = typeof body.name === 'string' && body.name !== '' ? body.name : 'default';
        saved.set(name, holder.cloud.snapshot());
        return json(201, { name, now: holder.cloud.clock.now() });
      },
    ],
    ['GET', /^snapshots$/, () => json(200, { snapshots: [...saved.keys()] })],
    [
      'POST',
      /^restore$/,
      (request, body) => {
        let snapshot: CloudSnapshot | undefined;
        if (isLines(request)) {
          snapshot = parseSnapshot(request.body);
        } else if (typeof body.name === 'string') {
          snapshot = saved.get(body.name);
          if (!snapshot) return keystoneError(404, `No snapshot named ${body.name}`);
        } else if (body.version === 1) {
          snapshot = body as unknown as CloudSnapshot;
        } else {
          return bad("Give a saved snapshot's 'name', or a snapshot (version 1) as the body");
        }
        holder.restore(snapshot);
        return json(200, clockView());
      },
    ],
    [
      'POST',
      /^reset$/,
      () => {
        holder.reset();
        return json(200, clockView());
      },
    ],
    [
      'GET',
      /^hosts$/,
      () =>
        json(200, {
          hosts: holder.cloud.hosts
            .list()
            .map((h) => ({ ...h, status: holder.cloud.hosts.status(h.name) })),
        }),
    ],
    [
      'POST',
      /^hosts$/,
      (_, body) => {
        if (typeof body.name !== 'string') return bad("A host needs a 'name'");
        holder.cloud.hosts.add(body as unknown as HostSpec);
        return json(201, { host: hostView(body.name) });
      },
    ],
    [
      'GET',
      /^hosts\/([^/]+)$/,
      (_, __, [name]) => {
        const host = hostView(name!);
        return host
          ? json(200, { host })
          : keystoneError(404, `Compute host ${name} could not be found.`);
      },
    ],
    [
      'DELETE',
      /^hosts\/([^/]+)$/,
      (_, __, [name]) => {
        holder.cloud.hosts.remove(name!);
        return json(204, null);
      },
    ],
    [
      'POST',
      /^hosts\/([^/]+)\/([a-z-]+)$/,
      (_, body, [name, action]) => {
        if (!HOST_ACTIONS.includes(action as HostAction)) {
          return keystoneError(
            404,
            `Unknown host action ${action}; one of ${HOST_ACTIONS.join(', ')}`,
          );
        }
        if (!holder.cloud.scheduler.getHost(name!)) {
          return keystoneError(404, `Compute host ${name} could not be found.`);
        }
        hostAction(name!, action as HostAction, body.reason);
        return json(200, { host: hostView(name!) });
      },
    ],
    [
      'POST',
      /^faults$/,
      (_, body) => {
        if (!FAULT_KINDS.includes(String(body.kind))) {
          return bad(`A fault rule needs a 'kind': one of ${FAULT_KINDS.join(', ')}`);
        }
        holder.cloud.addFault(body as unknown as FaultRule);
        return json(201, { fault: body });
      },
    ],
    [
      'DELETE',
      /^faults$/,
      () => {
        holder.cloud.clearFaults();
        return json(204, null);
      },
    ],
    [
      'GET',
      /^trace$/,
      (request) => {
        const query = queryValues(request.search);
        const since = Number(query.get('since')?.[0] ?? 0);
        const limit = Number(query.get('limit')?.[0] ?? 1000);
        if (!Number.isInteger(since) || since < 0 || !Number.isInteger(limit) || limit < 1) {
          return bad("'since' must be an integer >= 0 and 'limit' one >= 1");
        }
        if (!holder.cloud.trace) return keystoneError(409, 'The trace is off (--trace-limit 0).');
        return json(200, holder.trace(since, limit));
      },
    ],
    [
      'DELETE',
      /^trace$/,
      () => {
        holder.clearTrace();
        return json(204, null);
      },
    ],
  ];

  return (request) => {
    const refused = controlGate(deps)(request.headers);
    if (refused) return refused;
    const path = request.path.replace(/^\/+|\/+$/g, '');
    const page = view(request, path);
    if (page) return page;
    const byPath = routes.filter(([, pattern]) => pattern.test(path));
    if (byPath.length === 0) return keystoneError(404, `No control resource /_sim/${path}`);
    const route = byPath.find(([method]) => method === request.method);
    if (!route) return keystoneError(405, 'The method specified is not allowed for this resource.');
    let body: unknown = {};
    if (request.body.trim() !== '' && !isLines(request)) {
      try {
        if (jsonTextTooDeep(request.body)) throw new SyntaxError('nested too deep');
        body = JSON.parse(request.body);
      } catch {
        return bad('Malformed request body');
      }
    }
    if (!isObject(body)) return bad('The request body must be a JSON object');
    let params: string[];
    try {
      params = route[1].exec(path)!.slice(1).map(decodeURIComponent);
    } catch {
      return bad(`Malformed escape in the path /_sim/${path}`);
    }
    try {
      return route[2](request, body, params);
    } catch (error) {
      return failure(error);
    } finally {
      // Host actions, faults and the like reach servers' rows without a request: the
      // cached server views go (the cloud after a restore or reset starts with none).
      if (request.method !== 'GET') serverViewsChanged(holder.cloud);
    }
  };
}
