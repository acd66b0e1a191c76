import type { Flavor } from '../../../compute/server.js';
import { NovaError } from '../../../errors/nova-error.js';
import { uuid4 } from '../../../random/ids.js';
import type { ApiContext, Route } from '../../context.js';
import { requireAdmin } from '../../policy.js';
import { BOOLEAN } from '../../validation/schemas/parameter-types.js';
import { type Schema, validateBody } from '../../validation/validate.js';
import { checkIntegerRange, NAME } from './body-checks.js';
import { flavorDetail } from './flavor-view.js';
import { truthy } from './query-params.js';

const MAX_INT = 0x7fffffff;
// parameter_types.flavor_param_*: volume_size's copies, digits required ('+', not '*').
const positive = { type: ['integer', 'string'], pattern: '^[0-9]+$', minimum: 1, maximum: MAX_INT };
const nonNegative = {
  type: ['integer', 'string'],
  pattern: '^[0-9]+$',
  minimum: 0,
  maximum: MAX_INT,
};
/** `valid_description_regex`: printable characters, any spacing. */
const DESCRIPTION = {
  type: ['string', 'null'],
  minLength: 0,
  maxLength: 65535,
  pattern: '^[\\P{C}]*$',
};

/** A positive float (`exclusiveMinimum`); gone from the create body at 2.102. */
const RXTX_FACTOR = {
  type: ['number', 'string'],
  pattern: '^[0-9]+(\\.[0-9]+)?$',
  exclusiveMinimum: 0,
  maximum: 3.40282e38,
};

function createSchema(withDescription: boolean, withRxtx = true): Schema {
  return {
    type: 'object',
    properties: {
      flavor: {
        type: 'object',
        properties: {
          name: NAME,
          id: {
            type: ['string', 'number', 'null'],
            minLength: 1,
            maxLength: 255,
            pattern: '^(?! )[a-zA-Z0-9. _-]+(?<! )$',
          },
          ram: positive,
          vcpus: positive,
          disk: nonNegative,
          'OS-FLV-EXT-DATA:ephemeral': nonNegative,
          swap: nonNegative,
          ...(withRxtx ? { rxtx_factor: RXTX_FACTOR } : {}),
          'os-flavor-access:is_public': BOOLEAN,
          ...(withDescription ? { description: DESCRIPTION } : {}),
        },
        required: ['name', 'ram', 'vcpus', 'disk'],
        additionalProperties: false,
      },
    },
    required: ['flavor'],
    additionalProperties: false,
  };
}

const CREATE = createSchema(false);
const CREATE_V255 = createSchema(true);
const CREATE_V2102 = createSchema(true, false);
const UPDATE: Schema = {
  type: 'object',
  properties: {
    flavor: {
      type: 'object',
      properties: { description: DESCRIPTION },
      required: ['description'],
      additionalProperties: false,
    },
  },
  required: ['flavor'],
  additionalProperties: false,
};

/** POST /flavors (os-flavor-manage): admin only; answers 200 with the flavor. */
function createFlavor(ctx: ApiContext) {
  const v255 = ctx.version.atLeast('2.55');
  validateBody(ctx.version.atLeast('2.102') ? CREATE_V2102 : v255 ? CREATE_V255 : CREATE, ctx.body);
  const input = (ctx.body as { flavor: Record<string, unknown> }).flavor;
  // The schema lets digit strings through without their range check; Nova's validator has one.
  checkIntegerRange(input, 'ram', 1, MAX_INT);
  checkIntegerRange(input, 'vcpus', 1, MAX_INT);
  for (const field of ['disk', 'OS-FLV-EXT-DATA:ephemeral', 'swap'])
    checkIntegerRange(input, field, 0, MAX_INT);
  requireAdmin(ctx, 'os_compute_api:os-flavor-manage:create');

  const name = String(input.name);
  const flavors = ctx.cloud.catalog.flavors;
  const id =
    input.id === undefined || input.id === null || input.id === ''
      ? uuid4(ctx.cloud.random)
      : String(input.id);
  if (flavors.has(id)) throw NovaError.conflict(`Flavor with ID ${id} already exists.`);
  if ([...flavors.values()].some((f) => f.name === name)) {
    throw NovaError.conflict(`Flavor with name ${name} already exists.`);
  }
  const flavor: Flavor = {
    id,
    name,
    ram: Number(input.ram),
    vcpus: Number(input.vcpus),
    disk: Number(input.disk),
    ephemeral: Number(input['OS-FLV-EXT-DATA:ephemeral'] ?? 0),
    swap: Number(input.swap ?? 0),
    rxtxFactor: Number(input.rxtx_factor ?? 1.0),
    isPublic:
      input['os-flavor-access:is_public'] === undefined
        ? true
        : truthy(input['os-flavor-access:is_public']),
    disabled: false,
    description: v255 ? ((input.description as string | null | undefined) ?? null) : null,
    extraSpecs: {},
  };
  flavors.set(id, flavor);
  return { status: 200, body: { flavor: flavorDetail(ctx, flavor) } };
}

/** PUT /flavors/{id} (2.55): only the description changes. */
function updateFlavor(ctx: ApiContext) {
  validateBody(UPDATE, ctx.body);
  requireAdmin(ctx, 'os_compute_api:os-flavor-manage:update');
  const id = ctx.params.flavor_id!;
  const flavor = ctx.cloud.catalog.flavors.get(id);
  if (!flavor) throw NovaError.notFound(`Flavor ${id} could not be found.`);
  const description = (ctx.body as { flavor: { description: string | null } }).flavor.description;
  const updated: Flavor = { ...flavor, description };
  ctx.cloud.catalog.flavors.set(id, updated);
  return { status: 200, body: { flavor: flavorDetail(ctx, updated) } };
}

/** DELETE /flavors/{id}: 202 (kept from v2); servers keep their copy of the flavor. */
function deleteFlavor(ctx: ApiContext) {
  requireAdmin(ctx, 'os_compute_api:os-flavor-manage:delete');
  const id = ctx.params.flavor_id!;
  ctx.cloud.catalog.flavorAccess.delete(id);
  if (!ctx.cloud.catalog.flavors.delete(id))
    throw NovaError.notFound(`Flavor ${id} could not be found.`);
  return { status: 202 };
}

function notFound(): never {
  throw NovaError.notFound('The resource could not be found.');
}

export const flavorManageRoutes: readonly Route[] = [
  { method: 'POST', path: '/flavors', handler: createFlavor },
  { method: 'PUT', path: '/flavors/{flavor_id}', handler: updateFlavor, minVersion: '2.55' },
  // Before 2.55 Nova has the route but no method version for it: 404, not 405.
  { method: 'PUT', path: '/flavors/{flavor_id}', handler: notFound, maxVersion: '2.54' },
  { method: 'DELETE', path: '/flavors/{flavor_id}', handler: deleteFlavor },
];
