import type { Route } from '../../context.js';
import { aggregateRoutes } from './aggregates.js';
import { baremetalNodeRoutes } from './baremetal-nodes.js';
import { extensionRoutes } from './extensions.js';
import { externalEventRoutes } from './external-events.js';
import { flavorAccessRoutes } from './flavor-access.js';
import { hostRoutes } from './hosts.js';
import { migrationRoutes } from './migrations.js';
import { quotaClassRoutes } from './quota-classes.js';
import { removedRoutes } from './removed.js';
import { serverMigrationRoutes } from './server-migrations.js';

/**
 * The admin-side compute APIs: aggregates, flavor access, migrations, hosts, quota
 * classes, extensions, external events, the removed APIs' 410s and the bare-metal proxy.
 *
 * @example
 * const ROUTES = [...serverRoutes, ...catalogRoutes, ...adminRoutes];
 */
export const adminRoutes: readonly Route[] = [
  ...aggregateRoutes,
  ...flavorAccessRoutes,
  ...migrationRoutes,
  ...serverMigrationRoutes,
  ...hostRoutes,
  ...quotaClassRoutes,
  ...extensionRoutes,
  ...externalEventRoutes,
  ...removedRoutes,
  ...baremetalNodeRoutes,
];
