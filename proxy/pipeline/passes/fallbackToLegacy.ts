// Serves a request chosen for new with a safety net: when new fails (5xx, timeout, thrown error) before any
// byte reached the client, legacy answers instead, once. Only for requests that can be replayed: GET/HEAD/
// OPTIONS, or PUT/DELETE on routes marked idempotent — bodiless, or with a body of declared length up to
// FALLBACK_MAX_BODY_BYTES, read once and given to each backend as its own copy; never in phase retired and
// never when a tester forced new with the override header. Other requests fall through to forwardRequest.
import type { IncomingMessage } from 'node:http';
import { effectivePhase } from '../../cutover/phases/phases.ts';
import { collectBody, hasBody } from '../../cutover/shadow/requestTap.ts';
import { isReplayableBody, replayOf } from '../../cutover/fallback/replayableRequest.ts';
import { gateResponse } from '../../cutover/fallback/responseGate.ts';
import { OverloadedError } from '../../forward/admission.ts';
import type { Forwarder } from '../../forward/forwardTypes.ts';
import { sendToNew } from '../../forward/sendToNew.ts';
import { ProxyError, sendProxyError } from '../../http/proxyErrors.ts';
import type { Pass, PipelineDeps, RequestContext } from '../context.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const IDEMPOTENT_METHODS = new Set(['PUT', 'DELETE']);
export const FALLBACK_HEADER = 'x-strangler-fallback';

/** A pass that does nothing when the instance runs without cutover automation. */
export function fallbackToLegacy(deps: PipelineDeps, forwarder: Forwarder): Pass {
  const { cutover } = deps;
  if (!cutover) return () => {};
  const hooks = cutover; // the hoisted functions below do not see the narrowing
  return (req, res, ctx) => {
    if (!isEligible(req, ctx)) return;
    const route = ctx.route!;
    let fellBack = false;
    const gate = gateResponse(res, (status) => fallBack('status_5xx', status, `new answered ${status}`));

    // With a body, it is read once and each backend gets its own copy; without one, `req` itself is replayable.
    let body: Buffer | undefined;
    const requestFor = (): IncomingMessage => (body === undefined ? req : replayOf(req, body));

    /** A throw in this pass's own callbacks ends this request with a 500, never the process. */
    const guarded = (callback: () => void) => {
      try {
        callback();
      } catch (cause) {
        deps.recorder.internalError('fallback');
        deps.logger.error(
          { requestId: ctx.requestId, route: route.id, err: cause },
          'fallback failed inside the proxy',
        );
        sendProxyError(res, new ProxyError('INTERNAL_ERROR', { cause }), ctx.requestId);
      }
    };

    function fallBack(reason: string, status: number, detail: string): void {
      guarded(() => fallBackNow(reason, status, detail));
    }

    function fallBackNow(reason: string, status: number, detail: string): void {
      if (fellBack || !gate.fallBack()) return;
      fellBack = true;
      const failedAfterMs = performance.now() - ctx.startedAt;
      deps.recorder.fallback(route.id, reason);
      hooks.noteFallback(req, route.id, failedAfterMs);
      // Prometheus and the stats window see new's failed attempt too, so error-rate panels, alerts, the
      // report and the dashboard never credit new with a failure legacy covered up.
      deps.recorder.requestDone(route.id, 'new', req.method ?? 'GET', status, failedAfterMs / 1000);
      deps.stats?.record(route.id, 'new', status, failedAfterMs);
      deps.logger.warn(
        { requestId: ctx.requestId, route: route.id, reason, detail },
        'new failed; legacy answers instead',
      );
      ctx.backend = 'legacy';
      res.setHeader('x-strangler-backend', 'legacy');
      res.setHeader(FALLBACK_HEADER, reason);
      // Next turn of the loop: a failed upstream attempt finishes its own error events first.
      setImmediate(() =>
        guarded(() =>
          forwarder.forward(requestFor(), res, route.legacy, (error) => {
            if (!error) return;
            deps.recorder.upstreamError(route.id, 'legacy', error.code);
            if (error instanceof OverloadedError)
              deps.recorder.overloadShed(route.id, 'legacy', error.upstream, error.reason);
            if (error.code === 'INTERNAL_ERROR') deps.recorder.internalError('forward');
            sendProxyError(res, error, ctx.requestId);
          }),
        ),
      );
    }

    const onNewOutcome = (error: ProxyError | undefined) => {
      if (!error || fellBack) return;
      deps.recorder.upstreamError(route.id, 'new', error.code);
      if (error instanceof OverloadedError) deps.recorder.overloadShed(route.id, 'new', error.upstream, error.reason);
      if (error.code === 'INTERNAL_ERROR') deps.recorder.internalError('forward');
      const reason =
        error.code === 'UPSTREAM_TIMEOUT'
          ? 'timeout'
          : error.code === 'HANDLER_FAILED'
            ? 'handler_error'
            : 'upstream_error';
      if (error.status >= 500) fallBack(reason, error.status, error.message);
      if (!fellBack) sendProxyError(res, error, ctx.requestId);
    };
    if (!hasBody(req)) {
      sendToNew(deps.handlers, forwarder, req, gate.response, route, onNewOutcome);
      return true;
    }
    void collectBody(req).then((whole) => {
      if (!whole) return; // the client left mid-body: nobody to answer
      body = whole;
      guarded(() => sendToNew(deps.handlers, forwarder, requestFor(), gate.response, route, onNewOutcome));
    });
    return true;
  };
}

function isEligible(req: IncomingMessage, ctx: RequestContext): boolean {
  if (ctx.backend !== 'new' || !ctx.route || ctx.choice?.reason === 'override') return false;
  if (effectivePhase(ctx.route.config) === 'retired' || (hasBody(req) && !isReplayableBody(req))) return false;
  const method = req.method ?? 'GET';
  return SAFE_METHODS.has(method) || (ctx.route.config.idempotent === true && IDEMPOTENT_METHODS.has(method));
}
