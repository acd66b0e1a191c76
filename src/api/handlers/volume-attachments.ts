import { check, recordAction } from '../../compute/operations.js';
import type { AttachedVolume, Server } from '../../compute/server.js';
import { isCinderClientError } from '../../compute/volume-api.js';
import { elevated, nextDevice } from '../../compute/volume-flows.js';
import { NovaError } from '../../errors/nova-error.js';
import { uuid4 } from '../../random/ids.js';
import type { ApiContext, HandlerResult, Route } from '../context.js';
import { serverIndex } from '../listing/server-index.js';
import { authorize } from '../policy.js';
import { BOOLEAN, TAG } from '../validation/schemas/parameter-types.js';
import type { Schema } from '../validation/validate.js';
import { validateBody } from '../validation/validate.js';
import { findServer, objectBody } from './server-lookup.js';

const ROOT = 'os_compute_api:os-volumes-attachments';
const DEVICE: Schema = {
  type: ['string', 'null'],
  pattern: '(^/dev/x{0,1}[a-z]{0,1}d{0,1})([a-z]+)[0-9]*$',
};
const UUID: Schema = { type: 'string', format: 'uuid' };

function attachSchema(ctx: ApiContext): Schema {
  const properties: Schema = { volumeId: UUID, device: DEVICE };
  if (ctx.version.atLeast('2.49')) properties.tag = TAG;
  if (ctx.version.atLeast('2.79')) properties.delete_on_termination = BOOLEAN;
  return wrap(properties);
}

function updateSchema(ctx: ApiContext): Schema {
  if (ctx.version.below('2.85')) return wrap({ volumeId: UUID });
  return wrap({
    volumeId: UUID,
    device: DEVICE,
    tag: TAG,
    delete_on_termination: BOOLEAN,
    serverId: UUID,
    id: UUID,
  });
}

function wrap(properties: Schema): Schema {
  return {
    type: 'object',
    properties: {
      volumeAttachment: {
        type: 'object',
        properties,
        required: ['volumeId'],
        additionalProperties: false,
      },
    },
    required: ['volumeAttachment'],
    additionalProperties: false,
  };
}

/** nova/api/openstack/compute/volume_attachments.py `_translate_attachment_detail_view`. */
function view(ctx: ApiContext, server: Server, bdm: AttachedVolume): Record<string, unknown> {
  const v = ctx.version;
  const out: Record<string, unknown> = {};
  if (v.below('2.89')) out.id = bdm.id;
  out.volumeId = bdm.id;
  out.serverId = server.id;
  if (bdm.device) out.device = bdm.device;
  if (v.atLeast('2.70')) out.tag = bdm.tag ?? null;
  if (v.atLeast('2.79')) out.delete_on_termination = bdm.deleteOnTermination;
  if (v.atLeast('2.89')) {
    out.attachment_id = bdm.attachmentId ?? null;
    out.bdm_uuid = bdm.uuid ?? null;
  }
  return out;
}

function notAttached(server: string, volume: string): NovaError {
  return NovaError.notFound(`Instance ${server} is not attached to volume ${volume}`);
}

/** Shelved servers take volume changes only from 2.20 (`_check_request_version`). */
function checkShelvedVersion(ctx: ApiContext, server: Server, method: string): void {
  const vm = server.machine.vmState;
  if ((vm === 'shelved' || vm === 'shelved_offloaded') && ctx.version.below('2.20')) {
    throw NovaError.conflict(
      `Cannot '${method}' instance ${server.id} while it is in vm_state ${vm}`,
    );
  }
}

function intParam(ctx: ApiContext, name: string): number | undefined {
  const text = ctx.query.get(name);
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text)) {
    throw NovaError.badRequest(
      `Invalid input for query parameters ${name}. Value: ${text}. '${text}' does not match '^[0-9]*$'`,
    );
  }
  return Number(text);
}

function index(ctx: ApiContext): HandlerResult {
  const server = findServer(ctx, ctx.params.server_id!);
  authorize(
    ctx,
    { rule: `${ROOT}:index`, default: 'project-reader-or-admin' },
    { projectId: server.projectId },
  );
  const offset = intParam(ctx, 'offset') ?? 0;
  const limit = Math.min(
    intParam(ctx, 'limit') ?? ctx.cloud.config.maxLimit,
    ctx.cloud.config.maxLimit,
  );
  const rows = server.volumes
    .slice(offset, offset + limit)
    .filter((bdm) => ctx.version.below('2.89') || bdm.attachmentId);
  return { status: 200, body: { volumeAttachments: rows.map((bdm) => view(ctx, server, bdm)) } };
}

function show(ctx: ApiContext): HandlerResult {
  const server = findServer(ctx, ctx.params.server_id!);
  authorize(
    ctx,
    { rule: `${ROOT}:show`, default: 'project-reader-or-admin' },
    { projectId: server.projectId },
  );
  const bdm = server.volumes.find((v) => v.id === ctx.params.volume_id);
  if (!bdm || (ctx.version.atLeast('2.89') && !bdm.attachmentId)) {
    throw notAttached(server.id, ctx.params.volume_id!);
  }
  return { status: 200, body: { volumeAttachment: view(ctx, server, bdm) } };
}

function cinderRefusal(error: unknown): NovaError {
  if (isCinderClientError(error)) {
    if (error.code === 404) return NovaError.notFound(error.message);
    return NovaError.badRequest(`Invalid input received: ${error.printed}`);
  }
  throw error;
}

/** POST: attach_volume, reserved at once, connected and completed on the clock. */
function attach(ctx: ApiContext): HandlerResult {
  const body = objectBody(ctx);
  validateBody(attachSchema(ctx), body);
  const server = findServer(ctx, ctx.params.server_id!);
  authorize(
    ctx,
    { rule: `${ROOT}:create`, default: 'project-member-or-admin' },
    { projectId: server.projectId },
  );
  const spec = body.volumeAttachment as Record<string, unknown>;
  const volumeId = String(spec.volumeId);
  const tag = (spec.tag as string | undefined) ?? null;
  const deleteOnTermination = isTrue(spec.delete_on_termination);
  checkShelvedVersion(ctx, server, 'attach_volume');
  const { compute, volumeApi, novaVolumes } = ctx.cloud;
  check(compute, server, ctx.caller, 'attachVolume');
  const volume = volumeApi.find(ctx.caller, volumeId);
  if (!volume) throw NovaError.notFound(`Volume ${volumeId} could not be found.`);
  const holders = serverIndex(ctx.cloud).volumeHolders(volumeId);
  if (holders.length > 0 && !volume.multiattach) {
    throw NovaError.badRequest(
      `Invalid volume: volume ${volumeId} is already attached to instances: ${holders.map((s) => s.id).join(' ')}`,
    );
  }
  if (holders.some((s) => s.id === server.id)) {
    throw NovaError.badRequest(`Invalid volume: volume ${volumeId} already attached`);
  }
  const offloaded = server.machine.vmState === 'shelved_offloaded';
  if (offloaded && tag !== null) {
    throw NovaError.badRequest(
      'Tagged volume attachment is not supported for shelved-offloaded instances.',
    );
  }
  if (offloaded && volume.multiattach) {
    throw NovaError.badRequest(
      'Attaching multiattach volumes is not supported for shelved-offloaded instances.',
    );
  }
  if (volume.multiattach && ctx.version.below('2.60')) {
    throw NovaError.badRequest(
      'Multiattach volumes are only supported starting with compute API version 2.60.',
    );
  }
  const device = offloaded ? null : nextDevice(server);
  let attachmentId: string;
  try {
    attachmentId = volumeApi.attachmentCreate(elevated(server.projectId), volumeId, server.id).id;
  } catch (error) {
    // From 2.101 the attach is a cast: a refusal happens after the 202.
    if (ctx.version.atLeast('2.101') && isCinderClientError(error)) return { status: 202 };
    throw cinderRefusal(error);
  }
  const bdm: AttachedVolume = {
    id: volumeId,
    deleteOnTermination,
    device,
    tag,
    attachmentId,
    bootIndex: null,
    uuid: uuid4(ctx.cloud.random),
  };
  server.volumes.push(bdm);
  recordAction(compute, server, ctx.caller, 'attach_volume');
  // A shelved-offloaded server has no host: Cinder just marks the volume in use.
  if (offloaded) volumeApi.attachmentComplete(elevated(server.projectId), attachmentId);
  else novaVolumes.startAttach(server, bdm);
  if (ctx.version.atLeast('2.101')) return { status: 202 };
  const attachment: Record<string, unknown> = {
    id: volumeId,
    serverId: server.id,
    volumeId,
    device,
  };
  if (ctx.version.atLeast('2.70')) attachment.tag = tag;
  if (ctx.version.atLeast('2.79')) attachment.delete_on_termination = deleteOnTermination;
  return { status: 200, body: { volumeAttachment: attachment } };
}

/** PUT: from 2.85 a same-volume update; otherwise swap, which only Cinder may ask. */
function update(ctx: ApiContext): HandlerResult {
  const body = objectBody(ctx);
  validateBody(updateSchema(ctx), body);
  const server = findServer(ctx, ctx.params.server_id!);
  const att = body.volumeAttachment as Record<string, unknown>;
  const id = ctx.params.volume_id!;
  const newId = String(att.volumeId);
  const onlySwap = ctx.version.below('2.85');
  if (onlySwap || id !== newId) {
    // Master's SERVICE_ROLE is `rule:service_or_admin`: an admin may swap too (until 2026.2).
    authorize(ctx, 'os_compute_api:os-volumes-attachments:swap');
  } else {
    authorize(
      ctx,
      { rule: `${ROOT}:update`, default: 'project-member-or-admin' },
      { projectId: server.projectId },
    );
  }
  if (!onlySwap) {
    const bdm = server.volumes.find((v) => v.id === id);
    if (!bdm) throw NovaError.notFound(`No volume Block Device Mapping with id ${id}.`);
    const immutable: [string, unknown][] = [
      ['id', id],
      ['serverId', server.id],
      ['device', bdm.device ?? null],
      ['tag', bdm.tag ?? null],
    ];
    for (const [key, current] of immutable) {
      if (key in att && att[key] !== current) {
        throw NovaError.badRequest(`The ${key} property is not mutable`);
      }
    }
    if ('delete_on_termination' in att) bdm.deleteOnTermination = isTrue(att.delete_on_termination);
    if (id === newId) return { status: 202 };
  }
  const old = ctx.cloud.volumeApi.find(ctx.caller, id);
  if (!old) throw NovaError.notFound(`Volume ${id} could not be found.`);
  // Cinder calls this only while migrating a volume, which is not simulated.
  throw NovaError.conflict(
    `volume ${id} is not migrating; this API should only be called by Cinder`,
  );
}

/** DELETE: detach_volume, `detaching` now and gone when the compute host is done. */
function detach(ctx: ApiContext): HandlerResult {
  const server = findServer(ctx, ctx.params.server_id!);
  authorize(
    ctx,
    { rule: `${ROOT}:delete`, default: 'project-member-or-admin' },
    { projectId: server.projectId },
  );
  const volumeId = ctx.params.volume_id!;
  checkShelvedVersion(ctx, server, 'detach_volume');
  const { compute, volumeApi, novaVolumes } = ctx.cloud;
  if (!volumeApi.find(ctx.caller, volumeId)) {
    throw NovaError.notFound(`Volume ${volumeId} could not be found.`);
  }
  const bdm = server.volumes.find((v) => v.id === volumeId);
  if (!bdm) throw notAttached(server.id, volumeId);
  if (bdm.bootIndex === 0) throw NovaError.badRequest('Cannot detach a root device volume');
  check(compute, server, ctx.caller, 'detachVolume');
  const caller = elevated(server.projectId);
  if (server.machine.vmState === 'shelved_offloaded') {
    recordAction(compute, server, ctx.caller, 'detach_volume');
    if (bdm.attachmentId && volumeApi.attachment(caller, bdm.attachmentId)) {
      volumeApi.attachmentDelete(caller, bdm.attachmentId);
    }
    server.volumes = server.volumes.filter((v) => v !== bdm);
    return { status: 202 };
  }
  if (server.host === null) throw NovaError.conflict(`Instance ${server.id} is not ready`);
  if (!compute.isHostUp(server.host)) {
    throw NovaError.conflict('Service is unavailable at this time.');
  }
  try {
    volumeApi.beginDetaching(ctx.caller, volumeId);
  } catch (error) {
    if (!isCinderClientError(error)) throw error;
    throw NovaError.badRequest(`Invalid volume: Invalid input received: ${error.printed}`);
  }
  recordAction(compute, server, ctx.caller, 'detach_volume');
  novaVolumes.startDetach(server, bdm);
  return { status: 202 };
}

function isTrue(value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  return ['1', 't', 'true', 'on', 'y', 'yes'].includes(String(value ?? '').toLowerCase());
}

const PATH = '/servers/{server_id}/os-volume_attachments';

export const volumeAttachmentRoutes: readonly Route[] = [
  { method: 'GET', path: PATH, handler: index },
  { method: 'POST', path: PATH, handler: attach },
  { method: 'GET', path: `${PATH}/{volume_id}`, handler: show },
  { method: 'PUT', path: `${PATH}/{volume_id}`, handler: update },
  { method: 'DELETE', path: `${PATH}/{volume_id}`, handler: detach },
];
