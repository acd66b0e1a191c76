import type { Server } from '../../compute/server.js';
import { NovaError } from '../../errors/nova-error.js';
import type { ApiContext, HandlerResult, Route } from '../context.js';
import { authorize } from '../policy.js';
import { pythonRepr } from '../validation/python-repr.js';
import { strictObject } from '../validation/schemas/versioned.js';
import type { Schema } from '../validation/validate.js';
import { validateBody } from '../validation/validate.js';
import { checkQuery, MULTI_STRING } from './catalog/query-params.js';
import { objectBody } from './server-lookup.js';

// os-assisted-volume-snapshots (assisted_volume_snapshots.py): Cinder's call into Nova to
// have the hypervisor snapshot (or merge away) a file-backed volume of a running server.
// Every refusal is a 400, conflicts included (Nova left the codes as they were).

const ROOT = 'os_compute_api:os-assisted-volume-snapshots';
const TEXT: Schema = { type: 'string', minLength: 1 };

const CREATE: Schema = strictObject(
  {
    snapshot: strictObject(
      {
        volume_id: TEXT,
        create_info: strictObject(
          {
            snapshot_id: TEXT,
            type: { type: 'string', enum: ['qcow2'] },
            new_file: TEXT,
            id: TEXT,
          },
          ['snapshot_id', 'type', 'new_file'],
        ),
      },
      ['volume_id', 'create_info'],
    ),
  },
  ['snapshot'],
);

/** `_get_bdm_by_volume_id`: the one live server the volume is attached to. */
function serverWithVolume(ctx: ApiContext, volumeId: string): Server {
  const holders: Server[] = [];
  for (const server of ctx.cloud.compute.servers.values()) {
    if (!server.deleted && server.volumes.some((v) => v.id === volumeId)) holders.push(server);
  }
  if (holders.length === 0) {
    throw NovaError.badRequest(`No volume Block Device Mapping with id ${volumeId}.`);
  }
  if (holders.length > 1) {
    throw NovaError.badRequest(
      `Block Device Mapping ${volumeId} is a multi-attach volume and is not valid for this operation.`,
    );
  }
  return holders[0]!;
}

function invalidState(server: Server, attr: string, state: unknown, method: string): NovaError {
  return NovaError.badRequest(
    `Instance ${server.id} in ${attr} ${state ?? 'None'}. Cannot ${method} while the instance is in this state.`,
  );
}

/** `check_instance_host()` then `check_instance_state(vm_state=None)`, as 400s. */
function checkServer(server: Server, method: string): void {
  if (server.host === null) throw NovaError.badRequest(`Instance ${server.id} is not ready`);
  const task = server.machine.taskState;
  if (task !== null) throw invalidState(server, 'task_state', task, method);
  if (server.launchedAt === null) throw invalidState(server, 'launched_at', null, method);
}

/**
 * POST: the hypervisor snapshots the volume's file on the compute host (a cast); the
 * answer names the snapshot Cinder gave (`create_info.id`, null without one).
 */
function create(ctx: ApiContext): HandlerResult {
  const body = objectBody(ctx);
  validateBody(CREATE, body);
  authorize(ctx, { rule: `${ROOT}:create`, default: 'service-or-admin' });
  const snapshot = body.snapshot as { volume_id: string; create_info: Record<string, unknown> };
  const server = serverWithVolume(ctx, snapshot.volume_id);
  checkServer(server, 'do_volume_snapshot_create');
  const id = snapshot.create_info.id;
  return {
    status: 200,
    body: { snapshot: { id: typeof id === 'string' ? id : null, volumeId: snapshot.volume_id } },
  };
}

/** `json.loads` of the `delete_info` parameter, refused with Python's error text. */
function deleteInfo(ctx: ApiContext): Record<string, unknown> {
  const text = ctx.query.get('delete_info');
  if (text === undefined) throw NovaError.badRequest(pythonRepr('delete_info'));
  let info: unknown;
  try {
    info = JSON.parse(text);
  } catch {
    throw NovaError.badRequest('Expecting value: line 1 column 1 (char 0)');
  }
  // Nova reads `['volume_id']` of whatever parsed: anything but an object has none.
  if (info === null || typeof info !== 'object' || Array.isArray(info) || !('volume_id' in info)) {
    throw NovaError.badRequest(pythonRepr('volume_id'));
  }
  return info as Record<string, unknown>;
}

/** DELETE ?delete_info={"volume_id": ...}: the hypervisor merges the snapshot away (a cast). */
function remove(ctx: ApiContext): HandlerResult {
  checkQuery(ctx, { delete_info: MULTI_STRING }, ctx.version.atLeast('2.75'));
  authorize(ctx, { rule: `${ROOT}:delete`, default: 'service-or-admin' });
  const info = deleteInfo(ctx);
  const server = serverWithVolume(ctx, String(info.volume_id));
  checkServer(server, 'do_volume_snapshot_delete');
  // Offline merges of an intermediate snapshot are refused (nova bug 1919487).
  const merge = info.merge_target_file;
  if (merge !== undefined && merge !== null && server.machine.vmState !== 'active') {
    throw invalidState(server, 'vm_state', server.machine.vmState, 'volume_snapshot_delete');
  }
  return { status: 204 };
}

/**
 * `POST /os-assisted-volume-snapshots` and `DELETE /os-assisted-volume-snapshots/{id}`:
 * service (or admin) callers only, checked with an empty target.
 *
 * @example
 * const ROUTES = [...serverRoutes, ...assistedVolumeSnapshotRoutes];
 */
export const assistedVolumeSnapshotRoutes: readonly Route[] = [
  { method: 'POST', path: '/os-assisted-volume-snapshots', handler: create },
  { method: 'DELETE', path: '/os-assisted-volume-snapshots/{id}', handler: remove },
];
