import type { HandlerResult, NetworkContext } from './context.js';
import { NeutronError } from './errors.js';
import { listExtensions, showExtension } from './handlers/extensions.js';
import {
  createFloatingIp,
  deleteFloatingIp,
  listFloatingIps,
  showFloatingIp,
  updateFloatingIp,
} from './handlers/floating-ips.js';
import {
  createNetwork,
  deleteNetwork,
  listNetworks,
  showNetwork,
  updateNetwork,
} from './handlers/networks.js';
import { createPort, deletePort, listPorts, showPort, updatePort } from './handlers/ports.js';
import { deleteQuota, listQuotas, showQuota, updateQuota } from './handlers/quotas.js';
import {
  addInterface,
  createRouter,
  deleteRouter,
  listRouters,
  removeInterface,
  showRouter,
  updateRouter,
} from './handlers/routers.js';
import { createRule, deleteRule, listRules, showRule } from './handlers/security-group-rules.js';
import {
  createSecurityGroup,
  deleteSecurityGroup,
  listSecurityGroups,
  showSecurityGroup,
  updateSecurityGroup,
} from './handlers/security-groups.js';
import {
  createSubnet,
  deleteSubnet,
  listSubnets,
  showSubnet,
  updateSubnet,
} from './handlers/subnets.js';

type Handler = (ctx: NetworkContext, id: string) => HandlerResult;

/** One collection: its member name and the handler per method, on the collection or an id. */
interface Collection {
  readonly member: string;
  readonly list: (ctx: NetworkContext) => HandlerResult;
  readonly create?: (ctx: NetworkContext) => HandlerResult;
  readonly show: Handler;
  readonly update?: Handler;
  readonly remove: Handler;
  /** PUT /{collection}/{id}/{action} */
  readonly actions?: Readonly<Record<string, Handler>>;
}

/** Neutron's v2.0 resources, by collection path. */
export const COLLECTIONS: Readonly<Record<string, Collection>> = {
  networks: {
    member: 'network',
    list: listNetworks,
    create: createNetwork,
    show: showNetwork,
    update: updateNetwork,
    remove: deleteNetwork,
  },
  subnets: {
    member: 'subnet',
    list: listSubnets,
    create: createSubnet,
    show: showSubnet,
    update: updateSubnet,
    remove: deleteSubnet,
  },
  ports: {
    member: 'port',
    list: listPorts,
    create: createPort,
    show: showPort,
    update: updatePort,
    remove: deletePort,
  },
  'security-groups': {
    member: 'security_group',
    list: listSecurityGroups,
    create: createSecurityGroup,
    show: showSecurityGroup,
    update: updateSecurityGroup,
    remove: deleteSecurityGroup,
  },
  'security-group-rules': {
    member: 'security_group_rule',
    list: listRules,
    create: createRule,
    show: showRule,
    remove: deleteRule,
  },
  floatingips: {
    member: 'floatingip',
    list: listFloatingIps,
    create: createFloatingIp,
    show: showFloatingIp,
    update: updateFloatingIp,
    remove: deleteFloatingIp,
  },
  routers: {
    member: 'router',
    list: listRouters,
    create: createRouter,
    show: showRouter,
    update: updateRouter,
    remove: deleteRouter,
    actions: { add_router_interface: addInterface, remove_router_interface: removeInterface },
  },
};

function notAllowed(): NeutronError {
  return new NeutronError(
    405,
    'HTTPMethodNotAllowed',
    'The method is not allowed for the requested resource.',
  );
}

function notFoundPath(): NeutronError {
  return NeutronError.notFound('HTTPNotFound', 'The resource could not be found.');
}

/**
 * Dispatches `/v2.0/<collection>[/<id>[/<action>]]` to its handler.
 *
 * @example
 * dispatch(ctx, ['networks']); // GET → list
 */
export function dispatch(ctx: NetworkContext, parts: readonly string[]): HandlerResult {
  const [name, id, action, extra] = parts;
  const method = ctx.method;
  if (name === 'extensions' && action === undefined) {
    if (method !== 'GET') throw notAllowed();
    return id === undefined ? listExtensions() : showExtension(id);
  }
  if (name === 'quotas') {
    if (extra !== undefined) throw notFoundPath();
    if (id === undefined) {
      if (method !== 'GET') throw notAllowed();
      return listQuotas(ctx);
    }
    if (method === 'GET') return showQuota(ctx, id, action);
    if (action !== undefined) throw notAllowed();
    if (method === 'PUT') return updateQuota(ctx, id);
    if (method === 'DELETE') return deleteQuota(ctx, id);
    throw notAllowed();
  }
  const collection =
    name !== undefined && Object.hasOwn(COLLECTIONS, name) ? COLLECTIONS[name] : undefined;
  if (!collection || extra !== undefined) throw notFoundPath();
  if (id === undefined) {
    if (method === 'GET') return collection.list(ctx);
    if (method === 'POST' && collection.create) return collection.create(ctx);
    throw notAllowed();
  }
  if (action !== undefined) {
    const handler =
      collection.actions && Object.hasOwn(collection.actions, action)
        ? collection.actions[action]
        : undefined;
    if (!handler) throw notFoundPath();
    if (method !== 'PUT') throw notAllowed();
    return handler(ctx, id);
  }
  if (method === 'GET') return collection.show(ctx, id);
  if (method === 'PUT' && collection.update) return collection.update(ctx, id);
  if (method === 'DELETE') return collection.remove(ctx, id);
  throw notAllowed();
}
