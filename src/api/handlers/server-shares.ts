import type { Server } from '../../compute/server.js';
import { NovaError } from '../../errors/nova-error.js';
import type { ApiContext, HandlerResult, Route } from '../context.js';
import { authorize } from '../policy.js';
import { strictObject } from '../validation/schemas/versioned.js';
import { validateBody } from '../validation/validate.js';
import { checkQuery } from './catalog/query-params.js';
import { findServer, objectBody } from './server-lookup.js';

/**
 * /servers/{id}/shares (2.97, server_shares.py) as Nova answers with no Manila and no
 * virtiofs-capable compute: a server has no shares, and attaching one is refused once the
 * state check passes, because no host reports COMPUTE_STORAGE_VIRTIO_FS.
 */

const CREATE = strictObject(
  {
    share: strictObject(
      {
        share_id: { type: 'string', format: 'uuid' },
        tag: { type: 'string', minLength: 1, maxLength: 255, pattern: '^[a-zA-Z0-9-]*$' },
      },
      ['share_id'],
    ),
  },
  ['share'],
);

type Action = 'index' | 'create' | 'show' | 'delete';

const DEFAULTS = {
  index: 'project-reader-or-admin',
  show: 'project-reader-or-admin',
  create: 'project-member-or-admin',
  delete: 'project-member-or-admin',
} as const;

/**
 * The instance mapping (404 with no mapping), then the policy against the mapping's project:
 * these rules target the project, so another project's member gets 403, not 404.
 */
function authorizeOnMapping(ctx: ApiContext, action: Action): void {
  const id = ctx.params.server_id!;
  const server = ctx.cloud.compute.get(id);
  if (!server) throw NovaError.notFound(`Instance ${id} has no mapping to a cell.`);
  const rule = `os_compute_api:os-server-shares:${action}`;
  authorize(ctx, { rule, default: DEFAULTS[action] }, { projectId: server.projectId });
}

/** `_check_instance_in_valid_state`: stopped to attach; stopped or error to detach. */
function checkState(server: Server, action: 'create share' | 'delete share'): void {
  const vmState = server.machine.vmState;
  const allowed = action === 'create share' ? ['stopped'] : ['stopped', 'error'];
  if (!allowed.includes(vmState)) {
    throw NovaError.conflict(
      `Cannot '${action}' instance ${server.id} while it is in vm_state ${vmState}`,
    );
  }
}

function listShares(ctx: ApiContext): HandlerResult {
  checkQuery(ctx, {}, true);
  authorizeOnMapping(ctx, 'index');
  findServer(ctx, ctx.params.server_id!);
  return { status: 200, body: { shares: [] } };
}

function createShare(ctx: ApiContext): HandlerResult {
  const body = objectBody(ctx);
  validateBody(CREATE, body);
  authorizeOnMapping(ctx, 'create');
  checkState(findServer(ctx, ctx.params.server_id!), 'create share');
  throw NovaError.conflict(
    'Feature not supported because either compute or instance are not configured correctly.',
  );
}

function showShare(ctx: ApiContext): HandlerResult {
  checkQuery(ctx, {}, true);
  authorizeOnMapping(ctx, 'show');
  findServer(ctx, ctx.params.server_id!);
  throw NovaError.notFound(`Share ${ctx.params.share_id!} could not be found.`);
}

function deleteShare(ctx: ApiContext): HandlerResult {
  authorizeOnMapping(ctx, 'delete');
  checkState(findServer(ctx, ctx.params.server_id!), 'delete share');
  throw NovaError.notFound(`Share ${ctx.params.share_id!} could not be found.`);
}

const path = '/servers/{server_id}/shares';

export const serverShareRoutes: readonly Route[] = [
  { method: 'GET', path, handler: listShares, minVersion: '2.97' },
  { method: 'POST', path, handler: createShare, minVersion: '2.97' },
  { method: 'GET', path: `${path}/{share_id}`, handler: showShare, minVersion: '2.97' },
  { method: 'DELETE', path: `${path}/{share_id}`, handler: deleteShare, minVersion: '2.97' },
];
