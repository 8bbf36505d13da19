// The last pass: hands the request to the chosen backend and turns a failure into the error table's answer.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { OverloadedError } from '../../forward/admission.ts';
import type { ForwardOutcome, Forwarder } from '../../forward/httpForwarder.ts';
import { runNewHandler } from '../../forward/runHandler.ts';
import { ProxyError, sendProxyError } from '../../http/proxyErrors.ts';
import type { RouteEntry } from '../../routing/routeTable.ts';
import type { Pass, PipelineDeps, RequestContext } from '../context.ts';

export function forwardRequest(deps: PipelineDeps, forwarder: Forwarder): Pass {
  return (req, res, ctx) => {
    const onOutcome = (error: ProxyError | undefined) => {
      if (!error) return;
      deps.recorder.upstreamError(ctx.routeId, ctx.backend, error.code);
      if (error instanceof OverloadedError) deps.recorder.overloadShed(ctx.routeId, ctx.backend, error.upstream, error.reason);
      if (error.code === 'INTERNAL_ERROR') deps.recorder.internalError('forward');
      logFailure(deps, ctx, error);
      sendProxyError(res, error, ctx.requestId);
    };
    if (ctx.backend === 'new' && ctx.route) sendToNew(deps, forwarder, req, res, ctx.route, onOutcome);
    else forwarder.forward(req, res, ctx.route?.legacy ?? ctx.snapshot.legacy, onOutcome);
    return true;
  };
}

/** Hands a request chosen for new to its in-process handler or its upstream; `done` gets the failure, if any. */
export function sendToNew(deps: PipelineDeps, forwarder: Forwarder, req: IncomingMessage, res: ServerResponse, route: RouteEntry, done: ForwardOutcome): void {
  const target = route.newTarget;
  if (target.kind === 'upstream') return forwarder.forward(req, res, target.upstream, done);
  const handler = deps.handlers.handler(target.name);
  if (!handler) return done(new ProxyError('HANDLER_FAILED', { cause: new Error(`handler "${target.name}" is not registered`) }));
  // The server leaves Expect: 100-continue to us; an in-process handler always wants the body.
  if (expectsContinue(req.headers.expect)) res.writeContinue();
  runNewHandler(handler, req, res, route.legacy.timeoutMs, done);
}

function expectsContinue(expect: string | undefined): boolean {
  return expect !== undefined && expect.toLowerCase() === '100-continue';
}

function logFailure(deps: PipelineDeps, ctx: RequestContext, error: ProxyError): void {
  const cause = error.cause instanceof Error ? { message: error.cause.message, code: (error.cause as NodeJS.ErrnoException).code } : undefined;
  const level = error.code === 'HANDLER_FAILED' || error.code === 'INTERNAL_ERROR' ? 'error' : 'warn';
  deps.logger[level]({ requestId: ctx.requestId, route: ctx.routeId, backend: ctx.backend, code: error.code, cause }, 'proxy error');
}
