// Hands a request chosen for new to its in-process handler or its upstream. Used by forwardRequest and by
// fallbackToLegacy (which wraps the response to fall back to legacy when new fails).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ProxyError } from '../http/proxyErrors.ts';
import type { RouteEntry } from '../routing/routeTable.ts';
import type { ForwardOutcome, Forwarder } from './forwardTypes.ts';
import type { HandlerRegistry } from './handlers.ts';
import { runNewHandler } from './runHandler.ts';

/** `done` gets the failure, if any. */
export function sendToNew(
  handlers: HandlerRegistry,
  forwarder: Forwarder,
  req: IncomingMessage,
  res: ServerResponse,
  route: RouteEntry,
  done: ForwardOutcome,
): void {
  const target = route.newTarget;
  if (target.kind === 'upstream') return forwarder.forward(req, res, target.upstream, done);
  const handler = handlers.handler(target.name);
  if (!handler) {
    return done(new ProxyError('HANDLER_FAILED', { cause: new Error(`handler "${target.name}" is not registered`) }));
  }
  // The server leaves Expect: 100-continue to us; an in-process handler always wants the body.
  if (expectsContinue(req.headers.expect)) res.writeContinue();
  runNewHandler(handler, req, res, route.legacy.timeoutMs, done, { route: route.id, handler: target.name });
}

function expectsContinue(expect: string | undefined): boolean {
  return expect !== undefined && expect.toLowerCase() === '100-continue';
}
