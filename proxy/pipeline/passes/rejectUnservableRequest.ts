// Requests Node would otherwise answer with a bare status line or drop, answered from the error table
// instead (the server hands them to the passes: requireHostHeader off, 'checkExpectation' and 'connect'
// listeners): HTTP/1.1 without Host (RFC 9112 §3.2: 400), an Expect other than 100-continue (RFC 9110
// §10.1.1: 417), CONNECT and OPTIONS * (a reverse proxy for paths serves neither: 501).
import type { IncomingMessage } from 'node:http';
import { ProxyError } from '../../http/proxyErrors.ts';
import type { Pass } from '../context.ts';
import { refuse } from '../refuse.ts';

export const rejectUnservableRequest: Pass = (req, res, ctx) => {
  const problem = unservable(req);
  return problem === undefined ? undefined : refuse(res, ctx, problem);
};

function unservable(req: IncomingMessage): ProxyError | undefined {
  const http11 = req.httpVersionMajor > 1 || (req.httpVersionMajor === 1 && req.httpVersionMinor >= 1);
  if (http11 && req.headers.host === undefined) {
    return new ProxyError('BAD_REQUEST', { cause: new Error('no Host header field') });
  }
  const expect = req.headers.expect;
  if (expect !== undefined && expect.trim().toLowerCase() !== '100-continue') {
    return new ProxyError('EXPECTATION_FAILED', { cause: new Error(`Expect: ${expect}`) });
  }
  if (req.method === 'CONNECT' || (req.method === 'OPTIONS' && req.url === '*')) {
    return new ProxyError('UNSUPPORTED_REQUEST', { cause: new Error(`${req.method} ${req.url}`) });
  }
  return undefined;
}
