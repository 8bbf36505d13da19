// Runs an in-process new handler so that nothing it does can crash the proxy: a throw or an unhandled
// error becomes 500 HANDLER_FAILED, silence past the route timeout becomes 504 UPSTREAM_TIMEOUT.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ProxyError } from '../proxyErrors.ts';
import type { NewHandler } from './handlers.ts';
import type { ForwardOutcome } from './legacy.ts';

export function runNewHandler(handler: NewHandler, req: IncomingMessage, res: ServerResponse, timeoutMs: number, done: ForwardOutcome): void {
  let settled = false;
  const settle = (error: ProxyError | undefined) => {
    if (settled) return;
    settled = true;
    clearTimeout(timer);
    done(error);
  };
  const timer = setTimeout(() => {
    if (!res.headersSent) settle(new ProxyError('UPSTREAM_TIMEOUT', { cause: new Error(`handler did not answer within ${timeoutMs} ms`) }));
  }, timeoutMs);
  res.once('close', () => settle(undefined));
  // A handler writing after the proxy answered for it must not raise an unhandled 'error' on res.
  res.on('error', () => {});
  try {
    handler(req, res, (error?: unknown) => {
      if (error !== undefined) settle(new ProxyError('HANDLER_FAILED', { cause: error }));
      else settle(new ProxyError('NOT_FOUND'));
    });
  } catch (error) {
    settle(new ProxyError('HANDLER_FAILED', { cause: error }));
  }
}
