import type { Microversion } from '../api/microversion.js';
import type { VolumeRoute } from './context.js';

export type VolumeRouteMatch =
  | { readonly kind: 'found'; readonly route: VolumeRoute; readonly params: Record<string, string> }
  | { readonly kind: 'bad-method' }
  | { readonly kind: 'not-found' };

/** Matches a path inside `/v3/{project}` against the route table. */
export function matchRoute(
  routes: readonly VolumeRoute[],
  method: string,
  segments: readonly string[],
  version: Microversion,
): VolumeRouteMatch {
  let pathKnown = false;
  for (const route of routes) {
    const params = matchSegments(route.path, segments);
    if (!params) continue;
    if (route.minVersion && version.below(route.minVersion)) continue;
    pathKnown = true;
    if (route.method === method || (method === 'HEAD' && route.method === 'GET')) {
      return { kind: 'found', route, params };
    }
  }
  return pathKnown ? { kind: 'bad-method' } : { kind: 'not-found' };
}

function matchSegments(
  path: string,
  segments: readonly string[],
): Record<string, string> | undefined {
  const pattern = path.split('/').filter((s) => s !== '');
  if (pattern.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i]!;
    const s = segments[i]!;
    if (p.startsWith('{')) {
      try {
        params[p.slice(1, -1)] = decodeURIComponent(s);
      } catch {
        params[p.slice(1, -1)] = s;
      }
    } else if (p !== s) return undefined;
  }
  return params;
}
