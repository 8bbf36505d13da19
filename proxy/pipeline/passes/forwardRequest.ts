// The last pass: hands the request to the chosen backend and turns a failure into the error table's answer.
import { OverloadedError } from '../../forward/admission.ts';
import type { Forwarder } from '../../forward/forwardTypes.ts';
import { sendToNew } from '../../forward/sendToNew.ts';
import { sendProxyError, type ProxyError } from '../../http/proxyErrors.ts';
import type { Pass, PipelineDeps, RequestContext } from '../context.ts';

export function forwardRequest(deps: PipelineDeps, forwarder: Forwarder): Pass {
  return (req, res, ctx) => {
    const onOutcome = (error: ProxyError | undefined) => {
      if (!error) return;
      deps.recorder.upstreamError(ctx.routeId, ctx.backend, error.code);
      if (error instanceof OverloadedError)
        deps.recorder.overloadShed(ctx.routeId, ctx.backend, error.upstream, error.reason);
      if (error.code === 'INTERNAL_ERROR') deps.recorder.internalError('forward');
      logFailure(deps, ctx, error);
      sendProxyError(res, error, ctx.requestId);
    };
    if (ctx.backend === 'new' && ctx.route) sendToNew(deps.handlers, forwarder, req, res, ctx.route, onOutcome);
    else forwarder.forward(req, res, ctx.route?.legacy ?? ctx.snapshot.legacy, onOutcome);
    return true;
  };
}

function logFailure(deps: PipelineDeps, ctx: RequestContext, error: ProxyError): void {
  const cause =
    error.cause instanceof Error
      ? { message: error.cause.message, code: (error.cause as NodeJS.ErrnoException).code }
      : undefined;
  const level = error.code === 'HANDLER_FAILED' || error.code === 'INTERNAL_ERROR' ? 'error' : 'warn';
  deps.logger[level](
    { requestId: ctx.requestId, route: ctx.routeId, backend: ctx.backend, code: error.code, cause },
    'proxy error',
  );
}
