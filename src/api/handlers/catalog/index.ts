import type { Route } from '../../context.js';

/** Flavors, images, key pairs and the other catalog resources: not served yet. */
export const catalogRoutes: readonly Route[] = [];
