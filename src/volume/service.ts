import { Microversion } from '../api/microversion.js';
import { SAMPLE_PROJECT_ID, SAMPLE_USER_ID } from '../catalog/defaults.js';
import type { TimerTask } from '../clock/virtual-clock.js';
import { requestId as newRequestId } from '../random/ids.js';
import type {
  Auth,
  ServiceRequest,
  ServiceResponse,
  SimulatedService,
} from '../service/contract.js';
import type { VolumeContext, VolumeRoute } from './context.js';
import { VolumeCore, type VolumeDeps } from './core.js';
import { DEFAULT_TYPE_ID, DEFAULT_TYPES } from './defaults.js';
import { CinderError, toCinderError } from './errors.js';
import { ATTACHMENT_ROUTES } from './handlers/attachments.js';
import { AVAILABILITY_ZONE_ROUTES } from './handlers/availability-zones.js';
import { QUOTA_ROUTES } from './handlers/quotas.js';
import { SNAPSHOT_ROUTES } from './handlers/snapshots.js';
import { TYPE_ACCESS_ROUTES } from './handlers/type-access.js';
import { TYPE_ROUTES } from './handlers/types.js';
import { VOLUME_ACTION_ROUTES } from './handlers/volume-actions.js';
import { VOLUME_METADATA_ROUTES } from './handlers/volume-metadata.js';
import { VOLUME_ROUTES } from './handlers/volumes.js';
import { VolumeStore, type VolumeStoreSnapshot } from './records.js';
import { matchRoute } from './router.js';
import { MAX_VERSION, MIN_VERSION, versionsDocument } from './versions.js';

const ROUTES: readonly VolumeRoute[] = [
  ...VOLUME_ROUTES,
  ...VOLUME_ACTION_ROUTES,
  ...VOLUME_METADATA_ROUTES,
  ...SNAPSHOT_ROUTES,
  ...ATTACHMENT_ROUTES,
  ...TYPE_ROUTES,
  ...TYPE_ACCESS_ROUTES,
  ...QUOTA_ROUTES,
  ...AVAILABILITY_ZONE_ROUTES,
];

/** The first path segments that are resources, not a project id (3.67 made it optional). */
const RESOURCES = new Set(ROUTES.map((route) => route.path.split('/')[1] ?? ''));

const MIN = Microversion.of(MIN_VERSION);
const MAX = Microversion.of(MAX_VERSION);

const DEFAULT_AUTH: Auth = {
  projectId: SAMPLE_PROJECT_ID,
  userId: SAMPLE_USER_ID,
  roles: ['member'],
};

export type VolumeServiceSnapshot = VolumeStoreSnapshot;

/** Cinder as a service of the cloud, plus the typed core Nova calls. */
export interface VolumeService extends SimulatedService<VolumeServiceSnapshot> {
  readonly core: VolumeCore;
}

/**
 * Creates Cinder v3: volumes, snapshots, attachments, types, quotas and limits, on the
 * cloud's clock; `restore` resumes a snapshot of it.
 *
 * @example
 * const volume = createVolumeService(deps);
 * volume.handle({ method: 'POST', path: `/v3/${project}/volumes`, body: { volume: { size: 1 } } });
 */
export function createVolumeService(
  deps: VolumeDeps,
  restore?: VolumeServiceSnapshot,
): VolumeService {
  const store = restore ? VolumeStore.restore(restore) : seededStore();
  const core = new VolumeCore(store, deps);
  return {
    name: 'volume',
    core,
    handle: (request) => handle(core, request),
    snapshot: () => store.snapshot(),
    runTask: (task: TimerTask) => core.runTask(task),
  };
}

function seededStore(): VolumeStore {
  const store = new VolumeStore();
  for (const type of DEFAULT_TYPES) store.types.set(type.id, structuredClone(type));
  store.defaultTypeId = DEFAULT_TYPE_ID;
  return store;
}

function json(status: number, body: unknown, headers: Record<string, string>): ServiceResponse {
  return {
    status,
    headers:
      body === undefined || body === null
        ? headers
        : { 'content-type': 'application/json', ...headers },
    body: body ?? null,
  };
}

function lowerKeys(headers: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}

/** `OpenStack-API-Version: volume 3.x` (or `latest`); 3.0 when absent. */
function requestedVersion(headers: Record<string, string>): Microversion {
  const header = headers['openstack-api-version'];
  if (header === undefined) return MIN;
  let text: string | undefined;
  for (const part of header.split(',')) {
    const [service, value] = part.trim().split(/\s+/);
    if (service?.toLowerCase() === 'volume') text = value ?? '';
  }
  if (text === undefined) return MIN;
  if (text.toLowerCase() === 'latest') return MAX;
  const version = Microversion.parse(text);
  if (!version) {
    throw CinderError.badRequest(
      `API Version String ${text} is of invalid format. Must be of format MajorNum.MinorNum.`,
    );
  }
  if (version.below(MIN) || version.compare(MAX) > 0) {
    throw new CinderError(
      406,
      `Version ${text} is not supported by the API. Minimum is ${MIN_VERSION} and maximum is ${MAX_VERSION}.`,
    );
  }
  return version;
}

function parseQuery(search: string, extra: ServiceRequest['query']): Map<string, string[]> {
  const query = new Map<string, string[]>();
  for (const [key, value] of new URLSearchParams(search)) {
    query.set(key, [...(query.get(key) ?? []), value]);
  }
  for (const [key, value] of Object.entries(extra ?? {})) {
    const values = typeof value === 'string' ? [value] : [...value];
    query.set(key, [...(query.get(key) ?? []), ...values]);
  }
  return query;
}

function parseBody(body: unknown): unknown {
  if (typeof body !== 'string') return body;
  if (body.trim() === '') return undefined;
  try {
    return JSON.parse(body) as unknown;
  } catch {
    throw CinderError.badRequest('Malformed request body');
  }
}

function handle(core: VolumeCore, request: ServiceRequest): ServiceResponse {
  const input: Partial<ServiceRequest> =
    typeof request === 'object' && request !== null ? request : {};
  const method = String(input.method ?? 'GET').toUpperCase();
  const rawPath = String(input.path ?? '/');
  const queryAt = rawPath.indexOf('?');
  const pathOnly = queryAt < 0 ? rawPath : rawPath.slice(0, queryAt);
  const segments = pathOnly.split('/').filter((s) => s !== '');
  // Cinder's routes mapper matches no empty segment past the version documents: `volumes/`
  // (an empty id) and `volumes//action` are 404s (Tempest's *_without_passing_volume_id).
  const emptySegment = pathOnly.replace(/^\/+/, '').split('/').includes('');
  const search = queryAt < 0 ? '' : rawPath.slice(queryAt + 1);
  const endpoint = core.deps.endpoint();
  const headers = lowerKeys(input.headers ?? {});

  // The version documents: 300 at the root, 200 at /v3/.
  if (method === 'GET' && segments.length === 0) return json(300, versionsDocument(endpoint), {});
  if (segments[0] !== 'v3') {
    return json(404, new CinderError(404, 'The resource could not be found.').toJSON(), {});
  }
  segments.shift();
  if (method === 'GET' && segments.length === 0) return json(200, versionsDocument(endpoint), {});

  const requestId = newRequestId(core.deps.random());
  const idHeaders = { 'x-openstack-request-id': requestId };
  let versionHeaders: Record<string, string> = idHeaders;
  try {
    const version = requestedVersion(headers);
    versionHeaders = {
      ...idHeaders,
      'openstack-api-version': `volume ${version}`,
      vary: 'OpenStack-API-Version',
    };
    const auth: Auth = { ...DEFAULT_AUTH, ...input.auth } as Auth;
    let project = auth.projectId;
    if (segments.length > 0 && !RESOURCES.has(segments[0]!)) project = segments.shift()!;
    const match = matchRoute(ROUTES, method, segments, version);
    if (match.kind === 'not-found' || emptySegment)
      throw CinderError.notFound('The resource could not be found.');
    if (match.kind === 'bad-method') {
      throw new CinderError(405, 'The method specified is not allowed for this resource.');
    }
    const ctx: VolumeContext = {
      core,
      method,
      version,
      auth,
      isAdmin: auth.roles.includes('admin'),
      params: match.params,
      query: parseQuery(search, input.query),
      body: parseBody(input.body),
      links: { self: `${endpoint}/v3/${project}`, bookmark: `${endpoint}/${project}` },
    };
    const result = match.route.handler(ctx);
    const body = method === 'HEAD' ? null : (result.body ?? null);
    return json(result.status, body, { ...versionHeaders, ...result.headers });
  } catch (error) {
    const cinder = toCinderError(error);
    if (!cinder) throw error;
    const extra: Record<string, string> = cinder.code === 413 ? { 'retry-after': '0' } : {};
    return json(cinder.code, cinder.toJSON(), { ...versionHeaders, ...extra });
  }
}
