import { validateBody } from '../../api/validation/validate.js';
import type { VolumeContext, VolumeResult, VolumeRoute } from '../context.js';
import { CinderError } from '../errors.js';
import { authorize } from '../policy.js';
import type { VolumeTypeRecord } from '../records.js';
import {
  createTypeSchema,
  extraSpecsSchema,
  extraSpecUpdateSchema,
  updateTypeSchema,
} from '../type-schemas.js';
import { typeVisibleTo } from '../type-visibility.js';
import { typeView } from '../views.js';
import { asObject, isTrue } from './common.js';

function list(ctx: VolumeContext): VolumeResult {
  authorize(ctx, 'volume_extension:type_get_all', 'reader');
  const caller = { projectId: ctx.auth.projectId, isAdmin: ctx.isAdmin };
  const types = [...ctx.core.store.types.values()].filter((t) => typeVisibleTo(t, caller));
  return { status: 200, body: { volume_types: types.map((t) => typeView(ctx, t)) } };
}

/** A type by id (`default`: the default type); 404 in Cinder's words. */
function findType(ctx: VolumeContext, id: string): VolumeTypeRecord {
  const store = ctx.core.store;
  const type = id === 'default' ? store.types.get(store.defaultTypeId) : store.types.get(id);
  const caller = { projectId: ctx.auth.projectId, isAdmin: ctx.isAdmin };
  if (!type || !typeVisibleTo(type, caller))
    throw CinderError.notFound(`Volume type ${id} could not be found.`);
  return type;
}

function show(ctx: VolumeContext): VolumeResult {
  authorize(ctx, 'volume_extension:type_get', 'reader');
  return { status: 200, body: { volume_type: typeView(ctx, findType(ctx, ctx.params.id!)) } };
}

function nameTaken(ctx: VolumeContext, name: string, except?: string): void {
  for (const type of ctx.core.store.types.values()) {
    if (type.name === name && type.id !== except) {
      throw new CinderError(409, `Volume Type ${name} already exists.`);
    }
  }
}

/** Extra specs as stored: a null value is kept as Cinder's DB keeps it, an empty string. */
function specsOf(specs: unknown): Record<string, string> {
  return Object.fromEntries(
    Object.entries(asObject(specs)).map(([key, value]) => [
      key,
      value === null ? '' : String(value),
    ]),
  );
}

/** types_manage `_create`: admin; unique name; public unless told (200, as Cinder). */
function create(ctx: VolumeContext): VolumeResult {
  authorize(ctx, 'volume_extension:type_create', 'admin');
  validateBody(createTypeSchema, ctx.body);
  const spec = asObject(asObject(ctx.body).volume_type);
  const name = String(spec.name);
  nameTaken(ctx, name);
  const isPublic = spec['os-volume-type-access:is_public'];
  const type: VolumeTypeRecord = {
    id: ctx.core.newId(),
    name,
    description: (spec.description ?? null) as string | null,
    isPublic: isPublic === undefined ? true : isTrue(isPublic as string | boolean),
    extraSpecs: specsOf(spec.extra_specs),
  };
  ctx.core.store.types.set(type.id, type);
  return { status: 200, body: { volume_type: typeView(ctx, type, 'create') } };
}

function update(ctx: VolumeContext): VolumeResult {
  authorize(ctx, 'volume_extension:type_update', 'admin');
  validateBody(updateTypeSchema, ctx.body);
  const spec = asObject(asObject(ctx.body).volume_type);
  const name = spec.name as string | null | undefined;
  const description = spec.description as string | null | undefined;
  const isPublic = spec.is_public as string | boolean | null | undefined;
  if (typeof name === 'string' && name.trim() === '') {
    throw CinderError.badRequest('Volume type name can not be empty.');
  }
  if (name == null && description == null && isPublic == null) {
    throw CinderError.badRequest(
      'Specify volume type name, description, is_public or a combination thereof.',
    );
  }
  const type = findType(ctx, ctx.params.id!);
  if (typeof name === 'string') nameTaken(ctx, name, type.id);
  const updated: VolumeTypeRecord = {
    ...type,
    ...(typeof name === 'string' ? { name } : {}),
    ...(description != null ? { description } : {}),
    ...(isPublic != null ? { isPublic: isTrue(isPublic) } : {}),
  };
  ctx.core.store.types.set(type.id, updated);
  return { status: 200, body: { volume_type: typeView(ctx, updated, 'update') } };
}

/** types_manage `_delete`: not the default type, not while volumes have it (202). */
function remove(ctx: VolumeContext): VolumeResult {
  authorize(ctx, 'volume_extension:type_delete', 'admin');
  const store = ctx.core.store;
  const type = findType(ctx, ctx.params.id!);
  if (type.id === store.defaultTypeId) {
    throw CinderError.badRequest(
      `The volume type ${type.id} is a default volume type and cannot be deleted.`,
    );
  }
  for (const volume of store.volumes.values()) {
    if (volume.typeId === type.id)
      throw CinderError.badRequest('Target volume type is still in use.');
  }
  store.types.delete(type.id);
  return { status: 202 };
}

/** Specs of a type in use cannot change (`_allow_update`). */
function allowUpdate(ctx: VolumeContext, type: VolumeTypeRecord): void {
  for (const volume of ctx.core.store.volumes.values()) {
    if (volume.typeId === type.id) throw CinderError.badRequest('Volume Type is currently in use.');
  }
}

/** `cacheable` and `multiattach` cannot both be `<is> True` (`_check_cacheable`). */
function checkCacheable(type: VolumeTypeRecord, specs: Record<string, string>): void {
  const on = '<is> True';
  const multiattach = specs.multiattach ?? type.extraSpecs.multiattach;
  const cacheable = specs.cacheable ?? type.extraSpecs.cacheable;
  if (
    (specs.multiattach === on || specs.cacheable === on) &&
    multiattach === on &&
    cacheable === on
  ) {
    throw CinderError.badRequest('cacheable cannot be set with multiattach.');
  }
}

/** Non-admins see only the user-visible specs (READ_SENSITIVE_POLICY). */
const USER_VISIBLE = ['RESKEY:availability_zones', 'multiattach', 'replication_enabled'];

function visibleSpecs(ctx: VolumeContext, type: VolumeTypeRecord): Record<string, string> {
  if (ctx.isAdmin) return { ...type.extraSpecs };
  return Object.fromEntries(
    Object.entries(type.extraSpecs).filter(([key]) => USER_VISIBLE.includes(key)),
  );
}

function listSpecs(ctx: VolumeContext): VolumeResult {
  authorize(ctx, 'volume_extension:types_extra_specs:index', 'reader');
  const type = findType(ctx, ctx.params.id!);
  return { status: 200, body: { extra_specs: visibleSpecs(ctx, type) } };
}

function showSpec(ctx: VolumeContext): VolumeResult {
  authorize(ctx, 'volume_extension:types_extra_specs:show', 'reader');
  const type = findType(ctx, ctx.params.id!);
  const key = ctx.params.key!;
  const specs = visibleSpecs(ctx, type);
  if (!(key in specs)) {
    throw CinderError.notFound(`Volume Type ${type.id} has no extra specs with key ${key}.`);
  }
  return { status: 200, body: { [key]: specs[key] } };
}

function setSpecs(ctx: VolumeContext, type: VolumeTypeRecord, specs: Record<string, string>): void {
  ctx.core.store.types.set(type.id, { ...type, extraSpecs: { ...type.extraSpecs, ...specs } });
}

/** POST extra_specs: adds or replaces the given keys; answers the request body (200). */
function createSpecs(ctx: VolumeContext): VolumeResult {
  authorize(ctx, 'volume_extension:types_extra_specs:create', 'admin');
  validateBody(extraSpecsSchema, ctx.body);
  const type = findType(ctx, ctx.params.id!);
  allowUpdate(ctx, type);
  const specs = specsOf(asObject(ctx.body).extra_specs);
  checkCacheable(type, specs);
  setSpecs(ctx, type, specs);
  return { status: 200, body: ctx.body };
}

/** PUT extra_specs/{key}: one key, which must be the URL's. */
function updateSpec(ctx: VolumeContext): VolumeResult {
  authorize(ctx, 'volume_extension:types_extra_specs:update', 'admin');
  validateBody(extraSpecUpdateSchema, ctx.body);
  const type = findType(ctx, ctx.params.id!);
  allowUpdate(ctx, type);
  const body = asObject(ctx.body);
  if (!(ctx.params.key! in body)) throw CinderError.badRequest('Request body and URI mismatch');
  const specs = specsOf(body);
  checkCacheable(type, specs);
  setSpecs(ctx, type, specs);
  return { status: 200, body: ctx.body };
}

function deleteSpec(ctx: VolumeContext): VolumeResult {
  const type = findType(ctx, ctx.params.id!);
  authorize(ctx, 'volume_extension:types_extra_specs:delete', 'admin');
  allowUpdate(ctx, type);
  const key = ctx.params.key!;
  if (!(key in type.extraSpecs)) {
    throw CinderError.notFound(`Volume Type ${type.id} has no extra specs with key ${key}.`);
  }
  const { [key]: _gone, ...rest } = type.extraSpecs;
  ctx.core.store.types.set(type.id, { ...type, extraSpecs: rest });
  return { status: 202 };
}

export const TYPE_ROUTES: readonly VolumeRoute[] = [
  { method: 'GET', path: '/types', handler: list },
  { method: 'POST', path: '/types', handler: create },
  { method: 'GET', path: '/types/{id}', handler: show },
  { method: 'PUT', path: '/types/{id}', handler: update },
  { method: 'DELETE', path: '/types/{id}', handler: remove },
  { method: 'GET', path: '/types/{id}/extra_specs', handler: listSpecs },
  { method: 'POST', path: '/types/{id}/extra_specs', handler: createSpecs },
  { method: 'GET', path: '/types/{id}/extra_specs/{key}', handler: showSpec },
  { method: 'PUT', path: '/types/{id}/extra_specs/{key}', handler: updateSpec },
  { method: 'DELETE', path: '/types/{id}/extra_specs/{key}', handler: deleteSpec },
];
