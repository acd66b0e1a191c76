import type { Flavor } from '../../../compute/server.js';
import { NovaError } from '../../../errors/nova-error.js';
import type { ApiContext, Route } from '../../context.js';
import { authorize, requireAdmin } from '../../policy.js';
import { type Schema, validateBody } from '../../validation/validate.js';
import { findFlavor } from './flavor-view.js';

const SPECS = {
  type: 'object',
  patternProperties: {
    '^[a-zA-Z0-9-_:. ]{1,255}$': { type: ['string', 'number', 'boolean'], maxLength: 255 },
  },
  additionalProperties: false,
} as const;

const CREATE: Schema = {
  type: 'object',
  properties: { extra_specs: SPECS },
  required: ['extra_specs'],
  additionalProperties: false,
};
const UPDATE: Schema = { ...SPECS, minProperties: 1, maxProperties: 1 };

/** Flavor extra specs are strings (`DictOfStringsField`); Python's str() of the JSON value. */
function asSpec(value: unknown): string {
  if (value === true) return 'True';
  if (value === false) return 'False';
  return String(value);
}

function checkNumericLength(specs: Record<string, unknown>): void {
  for (const value of Object.values(specs)) {
    if (typeof value === 'number' && String(value).length > 255) {
      throw NovaError.badRequest(
        'Invalid input received: extra_specs value has more than 255 characters.',
      );
    }
  }
}

function save(ctx: ApiContext, flavor: Flavor, extraSpecs: Record<string, string>): void {
  ctx.cloud.catalog.flavors.set(flavor.id, { ...flavor, extraSpecs });
}

function noKey(flavorId: string, key: string): NovaError {
  return NovaError.notFound(`Flavor ${flavorId} has no extra specs with key ${key}.`);
}

/**
 * os-flavor-extra-specs. Reading is open to project readers; writing is admin-only. The
 * 2.86 validation of known extra spec names and values is not modelled.
 */
export const flavorExtraSpecRoutes: readonly Route[] = [
  {
    method: 'GET',
    path: '/flavors/{flavor_id}/os-extra_specs',
    handler: (ctx) => {
      authorize(ctx, 'os_compute_api:os-flavor-extra-specs:index');
      return {
        status: 200,
        body: { extra_specs: { ...findFlavor(ctx, ctx.params.flavor_id!).extraSpecs } },
      };
    },
  },
  {
    method: 'POST',
    path: '/flavors/{flavor_id}/os-extra_specs',
    handler: (ctx) => {
      validateBody(CREATE, ctx.body);
      requireAdmin(ctx, 'os_compute_api:os-flavor-extra-specs:create');
      const specs = (ctx.body as { extra_specs: Record<string, unknown> }).extra_specs;
      checkNumericLength(specs);
      const flavor = findFlavor(ctx, ctx.params.flavor_id!);
      const merged: Record<string, string> = { ...flavor.extraSpecs };
      // Defined, not assigned: `merged['__proto__'] = v` would set the prototype instead.
      for (const [key, value] of Object.entries(specs)) {
        Object.defineProperty(merged, key, {
          value: asSpec(value),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      save(ctx, flavor, merged);
      return { status: 200, body: ctx.body };
    },
  },
  {
    method: 'GET',
    path: '/flavors/{flavor_id}/os-extra_specs/{key}',
    handler: (ctx) => {
      authorize(ctx, 'os_compute_api:os-flavor-extra-specs:show');
      const flavor = findFlavor(ctx, ctx.params.flavor_id!);
      const key = ctx.params.key!;
      const value = Object.hasOwn(flavor.extraSpecs, key) ? flavor.extraSpecs[key] : undefined;
      if (value === undefined) throw noKey(ctx.params.flavor_id!, key);
      return { status: 200, body: { [key]: value } };
    },
  },
  {
    method: 'PUT',
    path: '/flavors/{flavor_id}/os-extra_specs/{key}',
    handler: (ctx) => {
      validateBody(UPDATE, ctx.body);
      requireAdmin(ctx, 'os_compute_api:os-flavor-extra-specs:update');
      const body = ctx.body as Record<string, unknown>;
      checkNumericLength(body);
      const key = ctx.params.key!;
      if (!(key in body)) throw NovaError.badRequest('Request body and URI mismatch');
      const flavor = findFlavor(ctx, ctx.params.flavor_id!);
      save(ctx, flavor, { ...flavor.extraSpecs, [key]: asSpec(body[key]) });
      return { status: 200, body };
    },
  },
  {
    method: 'DELETE',
    path: '/flavors/{flavor_id}/os-extra_specs/{key}',
    handler: (ctx) => {
      requireAdmin(ctx, 'os_compute_api:os-flavor-extra-specs:delete');
      const flavor = findFlavor(ctx, ctx.params.flavor_id!);
      const key = ctx.params.key!;
      if (!Object.hasOwn(flavor.extraSpecs, key)) throw noKey(ctx.params.flavor_id!, key);
      const { [key]: _removed, ...rest } = flavor.extraSpecs;
      save(ctx, flavor, rest);
      // Nova answers 200 with no body here (kept from v2).
      return { status: 200 };
    },
  },
];
