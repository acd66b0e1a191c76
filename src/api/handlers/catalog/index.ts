import type { Route } from '../../context.js';
import { availabilityZoneRoutes } from './availability-zones.js';
import { flavorExtraSpecRoutes } from './flavor-extra-specs.js';
import { flavorManageRoutes } from './flavor-manage.js';
import { flavorRoutes } from './flavors.js';
import { hypervisorRoutes } from './hypervisors.js';
import { imageMetadataRoutes } from './image-metadata.js';
import { imageRoutes } from './images.js';
import { keypairRoutes } from './keypairs.js';
import { limitRoutes } from './limits.js';
import { quotaSetRoutes } from './quota-sets.js';
import { serverGroupRoutes } from './server-groups.js';
import { serviceRoutes } from './services.js';

/**
 * The routes of everything around servers: flavors, the image proxy, key pairs,
 * availability zones, server groups, limits, quota sets, hypervisors and services.
 * Within each module literal paths (`/flavors/detail`) come before templated ones
 * (`/flavors/{flavor_id}`): the router takes the first match.
 *
 * @example
 * const ROUTES = [...serverRoutes, ...catalogRoutes];
 */
export const catalogRoutes: readonly Route[] = [
  ...flavorRoutes,
  ...flavorManageRoutes,
  ...flavorExtraSpecRoutes,
  ...imageRoutes,
  ...imageMetadataRoutes,
  ...keypairRoutes,
  ...availabilityZoneRoutes,
  ...serverGroupRoutes,
  ...limitRoutes,
  ...quotaSetRoutes,
  ...hypervisorRoutes,
  ...serviceRoutes,
];
