// Runs an in-process new handler so that nothing it does can crash the proxy: a throw, a rejected
// promise or an unhandled error becomes 500 HANDLER_FAILED, silence past the route timeout becomes
// 504 UPSTREAM_TIMEOUT. It runs in a handler scope (handlerScope.ts), so a throw from a timer it started or
// a rejection it left unhandled fails this request too (500 if not answered yet) instead of the process.
// A client that disconnects aborts the request's signal, so handlers can stop work.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ProxyError } from '../http/proxyErrors.ts';
import { runInHandlerScope, type HandlerScope } from './handlerScope.ts';
import type { NewHandler } from './handlers.ts';
import type { ForwardOutcome } from './forwardTypes.ts';
import { ScopedIncomingMessage } from './scopedIncomingMessage.ts';
import { watchSilence } from './silenceWatch.ts';

/**
 * Aborted when the client goes away before the response is complete; never aborted for other requests.
 * Made on demand from the response, so a handler that never asks costs nothing, instead of an entry per
 * request in a long-lived WeakMap keyed by the request (the kind of per-request write into long-lived
 * state that forward/slotList.ts describes; docs/BENCHMARKS.md, "The in-process promotion").
 */
export function requestSignal(res: ServerResponse): AbortSignal {
  const controller = new AbortController();
  const leftEarly = () => {
    if (!res.writableFinished) controller.abort(new Error('client disconnected'));
  };
  if (res.closed) leftEarly();
  else res.once('close', leftEarly);
  return controller.signal;
}

/** What a contained late error is logged with: the route id where known, and the handler's name. */
export interface HandlerLabel {
  route: string | undefined;
  handler: string;
}

export function runNewHandler(
  handler: NewHandler,
  req: IncomingMessage,
  res: ServerResponse,
  timeoutMs: number,
  done: ForwardOutcome,
  label: HandlerLabel,
): void {
  let settled = false;
  const settle = (error: ProxyError | undefined) => {
    if (settled) return;
    settled = true;
    deadline.stop();
    done(error);
  };
  // The shared coarse timer (silenceWatch.ts), never refreshed: a deadline for the handler's headers, without
  // a setTimeout per request.
  const deadline = watchSilence(timeoutMs, () => {
    if (!res.headersSent)
      settle(new ProxyError('UPSTREAM_TIMEOUT', { cause: new Error(`handler did not answer within ${timeoutMs} ms`) }));
  });
  res.once('close', () => settle(undefined));
  // A handler writing after the proxy answered for it must not raise an unhandled 'error' on res.
  res.on('error', () => {});
  const failed = (error: unknown) => settle(new ProxyError('HANDLER_FAILED', { cause: error }));
  // A late error after the handler ended its answer, or after the request settled (timed out, client gone),
  // has nothing left to fail: it is only logged and counted.
  const scope: HandlerScope = {
    requestId: String(req.headers['x-request-id'] ?? ''),
    route: label.route,
    handler: label.handler,
    fail: (cause) => {
      if (!res.writableEnded) failed(cause);
    },
  };
  // Its events too (scopedIncomingMessage.ts): the servers that call this make their requests with that class.
  if (req instanceof ScopedIncomingMessage) req.handlerScope = scope;
  runInHandlerScope(scope, () => {
    try {
      const result: unknown = handler(req, res, (error?: unknown) =>
        error !== undefined ? failed(error) : settle(new ProxyError('NOT_FOUND')),
      );
      // An async handler's rejection would otherwise be unhandled, which ends a Node 20 process.
      if (result instanceof Promise) result.catch(failed);
    } catch (error) {
      failed(error);
    }
  });
}
