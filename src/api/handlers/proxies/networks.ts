import { NovaError } from '../../../errors/nova-error.js';
import type { ApiContext, HandlerResult, Route, RoutePolicy } from '../../context.js';
import { authorize } from '../../policy.js';
import { LAST_PROXY_VERSION } from './gates.js';
import { neutron } from './neighbours.js';

// os-networks and os-tenant-networks (api/openstack/compute/{networks,tenant_networks}.py):
// reads of Neutron's networks up to 2.35, in nova-network's old shape. Their writes are gone
// (410, at every version): os-networks' are in admin/removed.ts, os-tenant-networks' here.

type Json = Record<string, unknown>;

const reader = (rule: string): RoutePolicy => ({ rule, default: 'project-reader-or-admin' });
const POLICY = {
  list: reader('os_compute_api:os-networks:list'),
  show: reader('os_compute_api:os-networks:show'),
  tenantList: reader('os_compute_api:os-tenant-networks:list'),
  tenantShow: reader('os_compute_api:os-tenant-networks:show'),
};

const FIELDS = [
  'id',
  'cidr',
  'netmask',
  'gateway',
  'broadcast',
  'dns1',
  'dns2',
  'cidr_v6',
  'gateway_v6',
  'label',
  'netmask_v6',
];
const ADMIN_FIELDS = [
  'created_at',
  'updated_at',
  'deleted_at',
  'deleted',
  'injected',
  'bridge',
  'vlan',
  'vpn_public_address',
  'vpn_public_port',
  'vpn_private_address',
  'dhcp_start',
  'project_id',
  'host',
  'bridge_interface',
  'multi_host',
  'priority',
  'rxtx_base',
  'mtu',
  'dhcp_server',
  'enable_dhcp',
  'share_address',
];

/** `networks.network_dict`: only the id and label are left; an admin sees more nulls. */
function networkDict(ctx: ApiContext, network: Json): Json {
  const fields = ctx.isAdmin ? [...FIELDS, ...ADMIN_FIELDS] : FIELDS;
  return Object.fromEntries(
    fields.map((field) => {
      if (field === 'id') return [field, network.id];
      if (field === 'label') return [field, network.name];
      return [field, null];
    }),
  );
}

/** `tenant_networks.network_dict`: the cidr is the string 'None', as it always was with Neutron. */
function tenantNetworkDict(network: Json): Json {
  return { id: network.id, cidr: 'None', label: network.name };
}

function allNetworks(ctx: ApiContext): Json[] {
  return (neutron(ctx, 'GET', '/networks').body?.networks ?? []) as Json[];
}

function oneNetwork(ctx: ApiContext, id: string): Json {
  const reply = neutron(ctx, 'GET', `/networks/${encodeURIComponent(id)}`);
  if (reply.status !== 200) throw NovaError.notFound('Network not found');
  return reply.body.network as Json;
}

const GONE = 'This resource is no longer available.  No forwarding address is given.';

const gated = (method: Route['method'], path: string, handler: Route['handler']): Route => ({
  method,
  path,
  handler,
  maxVersion: LAST_PROXY_VERSION,
});

function list(ctx: ApiContext): HandlerResult {
  authorize(ctx, POLICY.list, { projectId: ctx.auth.projectId });
  return { status: 200, body: { networks: allNetworks(ctx).map((n) => networkDict(ctx, n)) } };
}

function show(ctx: ApiContext): HandlerResult {
  authorize(ctx, POLICY.show, { projectId: ctx.auth.projectId });
  return { status: 200, body: { network: networkDict(ctx, oneNetwork(ctx, ctx.params.id!)) } };
}

function tenantList(ctx: ApiContext): HandlerResult {
  authorize(ctx, POLICY.tenantList, { projectId: ctx.auth.projectId });
  return { status: 200, body: { networks: allNetworks(ctx).map(tenantNetworkDict) } };
}

function tenantShow(ctx: ApiContext): HandlerResult {
  authorize(ctx, POLICY.tenantShow, { projectId: ctx.auth.projectId });
  return { status: 200, body: { network: tenantNetworkDict(oneNetwork(ctx, ctx.params.id!)) } };
}

/** The network proxies' reads, and os-tenant-networks' removed writes. */
export const networkRoutes: readonly Route[] = [
  gated('GET', '/os-networks', list),
  gated('GET', '/os-networks/{id}', show),
  gated('GET', '/os-tenant-networks', tenantList),
  gated('GET', '/os-tenant-networks/{id}', tenantShow),
  ...(['POST', 'DELETE'] as const).map(
    (method): Route => ({
      method,
      path: method === 'POST' ? '/os-tenant-networks' : '/os-tenant-networks/{id}',
      handler: () => {
        throw new NovaError(410, GONE);
      },
    }),
  ),
];
