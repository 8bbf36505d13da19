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

/** The path part of a request target (origin-form or absolute-form), without the query. */
export function pathOf(url: string): string {
  let path = url;
  if (!path.startsWith('/')) {
    // absolute-form (`GET http://host/x HTTP/1.1`): route by its path only
    const schemeEnd = path.indexOf('://');
    const slash = schemeEnd === -1 ? -1 : path.indexOf('/', schemeEnd + 3);
    path = slash === -1 ? '/' : path.slice(slash);
  }
  const query = path.indexOf('?');
  return query === -1 ? path : path.slice(0, query);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
