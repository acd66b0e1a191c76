import type { Route } from './context.js';
import { adminRoutes } from './handlers/admin/index.js';
import { catalogRoutes } from './handlers/catalog/index.js';
import { serverRoutes } from './handlers/servers.js';
import { listRoutes } from './handlers/servers-list.js';

/** Every route of the compute API, gathered from the handler modules. */
export const ROUTES: readonly Route[] = [
  ...listRoutes,
  ...serverRoutes,
  ...catalogRoutes,
  ...adminRoutes,
];
