import type { GlanceRoute } from './handlers/context.js';

interface Compiled {
  readonly route: GlanceRoute;
  readonly pattern: RegExp;
  readonly names: string[];
}

export type Match =
  | { readonly kind: 'found'; readonly route: GlanceRoute; readonly params: Record<string, string> }
  | { readonly kind: 'method'; readonly allowed: string[] }
  | { readonly kind: 'none' };

/** Routes' `{name}` segments matched against a path, as Glance's routes mapper does. */
export function createRouter(routes: readonly GlanceRoute[]) {
  const compiled: Compiled[] = routes.map((route) => {
    const names: string[] = [];
    const source = route.path.replace(/\{(\w+)\}/g, (_, name: string) => {
      names.push(name);
      return '([^/]+)';
    });
    return { route, pattern: new RegExp(`^${source}$`), names };
  });
  return (method: string, path: string): Match => {
    const allowed: string[] = [];
    for (const { route, pattern, names } of compiled) {
      const m = pattern.exec(path);
      if (!m) continue;
      if (route.method !== method) {
        allowed.push(route.method);
        continue;
      }
      const params: Record<string, string> = {};
      names.forEach((name, i) => {
        params[name] = decodeURIComponent(m[i + 1] ?? '');
      });
      return { kind: 'found', route, params };
    }
    return allowed.length > 0 ? { kind: 'method', allowed } : { kind: 'none' };
  };
}
