import type { AppType } from '../../server/app.ts';

/**
 * The routes a GET request can reach, each once, as the app registered them. Middleware and the
 * catch-all (paths ending in `*`, registered with `use` or `all('*')`) are not routes of their own.
 */
export function readableRoutes(app: Pick<AppType, 'routes'>): string[] {
  const paths = app.routes
    .filter((route) => (route.method === 'GET' || route.method === 'ALL') && !route.path.endsWith('*'))
    .map((route) => route.path);
  return [...new Set(paths)].sort();
}

export type RouteParams = Record<string, string | number>;

/**
 * A route's path with its parameters filled in. Every parameter must be given and no other, so a
 * route whose parameters are renamed fails loudly instead of being read at a path that is not it.
 */
export function fillRoute(route: string, params: RouteParams = {}): string {
  const used = new Set<string>();
  const path = route.replace(/:(\w+)/gu, (_match, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`no value for :${name} of ${route}`);
    used.add(name);
    return encodeURIComponent(String(value));
  });
  const unused = Object.keys(params).filter((name) => !used.has(name));
  if (unused.length > 0) throw new Error(`${route} has no parameter ${unused.map((name) => `:${name}`).join(', ')}`);
  return path;
}

/** How a test's lists of routes it reads and routes it leaves out match the app's route table. */
export function routeCoverage(
  table: readonly string[],
  walked: readonly string[],
  excluded: readonly string[],
): { unaccounted: string[]; stale: string[]; both: string[] } {
  const listed = new Set([...walked, ...excluded]);
  return {
    unaccounted: table.filter((route) => !listed.has(route)),
    stale: [...listed].filter((route) => !table.includes(route)),
    both: walked.filter((route) => excluded.includes(route)),
  };
}
