import { validateBody } from '../../api/validation/validate.js';
import {
  completeAttachment,
  createAttachment,
  deleteAttachment,
  getAttachment,
  updateAttachment,
} from '../attachment-ops.js';
import { queryOne, type VolumeContext, type VolumeResult, type VolumeRoute } from '../context.js';
import { CinderError } from '../errors.js';
import { authorize } from '../policy.js';
import { createAttachmentSchema, updateAttachmentSchema } from '../schemas.js';
import { attachmentDetail, attachmentSummary } from '../views.js';
import { getVolume } from '../volume-ops.js';
import { asObject, callerOf, isTrue } from './common.js';

function list(ctx: VolumeContext, detail: boolean): VolumeResult {
  authorize(ctx, 'volume:attachment_get_all', 'reader');
  const all = ctx.isAdmin && isTrue(queryOne(ctx, 'all_tenants'));
  const volumeId = queryOne(ctx, 'volume_id');
  const instanceId = queryOne(ctx, 'instance_id');
  const status = queryOne(ctx, 'status');
  const rows = [...ctx.core.store.attachments.values()].filter(
    (a) =>
      (all || a.projectId === ctx.auth.projectId) &&
      (volumeId === undefined || a.volumeId === volumeId) &&
      (instanceId === undefined || a.instanceUuid === instanceId) &&
      (status === undefined || a.status === status),
  );
  return {
    status: 200,
    body: { attachments: rows.map((a) => (detail ? attachmentDetail(a) : attachmentSummary(a))) },
  };
}

function show(ctx: VolumeContext): VolumeResult {
  authorize(ctx, 'volume:attachment_get', 'reader');
  const attachment = getAttachment(ctx.core, callerOf(ctx), ctx.params.id!);
  return { status: 200, body: { attachment: attachmentDetail(attachment) } };
}

function create(ctx: VolumeContext): VolumeResult {
  validateBody(createAttachmentSchema(ctx.version), ctx.body);
  const spec = asObject(asObject(ctx.body).attachment);
  const volume = getVolume(ctx.core, callerOf(ctx), String(spec.volume_uuid));
  authorize(ctx, 'volume:attachment_create', 'member');
  const connector = (spec.connector ?? null) as Record<string, unknown> | null;
  const mode = ctx.version.atLeast('3.54') && typeof spec.mode === 'string' ? spec.mode : 'null';
  const attachment = createAttachment(
    ctx.core,
    volume,
    (spec.instance_uuid ?? null) as string | null,
    connector,
    mode,
  );
  return { status: 200, body: { attachment: attachmentDetail(attachment) } };
}

function update(ctx: VolumeContext): VolumeResult {
  validateBody(updateAttachmentSchema, ctx.body);
  const attachment = getAttachment(ctx.core, callerOf(ctx), ctx.params.id!);
  authorize(ctx, 'volume:attachment_update', 'member');
  const connector = asObject(asObject(ctx.body).attachment).connector as Record<string, unknown>;
  updateAttachment(ctx.core, attachment, connector);
  return { status: 200, body: { attachment: attachmentDetail(attachment) } };
}

function remove(ctx: VolumeContext): VolumeResult {
  const attachment = getAttachment(ctx.core, callerOf(ctx), ctx.params.id!);
  authorize(ctx, 'volume:attachment_delete', 'member');
  // Bug #2004555: a user may not pull a connected attachment from under Nova; only a
  // service token may.
  const isService = ctx.auth.roles.includes('service');
  if (!isService && attachment.instanceUuid !== null && attachment.connector !== null) {
    throw new CinderError(
      409,
      `ConflictNovaUsingAttachment: Detach volume from instance ${attachment.instanceUuid} using the Compute API`,
    );
  }
  const remaining = deleteAttachment(ctx.core, attachment);
  return { status: 200, body: { attachments: remaining.map(attachmentSummary) } };
}

function action(ctx: VolumeContext): VolumeResult {
  const body = asObject(ctx.body);
  if (!('os-complete' in body)) {
    const name = Object.keys(body)[0] ?? '';
    throw CinderError.badRequest(`There is no such action: ${name}`);
  }
  const attachment = getAttachment(ctx.core, callerOf(ctx), ctx.params.id!);
  authorize(ctx, 'volume:attachment_complete', 'member');
  completeAttachment(ctx.core, attachment);
  return { status: 204 };
}

export const ATTACHMENT_ROUTES: readonly VolumeRoute[] = [
  { method: 'GET', path: '/attachments', handler: (c) => list(c, false), minVersion: '3.27' },
  { method: 'GET', path: '/attachments/detail', handler: (c) => list(c, true), minVersion: '3.27' },
  { method: 'POST', path: '/attachments', handler: create, minVersion: '3.27' },
  { method: 'GET', path: '/attachments/{id}', handler: show, minVersion: '3.27' },
  { method: 'PUT', path: '/attachments/{id}', handler: update, minVersion: '3.27' },
  { method: 'DELETE', path: '/attachments/{id}', handler: remove, minVersion: '3.27' },
  { method: 'POST', path: '/attachments/{id}/action', handler: action, minVersion: '3.44' },
];
