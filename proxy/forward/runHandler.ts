// Runs an in-process new handler so that nothing it does can crash the proxy: a throw, a rejected
// promise or an unhandled error becomes 500 HANDLER_FAILED, silence past the route timeout becomes
// 504 UPSTREAM_TIMEOUT. A client that disconnects aborts the request's signal, so handlers can stop work.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ProxyError } from '../http/proxyErrors.ts';
import type { NewHandler } from './handlers.ts';
import type { ForwardOutcome } from './forwardTypes.ts';

interface HandlerRequest {
  res: ServerResponse;
  /** Created on first use: an AbortController per request costs more than most handlers need. */
  abort?: AbortController;
}

const running = new WeakMap<IncomingMessage, HandlerRequest>();

/** Aborted when the client goes away before the response is complete; never aborted for other requests. */
export function requestSignal(req: IncomingMessage): AbortSignal {
  const entry = running.get(req);
  if (!entry) return new AbortController().signal;
  entry.abort ??= new AbortController();
  if (clientLeft(entry.res)) entry.abort.abort(new Error('client disconnected'));
  return entry.abort.signal;
}

function clientLeft(res: ServerResponse): boolean {
  return res.closed && !res.writableFinished;
}

export function runNewHandler(
  handler: NewHandler,
  req: IncomingMessage,
  res: ServerResponse,
  timeoutMs: number,
  done: ForwardOutcome,
): void {
  let settled = false;
  const settle = (error: ProxyError | undefined) => {
    if (settled) return;
    settled = true;
    clearTimeout(timer);
    done(error);
  };
  const timer = setTimeout(() => {
    if (!res.headersSent)
      settle(new ProxyError('UPSTREAM_TIMEOUT', { cause: new Error(`handler did not answer within ${timeoutMs} ms`) }));
  }, timeoutMs);
  const entry: HandlerRequest = { res };
  running.set(req, entry);
  res.once('close', () => {
    if (!res.writableFinished) entry.abort?.abort(new Error('client disconnected'));
    settle(undefined);
  });
  // A handler writing after the proxy answered for it must not raise an unhandled 'error' on res.
  res.on('error', () => {});
  const failed = (error: unknown) => settle(new ProxyError('HANDLER_FAILED', { cause: error }));
  try {
    const result: unknown = handler(req, res, (error?: unknown) =>
      error !== undefined ? failed(error) : settle(new ProxyError('NOT_FOUND')),
    );
    // An async handler's rejection would otherwise be unhandled, which ends a Node 20 process.
    if (result instanceof Promise) result.catch(failed);
  } catch (error) {
    failed(error);
  }
}
