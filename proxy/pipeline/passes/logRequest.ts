// When the response is done, writes one metrics sample, one stats-window record, the ramp evidence (when a
// cutover runtime is present) and one JSON log line — from a single 'close' listener per request. No
// bodies and no headers are logged (they may hold credentials).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Pass, PipelineDeps, RequestContext } from '../context.ts';

export function logRequest(deps: PipelineDeps): Pass {
  const { recorder, stats, logger, cutover } = deps;
  function finish(req: IncomingMessage, res: ServerResponse, ctx: RequestContext): void {
    const durationMs = performance.now() - ctx.startedAt;
    const method = req.method ?? 'GET';
    // 499 (client closed) when the client left before a full answer, as nginx counts it.
    const status = res.writableFinished ? res.statusCode : 499;
    recorder.requestDone(ctx.routeId, ctx.backend, method, status, durationMs / 1000);
    stats?.record(ctx.routeId, ctx.backend, status, durationMs);
    // Ramp evidence: a request legacy answered after new failed was already counted as new's failure.
    if (cutover && ctx.route && !cutover.isFallback(req)) cutover.evidence.recordRequest(ctx.routeId, ctx.backend, status, durationMs);
    logger.info({ requestId: ctx.requestId, route: ctx.routeId, backend: ctx.backend, method, status, durationMs: Math.round(durationMs * 100) / 100 });
  }
  return (req, res, ctx) => {
    res.once('close', () => finish(req, res, ctx));
  };
}
