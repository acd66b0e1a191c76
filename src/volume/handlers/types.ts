import type { VolumeContext, VolumeResult, VolumeRoute } from '../context.js';
import { CinderError } from '../errors.js';
import { authorize } from '../policy.js';
import { typeView } from '../views.js';

function list(ctx: VolumeContext): VolumeResult {
  authorize(ctx, 'volume_extension:type_get_all', 'reader');
  const types = [...ctx.core.store.types.values()].filter((t) => t.isPublic || ctx.isAdmin);
  return { status: 200, body: { volume_types: types.map((t) => typeView(ctx, t)) } };
}

function show(ctx: VolumeContext): VolumeResult {
  authorize(ctx, 'volume_extension:type_get', 'reader');
  const id = ctx.params.id!;
  const type =
    id === 'default'
      ? ctx.core.store.types.get(ctx.core.store.defaultTypeId)
      : ctx.core.store.types.get(id);
  if (!type) throw CinderError.notFound(`Volume type ${id} could not be found.`);
  return { status: 200, body: { volume_type: typeView(ctx, type) } };
}

export const TYPE_ROUTES: readonly VolumeRoute[] = [
  { method: 'GET', path: '/types', handler: list },
  { method: 'GET', path: '/types/{id}', handler: show },
];
