import { NovaError } from '../../errors/nova-error.js';
import type { ApiContext, HandlerResult, Route } from '../context.js';
import type { PolicyRule } from '../policy-rules.js';
import { findServer } from './server-lookup.js';

/** `{ <network>: [{ version, addr }] }` — the ips API never shows the OS-EXT-IPS keys. */
function networksOf(
  ctx: ApiContext,
  policy: PolicyRule,
): Record<string, { version: number; addr: string }[]> {
  const server = findServer(ctx, ctx.params.server_id!, { policy });
  const out: Record<string, { version: number; addr: string }[]> = {};
  if (server.machine.vmState === 'building') return out;
  for (const address of server.addresses) {
    (out[address.network] ??= []).push({ version: address.version, addr: address.addr });
  }
  return out;
}

function list(ctx: ApiContext): HandlerResult {
  return { status: 200, body: { addresses: networksOf(ctx, 'os_compute_api:ips:index') } };
}

function show(ctx: ApiContext): HandlerResult {
  const label = ctx.params.network!;
  const networks = networksOf(ctx, 'os_compute_api:ips:show');
  const addresses = Object.hasOwn(networks, label) ? networks[label] : undefined;
  if (!addresses) throw NovaError.notFound('Instance is not a member of specified network');
  return { status: 200, body: { [label]: addresses } };
}

export const serverIpRoutes: readonly Route[] = [
  { method: 'GET', path: '/servers/{server_id}/ips', handler: list },
  { method: 'GET', path: '/servers/{server_id}/ips/{network}', handler: show },
];
