import { NovaError } from '../../../errors/nova-error.js';
import type { Handler, HandlerResult, Route } from '../../context.js';
import { authorize } from '../../policy.js';
import { actionOf } from './action-body.js';

/** Nova's proxy for Ironic stops at 2.35 (`MAX_PROXY_API_SUPPORT_VERSION`); 404 after. */
const LAST_PROXY_VERSION = '2.35';

/** The writes never reached Ironic: Nova answers each with the Ironic command to use. */
function ironicOnly(cmd: string): Handler {
  return () => {
    throw NovaError.badRequest(
      `Command not supported. Please use Ironic command ${cmd} to perform this action.`,
    );
  };
}

/**
 * os-baremetal-nodes as Nova answers it in front of a bare-metal service with no nodes:
 * the cloud simulates no Ironic, so the list is empty and every node is unknown. (Nova with
 * no Ironic at all fails the reads with 500, which a simulator has no reason to copy.)
 *
 * @example
 * cloud.request({ method: 'GET', path: '/os-baremetal-nodes' }).body; // { nodes: [] } for an admin
 */
export const baremetalNodeRoutes: readonly Route[] = [
  {
    method: 'GET',
    path: '/os-baremetal-nodes',
    handler: (ctx): HandlerResult => {
      authorize(ctx, { rule: 'os_compute_api:os-baremetal-nodes:list', default: 'admin' });
      return { status: 200, body: { nodes: [] } };
    },
    maxVersion: LAST_PROXY_VERSION,
  },
  {
    method: 'GET',
    path: '/os-baremetal-nodes/{id}',
    handler: (ctx): HandlerResult => {
      authorize(ctx, { rule: 'os_compute_api:os-baremetal-nodes:show', default: 'admin' });
      throw NovaError.notFound(`Node ${ctx.params.id} could not be found.`);
    },
    maxVersion: LAST_PROXY_VERSION,
  },
  {
    method: 'POST',
    path: '/os-baremetal-nodes',
    handler: ironicOnly('node-create'),
    maxVersion: LAST_PROXY_VERSION,
  },
  {
    method: 'DELETE',
    path: '/os-baremetal-nodes/{id}',
    handler: ironicOnly('node-delete'),
    maxVersion: LAST_PROXY_VERSION,
  },
  {
    method: 'POST',
    path: '/os-baremetal-nodes/{id}/action',
    handler: (ctx) => {
      const [action] = actionOf(ctx, ['add_interface', 'remove_interface']);
      return ironicOnly(action === 'add_interface' ? 'port-create' : 'port-delete')(ctx);
    },
    maxVersion: LAST_PROXY_VERSION,
  },
];
