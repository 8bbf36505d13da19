// Path templates: literal segments, `:name` for exactly one segment, a trailing `/*` for a prefix.
// Matching works on the raw (still percent-encoded) path so `%2F` can never forge a segment boundary.
import type { RouteConfig } from '../config/types.ts';

export interface CompiledMatcher {
  methods: ReadonlySet<string> | null;
  test(path: string): boolean;
}

export function compileMatcher(match: RouteConfig['match']): CompiledMatcher {
  const prefix = match.path.endsWith('/*');
  const body = prefix ? match.path.slice(0, -2) : match.path;
  const pattern = body
    .split('/')
    .map((segment) => (segment.startsWith(':') ? '[^/]+' : escapeRegExp(segment)))
    .join('/');
  const regex = new RegExp(prefix ? `^${pattern}(?:/.*)?$` : `^${pattern}/?$`);
  return { methods: match.methods ? new Set<string>(match.methods) : null, test: (path) => regex.test(path) };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The first route whose methods and path template accept the request (routes are tried in table order). */
export function findRoute<R extends { matcher: CompiledMatcher }>(
  table: { routes: readonly R[] },
  method: string,
  path: string,
): R | undefined {
  for (const route of table.routes) {
    if ((route.matcher.methods === null || route.matcher.methods.has(method)) && route.matcher.test(path)) return route;
  }
  return undefined;
}
