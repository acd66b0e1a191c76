import { NovaError } from '../../../errors/nova-error.js';
import type { ApiContext, Handler, Route } from '../../context.js';
import { objectBody } from '../server-lookup.js';
import { serverRoutes } from '../servers.js';
import { listRoutes } from '../servers-list.js';

// os-volumes_boot (api/openstack/compute/volumes_boot.py): the servers controller under
// another name, up to 2.102. Only the servers controller's own actions come along; the
// actions other controllers add to /servers/{id}/action do not exist here.

const LAST_VERSION = '2.102';

/** The actions `ServersController` itself defines (trigger_crash_dump from 2.17). */
const OWN_ACTIONS: ReadonlySet<string> = new Set([
  'confirmResize',
  'revertResize',
  'reboot',
  'resize',
  'rebuild',
  'createImage',
  'os-start',
  'os-stop',
  'trigger_crash_dump',
]);

function serversHandler(method: Route['method'], path: string): Handler {
  const route = [...listRoutes, ...serverRoutes].find(
    (candidate) => candidate.method === method && candidate.path === path,
  );
  if (!route) throw new TypeError(`no servers route ${method} ${path}`);
  return route.handler;
}

/** The servers handler, with the alias's `{id}` as the servers' `{server_id}`. */
function alias(method: Route['method'], path: string, target: string): Route {
  const handler = serversHandler(method, target);
  return {
    method,
    path,
    maxVersion: LAST_VERSION,
    handler: (ctx) =>
      handler(
        ctx.params.id === undefined
          ? ctx
          : { ...ctx, params: { ...ctx.params, server_id: ctx.params.id } },
      ),
  };
}

const serverAction = serversHandler('POST', '/servers/{server_id}/action');

function action(ctx: ApiContext) {
  const key = Object.keys(objectBody(ctx))[0];
  if (key !== undefined && !OWN_ACTIONS.has(key)) {
    throw NovaError.badRequest(`There is no such action: ${key}`);
  }
  return serverAction({ ...ctx, params: { ...ctx.params, server_id: ctx.params.id! } });
}

/**
 * The os-volumes_boot alias of the servers API, 404 from 2.103 (deprecated there).
 *
 * @example
 * cloud.request({ method: 'GET', path: '/os-volumes_boot/detail' }).body.servers;
 */
export const volumesBootRoutes: readonly Route[] = [
  alias('GET', '/os-volumes_boot', '/servers'),
  alias('GET', '/os-volumes_boot/detail', '/servers/detail'),
  alias('POST', '/os-volumes_boot', '/servers'),
  alias('GET', '/os-volumes_boot/{id}', '/servers/{server_id}'),
  alias('PUT', '/os-volumes_boot/{id}', '/servers/{server_id}'),
  alias('DELETE', '/os-volumes_boot/{id}', '/servers/{server_id}'),
  {
    method: 'POST',
    path: '/os-volumes_boot/{id}/action',
    handler: action,
    maxVersion: LAST_VERSION,
  },
];
