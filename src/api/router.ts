import type { Route } from './context.js';
import type { Microversion } from './microversion.js';

interface CompiledRoute {
  readonly route: Route;
  readonly segments: readonly string[];
  /** Each segment's parameter name (`{server_id}` → `server_id`), or null for a literal. */
  readonly names: readonly (string | null)[];
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
  /** First segments some route spells out literally. */
  private readonly literalFirsts: ReadonlySet<string>;
  private readonly longest: number;
  /**
   * The routes that can match a path of a given shape (segment count, and its first
   * segment when some route spells it out), in declaration order: a request tries a
   * handful of routes instead of all of them. Keys come from the routes, not the paths.
   */
  private readonly byShape = new Map<number, Map<string | null, readonly CompiledRoute[]>>();

  constructor(routes: readonly Route[]) {
    this.routes = routes.map((route) => {
      const segments = split(route.path);
      return { route, segments, names: segments.map((p) => (isParam(p) ? p.slice(1, -1) : null)) };
    });
    this.literalFirsts = new Set(
      this.routes
        .map((r) => r.segments[0])
        .filter((s): s is string => s !== undefined && !isParam(s)),
    );
    this.longest = Math.max(0, ...this.routes.map((r) => r.segments.length));
  }

  private candidates(segments: readonly string[]): readonly CompiledRoute[] {
    const length = segments.length;
    if (length > this.longest) return [];
    const first = segments[0];
    const literal = first !== undefined && this.literalFirsts.has(first);
    // By length, then literal first segment (null: none): no key string built per request.
    let byFirst = this.byShape.get(length);
    if (byFirst === undefined) this.byShape.set(length, (byFirst = new Map()));
    const key = literal ? first : null;
    let list = byFirst.get(key);
    if (list === undefined) {
      list = this.routes.filter(
        ({ segments: pattern }) =>
          pattern.length === length &&
          (length === 0 || isParam(pattern[0]!) || (literal && pattern[0] === first)),
      );
      byFirst.set(key, list);
    }
    return list;
  }

  match(method: string, path: string, version: Microversion): RouteMatch {
    return this.matchSegments(method, split(path), version);
  }

  /** {@link match} for a path already split into its non-empty segments. */
  matchSegments(method: string, segments: readonly string[], version: Microversion): RouteMatch {
    let allowed: string[] | undefined;
    let outOfVersion = false;
    for (const { route, segments: pattern, names } of this.candidates(segments)) {
      const params = matchSegments(pattern, names, segments);
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
      (allowed ??= []).push(route.method);
    }
    return allowed !== undefined && !outOfVersion
      ? { kind: 'bad-method', allowed }
      : { kind: 'not-found' };
  }
}

function split(path: string): string[] {
  return path.split('/').filter((segment) => segment !== '');
}

function matchSegments(
  pattern: readonly string[],
  names: readonly (string | null)[],
  segments: readonly string[],
): Record<string, string> | undefined {
  if (pattern.length !== segments.length) return undefined;
  // Literal segments first, so a route that does not match allocates nothing.
  for (let i = 0; i < pattern.length; i++) {
    if (names[i] === null && pattern[i] !== segments[i]) return undefined;
  }
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const name = names[i];
    if (typeof name === 'string') params[name] = decodeSegment(segments[i]!);
  }
  return params;
}

function isParam(segment: string): boolean {
  return segment.startsWith('{') && segment.endsWith('}');
}

function decodeSegment(segment: string): string {
  // Nothing to decode (a uuid): the segment itself, not decodeURIComponent's copy.
  if (!segment.includes('%')) return segment;
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
