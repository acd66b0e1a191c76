import type { Flavor } from '../../../compute/server.js';
import { NovaError } from '../../../errors/nova-error.js';
import type { ApiContext } from '../../context.js';
import { resourceLinks } from './view-helpers.js';

/** The flavor of a path id, as the caller may see it (private flavors: admins and granted projects). */
export function findFlavor(ctx: ApiContext, id: string): Flavor {
  const flavor = ctx.cloud.catalog.flavors.get(id);
  if (!flavor || !ctx.cloud.catalog.flavorVisible(flavor, ctx.auth.projectId, ctx.isAdmin)) {
    throw NovaError.notFound(`Flavor ${id} could not be found.`);
  }
  return flavor;
}

/** `views/flavors.py` `basic`: the list entry. */
export function flavorBasic(ctx: ApiContext, flavor: Flavor): Record<string, unknown> {
  return {
    id: flavor.id,
    name: flavor.name,
    links: resourceLinks(ctx, 'flavors', flavor.id),
    ...(ctx.version.atLeast('2.55') ? { description: flavor.description } : {}),
  };
}

/**
 * `views/flavors.py` `show`, per microversion: description at 2.55, extra_specs at 2.61,
 * an integer swap at 2.75 (before it, 0 reads as ""), and from 2.102 no
 * `OS-FLV-DISABLED:disabled` or `rxtx_factor`.
 */
export function flavorDetail(ctx: ApiContext, flavor: Flavor): Record<string, unknown> {
  const v = ctx.version;
  const body: Record<string, unknown> = {
    id: flavor.id,
    name: flavor.name,
    ram: flavor.ram,
    disk: flavor.disk,
    swap: v.atLeast('2.75') ? flavor.swap : flavor.swap || '',
    'OS-FLV-EXT-DATA:ephemeral': flavor.ephemeral,
    vcpus: flavor.vcpus,
    'os-flavor-access:is_public': flavor.isPublic,
    links: resourceLinks(ctx, 'flavors', flavor.id),
  };
  if (v.below('2.102')) {
    body['OS-FLV-DISABLED:disabled'] = flavor.disabled;
    body.rxtx_factor = flavor.rxtxFactor || '';
  }
  if (v.atLeast('2.55')) body.description = flavor.description;
  // os_compute_api:os-flavor-extra-specs:index defaults to any project reader.
  if (v.atLeast('2.61')) body.extra_specs = { ...flavor.extraSpecs };
  return body;
}
