// RFC 9112 §3.2: a request with more than one Host field must get 400. Node keeps the first and drops the
// rest, so legacy (or a cache in between) could disagree with us about which host was meant.
import { ProxyError } from '../../http/proxyErrors.ts';
import type { Pass } from '../context.ts';
import { refuse } from '../refuse.ts';

export const rejectDuplicateHost: Pass = (req, res, ctx) => {
  let hosts = 0;
  for (let i = 0; i < req.rawHeaders.length; i += 2) if (req.rawHeaders[i]!.toLowerCase() === 'host') hosts++;
  if (hosts <= 1) return;
  return refuse(res, ctx, new ProxyError('BAD_REQUEST', { cause: new Error(`${hosts} Host header fields`) }));
};
