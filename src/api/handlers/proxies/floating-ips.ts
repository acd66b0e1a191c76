import { NovaError } from '../../../errors/nova-error.js';
import type { ApiContext, HandlerResult, Route, RoutePolicy } from '../../context.js';
import { authorize } from '../../policy.js';
import { type Schema, validateBody } from '../../validation/validate.js';
import { isUuidLike } from '../catalog/query-params.js';
import { LAST_PROXY_VERSION } from './gates.js';
import { neutron, neutronFailure } from './neighbours.js';

// os-floating-ips and os-floating-ip-pools (api/openstack/compute/floating_ips.py,
// floating_ip_pools.py, nova/network/neutron.py): Neutron's floating IPs up to 2.35.

type Json = Record<string, unknown>;

const rule = (name: string, reader = false): RoutePolicy => ({
  rule: `os_compute_api:os-floating-ips:${name}`,
  default: reader ? 'project-reader-or-admin' : 'project-member-or-admin',
});
const POLICY = {
  list: rule('list', true),
  show: rule('show', true),
  create: rule('create'),
  delete: rule('delete'),
  pools: { rule: 'os_compute_api:os-floating-ip-pools', default: 'any' } as RoutePolicy,
};

/** DevStack's `[neutron] default_floating_pool`: its external network. */
const DEFAULT_POOL = 'public';

const CREATE: Schema = {
  type: ['object', 'null'],
  properties: { pool: { type: ['string', 'null'] } },
};

/** `_translate_floating_ip_view`, from Neutron's floating IP and its network. */
function floatingIpView(fip: Json, network: Json | undefined): Json {
  const port = fip.port_details as Json | null | undefined;
  return {
    fixed_ip: fip.fixed_ip_address ?? null,
    id: fip.id,
    instance_id: port ? (port.device_id ?? null) : null,
    ip: fip.floating_ip_address,
    pool: network?.name || network?.id || fip.floating_network_id,
  };
}

function network(ctx: ApiContext, id: unknown): Json | undefined {
  const reply = neutron(ctx, 'GET', `/networks/${encodeURIComponent(String(id))}`);
  return reply.status === 200 ? (reply.body.network as Json) : undefined;
}

/** `get_floating_ip`: Neutron's 404 is the controller's `Floating IP not found for ID`. */
function getFloatingIp(ctx: ApiContext, id: string): Json {
  const reply = neutron(ctx, 'GET', `/floatingips/${encodeURIComponent(id)}`);
  if (reply.status !== 200) throw NovaError.notFound(`Floating IP not found for ID ${id}`);
  return reply.body.floatingip as Json;
}

function index(ctx: ApiContext): HandlerResult {
  authorize(ctx, POLICY.list, { projectId: ctx.auth.projectId });
  const reply = neutron(
    ctx,
    'GET',
    `/floatingips?tenant_id=${encodeURIComponent(ctx.auth.projectId)}`,
  );
  const fips = (reply.body?.floatingips ?? []) as Json[];
  const networks = new Map<unknown, Json | undefined>();
  const views = fips.map((fip) => {
    const id = fip.floating_network_id;
    if (!networks.has(id)) networks.set(id, network(ctx, id));
    return floatingIpView(fip, networks.get(id));
  });
  return { status: 200, body: { floating_ips: views } };
}

function show(ctx: ApiContext): HandlerResult {
  authorize(ctx, POLICY.show, { projectId: ctx.auth.projectId });
  const fip = getFloatingIp(ctx, ctx.params.id!);
  return {
    status: 200,
    body: { floating_ip: floatingIpView(fip, network(ctx, fip.floating_network_id)) },
  };
}

/** `_get_floating_ip_pool_id_by_name_or_id`: an external network by id or name. */
function poolId(ctx: ApiContext, nameOrId: string): string {
  const filter = isUuidLike(nameOrId) ? 'id' : 'name';
  const reply = neutron(
    ctx,
    'GET',
    `/networks?router:external=True&${filter}=${encodeURIComponent(nameOrId)}`,
  );
  const nets = (reply.body?.networks ?? []) as Json[];
  if (nets.length === 0) throw NovaError.notFound('Floating IP pool not found.');
  if (nets.length > 1) {
    throw NovaError.conflict(`Multiple floating IP pools matches found for name '${nameOrId}'`);
  }
  return String(nets[0]!.id);
}

function create(ctx: ApiContext): HandlerResult {
  validateBody(CREATE, ctx.body ?? null);
  authorize(ctx, POLICY.create, { projectId: ctx.auth.projectId });
  const given = (ctx.body as { pool?: string | null } | null | undefined)?.pool ?? null;
  const poolNetwork = poolId(ctx, given || DEFAULT_POOL);
  const reply = neutron(ctx, 'POST', '/floatingips', {
    floatingip: { floating_network_id: poolNetwork },
  });
  if (reply.status >= 400) {
    const failure = neutronFailure(reply);
    if (['IpAddressGenerationFailure', 'ExternalIpAddressExhausted'].includes(failure.type)) {
      throw NovaError.notFound(
        given ? `No more floating IPs in pool ${given}.` : 'No more floating IPs available.',
      );
    }
    if (failure.type === 'OverQuota') {
      throw NovaError.forbidden(
        given ? `IP allocation over quota in pool ${given}.` : 'IP allocation over quota.',
      );
    }
    throw NovaError.badRequest(failure.message);
  }
  const fip = reply.body.floatingip as Json;
  return {
    status: 200,
    body: { floating_ip: floatingIpView(fip, network(ctx, fip.floating_network_id)) },
  };
}

function remove(ctx: ApiContext): HandlerResult {
  authorize(ctx, POLICY.delete, { projectId: ctx.auth.projectId });
  const fip = getFloatingIp(ctx, ctx.params.id!);
  const reply = neutron(ctx, 'DELETE', `/floatingips/${String(fip.id)}`);
  if (reply.status >= 400) {
    const failure = neutronFailure(reply);
    if (failure.status === 404) {
      throw NovaError.notFound(
        `Floating IP not found for address ${String(fip.floating_ip_address)}.`,
      );
    }
    throw NovaError.forbidden(failure.message);
  }
  return { status: 202 };
}

/** `floating_ip_pools.index`: Neutron's external networks, by name (or id when unnamed). */
function pools(ctx: ApiContext): HandlerResult {
  authorize(ctx, POLICY.pools);
  const reply = neutron(ctx, 'GET', '/networks?router:external=True');
  const nets = (reply.body?.networks ?? []) as Json[];
  return {
    status: 200,
    body: { floating_ip_pools: nets.map((n) => ({ name: n.name || n.id })) },
  };
}

const gated = (method: Route['method'], path: string, handler: Route['handler']): Route => ({
  method,
  path,
  handler,
  maxVersion: LAST_PROXY_VERSION,
});

/** The floating IP proxies, 404 from 2.36. */
export const floatingIpRoutes: readonly Route[] = [
  gated('GET', '/os-floating-ips', index),
  gated('POST', '/os-floating-ips', create),
  gated('GET', '/os-floating-ips/{id}', show),
  gated('DELETE', '/os-floating-ips/{id}', remove),
  gated('GET', '/os-floating-ip-pools', pools),
];
