import type { Route } from './context.js';
import type { Microversion } from './microversion.js';

interface CompiledRoute {
  readonly route: Route;
  readonly segments: readonly string[];
}

export type RouteMatch =
  | { readonly kind: 'found'; readonly route: Route; readonly params: Record<string, string> }
  | { readonly kind: 'bad-method'; readonly allowed: readonly string[] }
  | { readonly kind: 'not-found' };

/**
 * Matches a path (already stripped of version and project prefixes) to a route.
 * A route outside its microversion range counts as absent, as in Nova.
 */
export class Router {
  private readonly routes: CompiledRoute[];

  constructor(routes: readonly Route[]) {
    this.routes = routes.map((route) => ({ route, segments: split(route.path) }));
  }

  match(method: string, path: string, version: Microversion): RouteMatch {
    const segments = split(path);
    const allowed: string[] = [];
    let outOfVersion = false;
    for (const { route, segments: pattern } of this.routes) {
      const params = matchSegments(pattern, segments);
      if (!params) continue;
      const sameMethod = route.method === method || (method === 'HEAD' && route.method === 'GET');
      const inVersion =
        !(route.minVersion && version.below(route.minVersion)) &&
        !(route.maxVersion && version.compare(route.maxVersion) > 0);
      if (!inVersion) {
        // Nova answers 404 for a method its microversion does not have, not 405.
        if (sameMethod) outOfVersion = true;
        continue;
      }
      if (sameMethod) return { kind: 'found', route, params };
      allowed.push(route.method);
    }
    return allowed.length > 0 && !outOfVersion
      ? { kind: 'bad-method', allowed }
      : { kind: 'not-found' };
  }
}

function split(path: string): string[] {
  return path.split('/').filter((segment) => segment !== '');
}

function matchSegments(
  pattern: readonly string[],
  segments: readonly string[],
): Record<string, string> | undefined {
  if (pattern.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i]!;
    const s = segments[i]!;
    if (p.startsWith('{') && p.endsWith('}')) {
      params[p.slice(1, -1)] = decodeSegment(s);
    } else if (p !== s) {
      return undefined;
    }
  }
  return params;
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
