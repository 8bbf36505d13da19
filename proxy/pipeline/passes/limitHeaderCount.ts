// Node silently drops header fields past `maxHeadersCount`, which would forward a truncated request.
// The server keeps one field more than the limit, so a request over it is seen here and refused whole.
import { ProxyError } from '../../http/proxyErrors.ts';
import type { Pass } from '../context.ts';
import { refuse } from '../refuse.ts';

export const MAX_REQUEST_HEADER_FIELDS = 200;

export const limitHeaderCount: Pass = (req, res, ctx) => {
  if (req.rawHeaders.length / 2 <= MAX_REQUEST_HEADER_FIELDS) return;
  return refuse(res, ctx, new ProxyError('TOO_MANY_HEADERS'));
};
