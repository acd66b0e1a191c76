import type { Route } from '../../context.js';
import { aggregateRoutes } from './aggregates.js';
import { flavorAccessRoutes } from './flavor-access.js';
import { removedRoutes } from './removed.js';

/**
 * The admin-side compute APIs: aggregates, flavor access, migrations, hosts, quota
 * classes, extensions, external events, and the removed APIs' 410s.
 *
 * @example
 * const ROUTES = [...serverRoutes, ...catalogRoutes, ...adminRoutes];
 */
export const adminRoutes: readonly Route[] = [
  ...aggregateRoutes,
  ...flavorAccessRoutes,
  ...removedRoutes,
];
