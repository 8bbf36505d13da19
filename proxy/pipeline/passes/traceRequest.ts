// Only with `tracing:` in routes.yaml: a server span per request and a client span for its upstream call.
// The upstream gets the client span as parent in `traceparent` (same trace id; `tracestate` untouched), so
// both backends' own spans nest under the proxy's. Attributes are set when the response is done.
import { effectivePhase } from '../../cutover/phases/phases.ts';
import { parseTraceparent, shadowCopyOf } from '../../tracing/traceContext.ts';
import type { RequestTracer, SpanAttributes } from '../../tracing/requestTracer.ts';
import type { Pass, PipelineDeps } from '../context.ts';

export function traceRequest(deps: PipelineDeps, tracer: RequestTracer): Pass {
  return (req, res, ctx) => {
    // A WebSocket handshake (this pass runs before stripHopByHop) is not traced: its traceparent passes unchanged.
    if (req.headers.upgrade !== undefined) return;
    const method = req.method ?? 'GET';
    const spans = tracer.startRequest(method, parseTraceparent(req.headers.traceparent));
    req.headers.traceparent = spans.upstreamTraceparent;
    res.once('close', () => {
      const status = res.writableFinished ? res.statusCode : 499;
      const route = ctx.route;
      const shadowSpan = shadowCopyOf(req);
      const fallback = deps.cutover?.isFallback(req) ?? false;
      const server: SpanAttributes = {
        'http.request.method': method,
        'url.path': ctx.path,
        'http.response.status_code': status,
        'strangler.request_id': ctx.requestId,
        'strangler.route': ctx.routeId,
        'strangler.backend': ctx.backend,
        'strangler.shadow': shadowSpan !== undefined,
        'strangler.fallback': fallback,
      };
      if (route) {
        server['http.route'] = route.config.match.path;
        server['strangler.phase'] = effectivePhase(route.config);
      }
      if (typeof ctx.choice?.bucket === 'number') server['strangler.bucket'] = ctx.choice.bucket;
      if (shadowSpan) server['strangler.shadow.span_id'] = shadowSpan;
      const client: SpanAttributes = {
        'strangler.backend': ctx.backend,
        'strangler.fallback': fallback,
        'http.response.status_code': status,
      };
      const target = ctx.backend === 'new' && route ? route.newTarget : undefined;
      const upstream =
        target === undefined
          ? (route?.legacy ?? ctx.snapshot.legacy)
          : target.kind === 'upstream'
            ? target.upstream
            : undefined;
      if (upstream) {
        client['server.address'] = upstream.url.hostname;
        client['server.port'] = Number(upstream.url.port || (upstream.url.protocol === 'https:' ? 443 : 80));
      } else if (target?.kind === 'handler') client['strangler.handler'] = target.name;
      spans.end(server, client, route ? `${method} ${route.config.match.path}` : method, status >= 500);
    });
  };
}
