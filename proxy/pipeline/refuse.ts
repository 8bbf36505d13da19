// The proxy's own refusal of a request that must reach no backend: the error table's answer with
// `Connection: close` (what follows on the connection cannot be trusted either), labelled backend "proxy" in
// the response header, metrics and the log line, so it is never counted against legacy, new or unmatched.
import type { ServerResponse } from 'node:http';
import { sendProxyError, type ProxyError } from '../http/proxyErrors.ts';
import type { RequestContext } from './context.ts';

export const PROXY_BACKEND_LABEL = 'proxy';

export function refuse(res: ServerResponse, ctx: RequestContext, error: ProxyError): true {
  ctx.refused = true;
  res.setHeader('x-strangler-backend', PROXY_BACKEND_LABEL);
  res.setHeader('connection', 'close');
  sendProxyError(res, error, ctx.requestId);
  return true;
}
