import { validateBody } from '../../api/validation/validate.js';
import { queryOne, type VolumeContext, type VolumeResult, type VolumeRoute } from '../context.js';
import { CinderError } from '../errors.js';
import { metadataFilter, page } from '../listing.js';
import { authorize } from '../policy.js';
import type { SnapshotRecord } from '../records.js';
import { createSnapshotSchema, updateSnapshotSchema } from '../schemas.js';
import { createSnapshot, deleteSnapshot } from '../snapshot-ops.js';
import { snapshotView } from '../views.js';
import { getSnapshot, getVolume } from '../volume-ops.js';
import { asObject, callerOf, isTrue } from './common.js';

function list(ctx: VolumeContext, detail: boolean): VolumeResult {
  authorize(ctx, 'volume:get_all_snapshots', 'reader');
  const all = ctx.isAdmin && isTrue(queryOne(ctx, 'all_tenants'));
  const name = queryOne(ctx, 'name');
  const status = queryOne(ctx, 'status');
  const volumeId = queryOne(ctx, 'volume_id');
  const metadata = metadataFilter(queryOne(ctx, 'metadata'));
  const rows = [...ctx.core.store.snapshots.values()].filter((s) => {
    if (!all && s.projectId !== ctx.auth.projectId) return false;
    if (name !== undefined && s.name !== name) return false;
    if (status !== undefined && s.status !== status) return false;
    if (volumeId !== undefined && s.volumeId !== volumeId) return false;
    return Object.entries(metadata ?? {}).every(([k, v]) => s.metadata[k] === v);
  }) as unknown as (SnapshotRecord & Record<string, unknown>)[];
  const paged = page(ctx, rows, detail ? 'snapshots/detail' : 'snapshots');
  const body: Record<string, unknown> = {
    snapshots: paged.rows.map((s) => snapshotView(ctx, s, detail)),
  };
  if (paged.links) body.snapshots_links = paged.links;
  if (ctx.version.atLeast('3.45') && isTrue(queryOne(ctx, 'with_count'))) body.count = paged.count;
  return { status: 200, body };
}

function show(ctx: VolumeContext): VolumeResult {
  authorize(ctx, 'volume:get_snapshot', 'reader');
  const snapshot = getSnapshot(ctx.core, callerOf(ctx), ctx.params.id!);
  return { status: 200, body: { snapshot: snapshotView(ctx, snapshot, true) } };
}

function create(ctx: VolumeContext): VolumeResult {
  authorize(ctx, 'volume:create_snapshot', 'member');
  validateBody(createSnapshotSchema, ctx.body);
  const spec = asObject(asObject(ctx.body).snapshot);
  // Python's str(None) in VolumeNotFound's message.
  const volumeId = spec.volume_id === null ? 'None' : String(spec.volume_id);
  const volume = getVolume(ctx.core, callerOf(ctx), volumeId);
  let force = false;
  if (spec.force !== undefined) {
    force = isTrue(spec.force as string | boolean);
    if (ctx.version.atLeast('3.66') && !force) {
      throw CinderError.badRequest(
        "Since microversion 3.66 the 'force' flag is invalid for this request.  For backward compatability, however, when the 'force' flag is passed with a value evaluating to True, it is silently ignored.",
      );
    }
  }
  const snapshot = createSnapshot(
    ctx.core,
    callerOf(ctx),
    volume,
    {
      name: (spec.name ?? spec.display_name ?? null) as string | null,
      description: (spec.description ?? spec.display_description ?? null) as string | null,
      metadata: (spec.metadata ?? {}) as Record<string, string>,
      force,
    },
    ctx.version,
  );
  return { status: 202, body: { snapshot: snapshotView(ctx, snapshot) } };
}

function update(ctx: VolumeContext): VolumeResult {
  authorize(ctx, 'volume:update_snapshot', 'member');
  validateBody(updateSnapshotSchema, ctx.body);
  const changes = asObject(asObject(ctx.body).snapshot);
  const snapshot = getSnapshot(ctx.core, callerOf(ctx), ctx.params.id!);
  if ('name' in changes || 'display_name' in changes) {
    snapshot.name = (changes.name ?? changes.display_name ?? null) as string | null;
  }
  if ('description' in changes || 'display_description' in changes) {
    snapshot.description = (changes.description ?? changes.display_description ?? null) as
      | string
      | null;
  }
  snapshot.updatedAt = ctx.core.now();
  return { status: 200, body: { snapshot: snapshotView(ctx, snapshot) } };
}

function remove(ctx: VolumeContext): VolumeResult {
  authorize(ctx, 'volume:delete_snapshot', 'member');
  const snapshot = getSnapshot(ctx.core, callerOf(ctx), ctx.params.id!);
  deleteSnapshot(ctx.core, snapshot);
  return { status: 202 };
}

export const SNAPSHOT_ROUTES: readonly VolumeRoute[] = [
  { method: 'GET', path: '/snapshots', handler: (ctx) => list(ctx, false) },
  { method: 'GET', path: '/snapshots/detail', handler: (ctx) => list(ctx, true) },
  { method: 'POST', path: '/snapshots', handler: create },
  { method: 'GET', path: '/snapshots/{id}', handler: show },
  { method: 'PUT', path: '/snapshots/{id}', handler: update },
  { method: 'DELETE', path: '/snapshots/{id}', handler: remove },
];
