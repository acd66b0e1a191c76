import { SAMPLE_PROJECT_ID, SAMPLE_USER_ID } from '../catalog/defaults.js';
import { isNovaError, NovaError } from '../errors/nova-error.js';
import { requestId as newRequestId } from '../random/ids.js';
import type { ServiceRequest, ServiceResponse } from '../service/contract.js';
import type { ApiContext, Auth, Links, Route } from './context.js';
import { jsonTextTooDeep, jsonValueTooDeep } from './json-depth.js';
import { Microversion, requestedMicroversion } from './microversion.js';
import type { NovaCloud } from './nova-cloud.js';
import { pathSegments } from './path-segments.js';
import { Query } from './query.js';
import { Router } from './router.js';
import { checkStrictQuery } from './strict-query.js';
import { versionDocument, versionList } from './versions.js';
import { serverViewsChanged } from './views/server-view-cache.js';

/** The one entry point's input and output (every service shares them). */
export type ApiRequest = ServiceRequest;
export type ApiResponse = ServiceResponse;

export const DEFAULT_AUTH: Auth = {
  projectId: SAMPLE_PROJECT_ID,
  userId: SAMPLE_USER_ID,
  roles: ['member'],
};

/** `ProjectMapper._get_project_id_token`: `{project_id:[0-9a-f-]+}`. */
const PROJECT_ID_SEGMENT = /^[0-9a-f-]+$/;

const UNEXPECTED = 'Unexpected API Error. Please contact the administrator';

/**
 * Nova's WSGI pipeline in one synchronous function: prefixes, microversion, routing,
 * body parsing, the handler, and faults rendered as Nova renders them. Never throws for
 * bad input.
 */
export class Api {
  private readonly router: Router;
  private readonly topLevel: ReadonlySet<string>;
  private readonly cloud: NovaCloud;
  private readonly max: Microversion;

  constructor(cloud: NovaCloud, routes: readonly Route[]) {
    this.cloud = cloud;
    // Every cloud serves the same route table: compiled once, not once per createCloud.
    let compiled = COMPILED.get(routes);
    if (compiled === undefined) {
      compiled = {
        router: new Router(routes),
        topLevel: new Set(routes.map((route) => route.path.split('/')[1] ?? '')),
      };
      COMPILED.set(routes, compiled);
    }
    this.router = compiled.router;
    this.topLevel = compiled.topLevel;
    this.max = Microversion.of(cloud.config.maxMicroversion);
  }

  /** The links of requests with no project in their path, by version prefix (made once). */
  private readonly linksByPrefix = new Map<string, { endpoint: string; links: Links }>();

  private unscopedLinks(endpoint: string, versionPrefix: 'v2' | 'v2.1'): Links {
    const known = this.linksByPrefix.get(versionPrefix);
    if (known !== undefined && known.endpoint === endpoint) return known.links;
    const made = links(endpoint, versionPrefix, '');
    this.linksByPrefix.set(versionPrefix, { endpoint, links: made });
    return made;
  }

  handle(request: ApiRequest): ApiResponse {
    // JavaScript callers can pass anything: no object reads as an empty GET.
    const input: Partial<ApiRequest> =
      typeof request === 'object' && request !== null ? request : {};
    const method = String(input.method ?? 'GET').toUpperCase();
    const rawPath = String(input.path ?? '/');
    const queryAt = rawPath.indexOf('?');
    const pathOnly = queryAt < 0 ? rawPath : rawPath.slice(0, queryAt);
    const search = queryAt < 0 ? '' : rawPath.slice(queryAt + 1);
    const headers = versionHeadersOf(input.headers);
    const endpoint = this.cloud.config.endpoint;

    const segments = pathSegments(pathOnly);
    // The unversioned root and version documents live outside the request-id middleware.
    if (segments.length === 0 && method === 'GET') {
      return json(200, versionList(endpoint, this.max), {});
    }
    let versionPrefix: 'v2' | 'v2.1' = 'v2.1';
    if (segments[0] === 'v2.1' || segments[0] === 'v2')
      versionPrefix = segments.shift() as 'v2' | 'v2.1';
    if (segments.length === 0 && method === 'GET') {
      return json(200, versionDocument(endpoint, this.max, versionPrefix), {});
    }

    const requestId = newRequestId(this.cloud.random);
    let version: Microversion;
    try {
      version = requestedMicroversion(headers, this.max);
    } catch (error) {
      const idHeaders = { 'x-openstack-request-id': requestId, 'x-compute-request-id': requestId };
      return fault(error as NovaError, idHeaders);
    }
    const versionText = version.toString();
    const versionHeaders: Record<string, string> = {
      'x-openstack-request-id': requestId,
      'x-compute-request-id': requestId,
      'openstack-api-version': computeVersionHeader(versionText),
      'x-openstack-nova-api-version': versionText,
      vary: 'OpenStack-API-Version, X-OpenStack-Nova-API-Version',
    };

    try {
      const auth = resolveAuth(input.auth);
      let projectSegment = '';
      // Nova's ProjectMapper only takes hex-and-dashes as a project id: any other unknown
      // first segment is left to the router, which answers 404.
      if (
        segments.length > 0 &&
        !this.topLevel.has(segments[0]!) &&
        PROJECT_ID_SEGMENT.test(segments[0]!)
      ) {
        projectSegment = segments.shift()!;
        if (projectSegment !== auth.projectId) {
          throw NovaError.badRequest(
            `Malformed request URL: URL's project_id '${projectSegment}' doesn't match Context's project_id '${auth.projectId}'`,
          );
        }
      }
      // Nova's routes match the path exactly: a trailing slash (`/images/`, an empty id)
      // matches no route.
      if (/[^/]\/+$/.test(pathOnly)) throw NovaError.notFound('The resource could not be found.');
      const match = this.router.matchSegments(method, segments, version);
      if (match.kind === 'not-found') throw NovaError.notFound('The resource could not be found.');
      if (match.kind === 'bad-method') {
        throw new NovaError(405, 'The method specified is not allowed for this resource.');
      }
      const ctx: ApiContext = {
        cloud: this.cloud,
        method,
        version,
        auth,
        isAdmin: auth.roles.includes('admin'),
        caller: {
          projectId: auth.projectId,
          userId: auth.userId,
          isAdmin: auth.roles.includes('admin'),
          requestId,
        },
        requestId,
        params: match.params,
        query:
          search === '' && input.query === undefined ? NO_QUERY : Query.parse(search, input.query),
        body: parseBody(input.body),
        links:
          projectSegment === ''
            ? this.unscopedLinks(endpoint, versionPrefix)
            : links(endpoint, versionPrefix, projectSegment),
        textBody: input.textBody === true,
      };
      checkStrictQuery(ctx, match.route);
      let result: ReturnType<typeof match.route.handler>;
      try {
        result = match.route.handler(ctx);
      } finally {
        // A write to one server's row (rename, tags, metadata, attach…) re-files it in
        // the cloud's indexes, whether the handler finished or refused half-way.
        const serverId = match.params.server_id;
        const server =
          serverId === undefined || method === 'GET' ? undefined : this.cloud.compute.get(serverId);
        if (server) this.cloud.compute.touched(server);
        // A write scoped to servers reaches the views it changes through touched() and
        // the engine's steps; any other (services, groups, aggregates…) may reach any.
        if (method !== 'GET' && method !== 'HEAD' && !scopedToServers(match.route)) {
          serverViewsChanged(this.cloud);
        }
      }
      const text = method === 'HEAD' ? undefined : result.text;
      const body = method === 'HEAD' ? null : (result.body ?? null);
      // One headers object, filled in json's key order (no spread copies per request).
      if (result.headers !== undefined) Object.assign(versionHeaders, result.headers);
      if (body !== null || text !== undefined) versionHeaders['content-type'] = 'application/json';
      if (text !== undefined) return new TextResponse(result.status, versionHeaders, text);
      return { status: result.status, headers: versionHeaders, body };
    } catch (error) {
      if (isNovaError(error)) return fault(error, versionHeaders);
      const name = error instanceof Error ? error.constructor.name : typeof error;
      return fault(new NovaError(500, `${UNEXPECTED}\n<class '${name}'>`), versionHeaders);
    }
  }
}

/**
 * A route whose writes change only the servers they touch(): one named server's
 * sub-resources and actions, and a create. Their effects on other rows (a floating IP moved
 * off another server, a port unbound) reach those servers through Neutron's device events.
 */
function scopedToServers(route: Route): boolean {
  return (
    route.path.includes('{server_id}') || (route.method === 'POST' && route.path === '/servers')
  );
}

function resolveAuth(auth: Partial<Auth> | undefined): Auth {
  return {
    projectId: typeof auth?.projectId === 'string' ? auth.projectId : DEFAULT_AUTH.projectId,
    userId: typeof auth?.userId === 'string' ? auth.userId : DEFAULT_AUTH.userId,
    roles: Array.isArray(auth?.roles) ? auth.roles.map(String) : DEFAULT_AUTH.roles,
  };
}

function parseBody(body: unknown): unknown {
  if (typeof body !== 'string') {
    if (jsonValueTooDeep(body)) throw NovaError.badRequest('Malformed request body');
    return body;
  }
  if (body.trim() === '') return undefined;
  if (jsonTextTooDeep(body)) throw NovaError.badRequest('Malformed request body');
  try {
    return JSON.parse(body);
  } catch {
    throw NovaError.badRequest('Malformed request body');
  }
}

function links(endpoint: string, versionPrefix: string, project: string): Links {
  const projectPart = project === '' ? '' : `/${project}`;
  return {
    self: (path) => `${endpoint}/${versionPrefix}${projectPart}/${path}`,
    bookmark: (path) => `${endpoint}${projectPart}/${path}`,
  };
}

/** Each route table's router and top-level segments; neither changes once built. */
const COMPILED = new WeakMap<
  readonly Route[],
  { readonly router: Router; readonly topLevel: ReadonlySet<string> }
>();

/** The query of a request that has none: a Query holds no state to share. */
const NO_QUERY = Query.parse('');

/** `compute X.Y`, by version text: the texts are the few versions a cloud serves. */
const VERSION_HEADERS = new Map<string, string>();

function computeVersionHeader(versionText: string): string {
  let header = VERSION_HEADERS.get(versionText);
  if (header === undefined) {
    header = `compute ${versionText}`;
    if (VERSION_HEADERS.size < 1000) VERSION_HEADERS.set(versionText, header);
  }
  return header;
}

/** The request headers the API reads: the two that name a microversion. */
const VERSION_HEADER_NAMES: ReadonlySet<string> = new Set([
  'openstack-api-version',
  'x-openstack-nova-api-version',
]);

/**
 * The microversion headers of a request, by lower-case name (a name given twice in
 * different cases: the later one). Only these are read: copying every header per request
 * was the largest part of a cached `GET /servers/{id}` inside `Api.handle`.
 */
function versionHeadersOf(headers: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (typeof headers !== 'object' || headers === null) return out;
  const given = headers as Readonly<Record<string, unknown>>;
  for (const key in given) {
    const name = key.toLowerCase();
    if (VERSION_HEADER_NAMES.has(name) && Object.hasOwn(given, key)) out[name] = String(given[key]);
  }
  return out;
}

function json(status: number, body: unknown, headers: Record<string, string>): ApiResponse {
  const withType = body === null ? headers : { ...headers, 'content-type': 'application/json' };
  return { status, headers: withType, body };
}

/**
 * An answer whose body is ready as text (the HTTP server sends it as it is); `body` parses
 * it for whoever reads it. A class, not a property defined per answer: that made each
 * answer a dictionary-mode object, a cost the HTTP server paid per request.
 */
class TextResponse implements ApiResponse {
  constructor(
    readonly status: number,
    readonly headers: Record<string, string>,
    readonly text: string,
  ) {}

  get body(): unknown {
    return JSON.parse(this.text);
  }
}

function fault(error: NovaError, headers: Record<string, string>): ApiResponse {
  return json(error.code, error.toJSON(), headers);
}
