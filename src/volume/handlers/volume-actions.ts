import { validateBody } from '../../api/validation/validate.js';
import { beginDetaching, rollDetaching } from '../attachment-ops.js';
import type { VolumeContext, VolumeResult, VolumeRoute } from '../context.js';
import { CinderError } from '../errors.js';
import { authorize } from '../policy.js';
import { VOLUME_STATUSES, type VolumeRecord, type VolumeStatus } from '../records.js';
import { extendSchema, resetStatusSchema, setBootableSchema } from '../schemas.js';
import { deleteVolume, extendVolume, getVolume } from '../volume-ops.js';
import { asObject, callerOf, isTrue, type Json } from './common.js';
import { setImageMetadata, showImageMetadata, unsetImageMetadata } from './image-metadata.js';

type Action = (ctx: VolumeContext, volume: VolumeRecord, body: Json) => VolumeResult;

const extend: Action = (ctx, volume, body) => {
  authorize(ctx, 'volume:extend', 'member');
  validateBody(extendSchema, body);
  const newSize = Number(asObject(body['os-extend']).new_size);
  if (volume.status === 'in-use' && ctx.version.atLeast('3.42')) {
    authorize(ctx, 'volume:extend_attached_volume', 'member');
  }
  extendVolume(ctx.core, callerOf(ctx), volume, newSize, ctx.version);
  return { status: 202 };
};

const resetStatus: Action = (ctx, volume, body) => {
  authorize(ctx, 'volume_extension:volume_admin_actions:reset_status', 'admin');
  validateBody(resetStatusSchema, body);
  const args = asObject(body['os-reset_status']);
  const status = typeof args.status === 'string' ? args.status.toLowerCase() : undefined;
  if (status !== undefined && !VOLUME_STATUSES.includes(status as VolumeStatus)) {
    throw CinderError.badRequest(
      `Invalid input for field/attribute status. Value: ${args.status}. Volume status: ${args.status} is invalid, valid statuses are: (${VOLUME_STATUSES.map((s) => `'${s}'`).join(', ')}).`,
    );
  }
  // Cinder's tuple ('deleting', 'error_deleting' 'detaching') joins the last two strings, so
  // only `deleting` is refused here.
  if (status === 'deleting') throw CinderError.badRequest('Cannot reset-state to deleting');
  if (status === 'in-use' && volume.attachments.length === 0) {
    throw CinderError.badRequest(
      'Cannot reset-state to in-use because volume does not have any attachments.',
    );
  }
  if (String(args.attach_status ?? '').toLowerCase() === 'detached') {
    for (const id of volume.attachments) ctx.core.store.attachments.delete(id);
    volume.attachments = [];
  }
  if (status !== undefined) ctx.core.setStatus(volume, status as VolumeStatus);
  return { status: 202 };
};

const setBootable: Action = (ctx, volume, body) => {
  authorize(ctx, 'volume:update', 'member');
  validateBody(setBootableSchema, body);
  const value = asObject(body['os-set_bootable']).bootable;
  volume.bootable = isTrue(value as string | boolean);
  volume.updatedAt = ctx.core.now();
  return { status: 200 };
};

const beginDetach: Action = (ctx, volume) => {
  authorize(ctx, 'volume_extension:volume_actions:begin_detaching', 'member');
  beginDetaching(ctx.core, volume);
  return { status: 202 };
};

const rollDetach: Action = (ctx, volume) => {
  authorize(ctx, 'volume_extension:volume_actions:roll_detaching', 'member');
  rollDetaching(ctx.core, volume);
  return { status: 202 };
};

/** os-force_delete (admin_actions.py): delete without the status check, 202. */
const forceDelete: Action = (ctx, volume) => {
  authorize(ctx, 'volume_extension:volume_admin_actions:force_delete', 'admin');
  deleteVolume(ctx.core, callerOf(ctx), volume, { force: true });
  return { status: 202 };
};

const ACTIONS: Readonly<Record<string, Action>> = {
  'os-extend': extend,
  'os-reset_status': resetStatus,
  'os-set_bootable': setBootable,
  'os-begin_detaching': beginDetach,
  'os-roll_detaching': rollDetach,
  'os-force_delete': forceDelete,
  'os-set_image_metadata': setImageMetadata,
  'os-unset_image_metadata': unsetImageMetadata,
  'os-show_image_metadata': showImageMetadata,
};

/** POST /volumes/{id}/action: one action key, dispatched as Cinder's wsgi does. */
function action(ctx: VolumeContext): VolumeResult {
  const body = ctx.body;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw CinderError.badRequest('Malformed request body');
  }
  const keys = Object.keys(body);
  const name = keys[0];
  if (keys.length !== 1 || name === undefined)
    throw CinderError.badRequest('Malformed request body');
  const handler = ACTIONS[name];
  if (!handler) throw CinderError.badRequest(`There is no such action: ${name}`);
  const volume = getVolume(ctx.core, callerOf(ctx), ctx.params.id!);
  return handler(ctx, volume, body as Json);
}

export const VOLUME_ACTION_ROUTES: readonly VolumeRoute[] = [
  { method: 'POST', path: '/volumes/{id}/action', handler: action },
];
