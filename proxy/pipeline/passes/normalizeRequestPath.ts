// Puts the request path in its normalized form (routing/normalizePath.ts) before a route is chosen, so the
// route matched and the path forwarded are the ones legacy resolves; an ambiguous path gets 400 AMBIGUOUS_PATH.
import type { IncomingMessage } from 'node:http';
import { ProxyError } from '../../http/proxyErrors.ts';
import { normalizePath, type NormalizedPath } from '../../routing/normalizePath.ts';
import type { Pass } from '../context.ts';
import { refuse } from '../refuse.ts';

export const normalizeRequestPath: Pass = (req, res, ctx) => {
  const result = applyNormalizedPath(req);
  if (result.ok) return;
  return refuse(res, ctx, new ProxyError('AMBIGUOUS_PATH', { cause: new Error(result.reason) }));
};

/** Rewrites req.url's path (origin- or absolute-form; the query is kept byte for byte). */
export function applyNormalizedPath(req: IncomingMessage): NormalizedPath {
  const url = req.url ?? '/';
  const start = pathStart(url);
  if (start === -1) return { ok: true, path: url }; // `*` or an authority: no path to normalize
  const query = url.indexOf('?', start);
  const path = query === -1 ? url.slice(start) : url.slice(start, query);
  const result = normalizePath(path);
  if (result.ok && result.path !== path)
    req.url = url.slice(0, start) + result.path + (query === -1 ? '' : url.slice(query));
  return result;
}

function pathStart(url: string): number {
  if (url.startsWith('/')) return 0;
  const schemeEnd = url.indexOf('://');
  return schemeEnd === -1 ? -1 : url.indexOf('/', schemeEnd + 3);
}
