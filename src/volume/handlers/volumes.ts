import { validateBody } from '../../api/validation/validate.js';
import { queryOne, type VolumeContext, type VolumeResult, type VolumeRoute } from '../context.js';
import { CinderError } from '../errors.js';
import { metadataFilter, page } from '../listing.js';
import { authorize } from '../policy.js';
import type { VolumeRecord } from '../records.js';
import { createVolumeSchema, updateVolumeSchema } from '../schemas.js';
import { volumeDetail, volumeSummary } from '../views.js';
import { createVolume, deleteVolume, getVolume } from '../volume-ops.js';
import { asObject, callerOf, isTrue } from './common.js';

function visibleVolumes(ctx: VolumeContext): VolumeRecord[] {
  const all = ctx.isAdmin && isTrue(queryOne(ctx, 'all_tenants'));
  const projectFilter = ctx.isAdmin ? queryOne(ctx, 'project_id') : undefined;
  const name = queryOne(ctx, 'name');
  const status = queryOne(ctx, 'status');
  const bootable = queryOne(ctx, 'bootable');
  const metadata = metadataFilter(queryOne(ctx, 'metadata'));
  return [...ctx.core.store.volumes.values()].filter((volume) => {
    if (projectFilter !== undefined) {
      if (volume.projectId !== projectFilter) return false;
    } else if (!all && volume.projectId !== ctx.auth.projectId) return false;
    if (name !== undefined && volume.name !== name) return false;
    if (status !== undefined && volume.status !== status) return false;
    if (bootable !== undefined && volume.bootable !== isTrue(bootable)) return false;
    if (metadata) {
      for (const [key, value] of Object.entries(metadata)) {
        if (volume.metadata[key] !== value) return false;
      }
    }
    return true;
  });
}

function list(ctx: VolumeContext, detail: boolean): VolumeResult {
  authorize(ctx, 'volume:get_all', 'reader');
  const rows = visibleVolumes(ctx) as unknown as (VolumeRecord & Record<string, unknown>)[];
  const paged = page(ctx, rows, detail ? 'volumes/detail' : 'volumes');
  const body: Record<string, unknown> = {
    volumes: paged.rows.map((v) => (detail ? volumeDetail(ctx, v) : volumeSummary(ctx, v))),
  };
  if (paged.links) body.volumes_links = paged.links;
  if (ctx.version.atLeast('3.45') && isTrue(queryOne(ctx, 'with_count'))) body.count = paged.count;
  return { status: 200, body };
}

function show(ctx: VolumeContext): VolumeResult {
  authorize(ctx, 'volume:get', 'reader');
  const volume = getVolume(ctx.core, callerOf(ctx), ctx.params.id!);
  return { status: 200, body: { volume: volumeDetail(ctx, volume) } };
}

function create(ctx: VolumeContext): VolumeResult {
  authorize(ctx, 'volume:create', 'member');
  validateBody(createVolumeSchema(ctx.version), ctx.body);
  const spec = asObject(asObject(ctx.body).volume);
  const multiattach = spec.multiattach;
  const volumeArgs = {
    size: spec.size ?? null,
    name: (spec.name ?? spec.display_name ?? null) as string | null,
    description: (spec.description ?? spec.display_description ?? null) as string | null,
    volumeType: (spec.volume_type ?? null) as string | null,
    metadata: (spec.metadata ?? null) as Record<string, string> | null,
    snapshotId: (spec.snapshot_id ?? null) as string | null,
    sourceVolid: (spec.source_volid ?? null) as string | null,
    imageRef: (spec.imageRef ?? spec.image_id ?? null) as string | null,
    availabilityZone: (spec.availability_zone ?? null) as string | null,
  };
  if (multiattach !== undefined && multiattach !== null && isTrue(String(multiattach))) {
    throw CinderError.badRequest(
      'multiattach parameter has been removed. The default behavior is to use multiattach enabled volume types. Contact your administrator to create a multiattach enabled volume type and use it to create multiattach volumes.',
    );
  }
  const volume = createVolume(ctx.core, callerOf(ctx), volumeArgs);
  return { status: 202, body: { volume: volumeDetail(ctx, volume, false) } };
}

function update(ctx: VolumeContext): VolumeResult {
  authorize(ctx, 'volume:update', 'member');
  validateBody(updateVolumeSchema(ctx.version), ctx.body);
  const changes = asObject(asObject(ctx.body).volume);
  const volume = getVolume(ctx.core, callerOf(ctx), ctx.params.id!);
  if ('name' in changes || 'display_name' in changes) {
    volume.name = (changes.name ?? changes.display_name ?? null) as string | null;
  }
  if ('description' in changes || 'display_description' in changes) {
    volume.description = (changes.description ?? changes.display_description ?? null) as
      | string
      | null;
  }
  if (changes.metadata !== undefined)
    volume.metadata = { ...(changes.metadata as Record<string, string>) };
  volume.updatedAt = ctx.core.now();
  return { status: 200, body: { volume: volumeDetail(ctx, volume, false) } };
}

function remove(ctx: VolumeContext): VolumeResult {
  authorize(ctx, 'volume:delete', 'member');
  const cascade = isTrue(queryOne(ctx, 'cascade'));
  const force = queryOne(ctx, 'force');
  if (force !== undefined && isTrue(force)) {
    authorize(ctx, 'volume:force_delete', 'admin');
  }
  const volume = getVolume(ctx.core, callerOf(ctx), ctx.params.id!);
  deleteVolume(ctx.core, callerOf(ctx), volume, { cascade, force: isTrue(force) });
  return { status: 202 };
}

export const VOLUME_ROUTES: readonly VolumeRoute[] = [
  { method: 'GET', path: '/volumes', handler: (ctx) => list(ctx, false) },
  { method: 'GET', path: '/volumes/detail', handler: (ctx) => list(ctx, true) },
  { method: 'POST', path: '/volumes', handler: create },
  { method: 'GET', path: '/volumes/{id}', handler: show },
  { method: 'PUT', path: '/volumes/{id}', handler: update },
  { method: 'DELETE', path: '/volumes/{id}', handler: remove },
];
