import type { Schema } from '../../api/validation/validate.js';
import { validateBody } from '../../api/validation/validate.js';
import type { VolumeContext, VolumeResult, VolumeRoute } from '../context.js';
import { CinderError } from '../errors.js';
import { authorize } from '../policy.js';
import type { VolumeTypeRecord } from '../records.js';
import { asObject } from './common.js';

// cinder/api/contrib/volume_type_access.py: which projects see a private volume type.
// Cinder's type queries for a non-admin keep public types and the private ones shared
// with the caller's project (db _volume_type_get_query); any other id is a 404.

const accessSchema = (action: string): Schema => ({
  type: 'object',
  properties: {
    [action]: {
      type: 'object',
      properties: { project: { type: 'string', format: 'uuid' } },
      required: ['project'],
      additionalProperties: false,
    },
  },
  required: [action],
  additionalProperties: false,
});

const ADD_SCHEMA = accessSchema('addProjectAccess');
const REMOVE_SCHEMA = accessSchema('removeProjectAccess');

function typeOf(ctx: VolumeContext): VolumeTypeRecord {
  const id = ctx.params.id!;
  const type = ctx.core.store.types.get(id);
  if (!type) throw CinderError.notFound(`Volume type ${id} could not be found.`);
  return type;
}

function privateOnly(type: VolumeTypeRecord): void {
  if (type.isPublic) {
    throw CinderError.badRequest(
      'Invalid volume type: Type access modification is not applicable to public volume type.',
    );
  }
}

/** GET /types/{id}/os-volume-type-access: the projects of a private type. */
function list(ctx: VolumeContext): VolumeResult {
  authorize(ctx, 'volume_extension:volume_type_access:get_all_for_type', 'admin');
  const type = typeOf(ctx);
  if (type.isPublic) {
    throw CinderError.notFound('Access list not available for public volume types.');
  }
  return {
    status: 200,
    body: {
      volume_type_access: (type.projects ?? []).map((project) => ({
        volume_type_id: type.id,
        project_id: project,
      })),
    },
  };
}

function addAccess(ctx: VolumeContext, body: Record<string, unknown>): VolumeResult {
  validateBody(ADD_SCHEMA, body);
  authorize(ctx, 'volume_extension:volume_type_access:addProjectAccess', 'admin');
  const project = String(asObject(body.addProjectAccess).project);
  const type = typeOf(ctx);
  privateOnly(type);
  const projects = type.projects ?? [];
  if (projects.includes(project)) {
    throw CinderError.conflict(
      `Volume type access for ${type.id} / ${project} combination already exists.`,
    );
  }
  ctx.core.store.types.set(type.id, { ...type, projects: [...projects, project] });
  return { status: 202 };
}

function removeAccess(ctx: VolumeContext, body: Record<string, unknown>): VolumeResult {
  validateBody(REMOVE_SCHEMA, body);
  authorize(ctx, 'volume_extension:volume_type_access:removeProjectAccess', 'admin');
  const project = String(asObject(body.removeProjectAccess).project);
  const type = typeOf(ctx);
  privateOnly(type);
  const projects = type.projects ?? [];
  if (!projects.includes(project)) {
    throw CinderError.notFound(
      `Volume type access not found for ${type.id} / ${project} combination.`,
    );
  }
  ctx.core.store.types.set(type.id, { ...type, projects: projects.filter((p) => p !== project) });
  return { status: 202 };
}

/** POST /types/{id}/action: addProjectAccess or removeProjectAccess. */
function action(ctx: VolumeContext): VolumeResult {
  const body = asObject(ctx.body);
  if ('addProjectAccess' in body) return addAccess(ctx, body);
  if ('removeProjectAccess' in body) return removeAccess(ctx, body);
  const name = Object.keys(body)[0];
  throw CinderError.badRequest(
    name === undefined ? 'Malformed request body' : `There is no such action: ${name}`,
  );
}

export const TYPE_ACCESS_ROUTES: readonly VolumeRoute[] = [
  { method: 'GET', path: '/types/{id}/os-volume-type-access', handler: list },
  { method: 'POST', path: '/types/{id}/action', handler: action },
];
