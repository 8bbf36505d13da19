// The one parser of a request target (RFC 9112 §3.2): origin-form `/x?y` passes through, absolute-form
// `http://host/x?y` (a client talking to us as to a forward proxy) keeps only its path and query.

/** The request target as an origin server expects it: absolute-form (`http://host/x?y`) becomes `/x?y`. */
export function originForm(target: string): string {
  if (target.startsWith('/') || target === '*') return target;
  const schemeEnd = target.indexOf('://');
  const slash = schemeEnd === -1 ? -1 : target.indexOf('/', schemeEnd + 3);
  if (slash !== -1) return target.slice(slash);
  const query = target.indexOf('?');
  return query === -1 ? '/' : `/${target.slice(query)}`;
}

/** The path part of a request target, without the query: what routes match on (`*` matches as `/`). */
export function pathOf(target: string): string {
  const origin = originForm(target);
  if (!origin.startsWith('/')) return '/';
  const query = origin.indexOf('?');
  return query === -1 ? origin : origin.slice(0, query);
}
