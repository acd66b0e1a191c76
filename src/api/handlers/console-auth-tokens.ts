import type { ConsoleToken, Server } from '../../compute/server.js';
import { NovaError } from '../../errors/nova-error.js';
import { uuid4 } from '../../random/ids.js';
import type { ApiContext, HandlerResult, Route } from '../context.js';
import { authorize } from '../policy.js';
import { checkQuery } from './catalog/query-params.js';

/** Where each console type's proxy is reached: Nova's `*_base_url` option defaults (noVNC's is config). */
const ACCESS_URL_BASE: Readonly<Record<string, string>> = {
  'spice-html5': 'http://127.0.0.1:6082/spice_auto.html',
  'spice-direct': 'http://127.0.0.1:13002/nova',
  serial: 'ws://127.0.0.1:6083/',
  webmks: 'http://127.0.0.1:6090/',
};

/** First port of each console type on a host: libvirt's VNC/SPICE autoport, the serial range. */
const FIRST_PORT: Readonly<Record<string, number>> = {
  novnc: 5900,
  'spice-html5': 5900,
  'spice-direct': 5900,
  serial: 10000,
  webmks: 5900,
};

/**
 * ConsoleAuthToken.access_url: noVNC takes the token inside its `path` parameter, the
 * others as `?token=`.
 */
function accessUrl(novncBase: string, type: string, token: string): string {
  return type === 'novnc'
    ? `${novncBase}?path=${encodeURIComponent(`?token=${token}`)}`
    : `${ACCESS_URL_BASE[type] ?? novncBase}?token=${token}`;
}

/** The server's place among the live servers of its host: its console port offset. */
function slotOnHost(ctx: ApiContext, server: Server): number {
  let slot = 0;
  for (const other of ctx.cloud.compute.servers.values()) {
    if (other.host === server.host && !other.deleted && other.dbId < server.dbId) slot++;
  }
  return slot;
}

/**
 * The compute manager's console step: authorises a token for `[consoleauth] token_ttl`
 * seconds on the server's record and returns the access URL. Expired tokens of the server
 * are dropped (Nova's periodic clean-up) so the record stays small.
 */
export function issueConsoleToken(ctx: ApiContext, server: Server, consoleType: string): string {
  const now = ctx.cloud.clock.now();
  const token = uuid4(ctx.cloud.random);
  const port = (FIRST_PORT[consoleType] ?? 5900) + slotOnHost(ctx, server);
  const record: ConsoleToken = {
    token,
    consoleType,
    host: server.host ?? '',
    port,
    tlsPort: consoleType.startsWith('spice') ? port + 1 : null,
    internalAccessPath: null,
    expiresAt: now + ctx.cloud.config.consoleTokenTtl * 1000,
  };
  server.consoleTokens = [...(server.consoleTokens ?? []).filter((t) => t.expiresAt > now), record];
  return accessUrl(ctx.cloud.config.novncProxyBaseUrl, consoleType, token);
}

function findToken(ctx: ApiContext, token: string): { server: Server; record: ConsoleToken } {
  const now = ctx.cloud.clock.now();
  for (const server of ctx.cloud.compute.servers.values()) {
    if (server.deleted || !server.consoleTokens) continue;
    const record = server.consoleTokens.find((t) => t.token === token && t.expiresAt > now);
    if (record) return { server, record };
  }
  throw NovaError.notFound('Token not found');
}

/**
 * GET /os-console-auth-tokens/{token}: before 2.31 only RDP tokens resolved, and RDP is
 * gone, so it is a bare 400 there; from 2.99 a spice-direct token shows its TLS port.
 */
function showToken(ctx: ApiContext): HandlerResult {
  if (ctx.version.below('2.31')) throw new NovaError(400, BAD_REQUEST_TEXT);
  checkQuery(ctx, {}, ctx.version.atLeast('2.99'));
  authorize(ctx, { rule: 'os_compute_api:os-console-auth-tokens', default: 'admin' });
  const { server, record } = findToken(ctx, ctx.params.token!);
  const console: Record<string, unknown> = {
    instance_uuid: server.id,
    host: record.host,
    port: record.port,
    internal_access_path: record.internalAccessPath,
  };
  if (record.consoleType === 'spice-direct' && ctx.version.atLeast('2.99'))
    console.tls_port = record.tlsPort;
  return { status: 200, body: { console } };
}

/** webob's text for a bare HTTPBadRequest(). */
export const BAD_REQUEST_TEXT =
  'The server could not comply with the request since it is either malformed or otherwise incorrect.';

export const consoleAuthTokenRoutes: readonly Route[] = [
  { method: 'GET', path: '/os-console-auth-tokens/{token}', handler: showToken },
];
