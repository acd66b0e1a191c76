import type { Route } from '../context.js';

/** GET /servers and /servers/detail: not served yet. */
export const listRoutes: readonly Route[] = [];
