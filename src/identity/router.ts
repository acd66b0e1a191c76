import type { IdentityRoute } from './context.js';

export type RouteMatch =
  | { readonly route: IdentityRoute; readonly params: Record<string, string> }
  | 'method-not-allowed'
  | undefined;

/**
 * Finds the route for a method and path (no query); a path some route has with another
 * method is Keystone's 405. HEAD is GET without a body.
 *
 * @example
 * matchRoute(ROUTES, 'GET', '/v3/projects/abc');
 */
export function matchRoute(
  routes: readonly IdentityRoute[],
  method: string,
  path: string,
): RouteMatch {
  const parts = path.split('/').filter((s) => s !== '');
  const verb = method === 'HEAD' ? 'GET' : method;
  let pathMatched = false;
  for (const route of routes) {
    const template = route.path.split('/').filter((s) => s !== '');
    if (template.length !== parts.length) continue;
    const params: Record<string, string> = {};
    const fits = template.every((segment, i) => {
      const part = parts[i]!;
      if (segment.startsWith('{')) {
        params[segment.slice(1, -1)] = decodeURIComponent(part);
        return true;
      }
      return segment === part;
    });
    if (!fits) continue;
    pathMatched = true;
    if (route.method === verb) return { route, params };
  }
  return pathMatched ? 'method-not-allowed' : undefined;
}
