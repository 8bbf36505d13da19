// When the response is done, writes one metrics sample, one stats-window record, the ramp evidence (when a
// cutover runtime is present) and — as `log` in the request's config snapshot says — one JSON log line,
// from a single 'close' listener per request. No bodies and no headers are logged (they may hold credentials).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { LogConfig } from '../../config/types.ts';
import type { Pass, PipelineDeps, RequestContext } from '../context.ts';
import { PROXY_BACKEND_LABEL } from '../refuse.ts';

/** Statuses from here up are errors for `log.requests: errors`, and are never sampled away. */
const FIRST_ERROR_STATUS = 400;

/**
 * Decides per finished request whether it gets a log line. Sampling is a running credit, not a coin flip:
 * at sampleRate 0.1 exactly every tenth successful request is logged, so the share is exact at any volume.
 */
export function requestLogFilter(): (log: LogConfig, status: number) => boolean {
  let credit = 0;
  return (log, status) => {
    if (log.requests === 'off') return false;
    if (status >= FIRST_ERROR_STATUS) return true;
    if (log.requests === 'errors') return false;
    if (log.sampleRate >= 1) return true;
    credit += log.sampleRate;
    if (credit < 1) return false;
    credit -= 1;
    return true;
  };
}

export function recordOutcome(deps: PipelineDeps): Pass {
  const { recorder, stats, logger, cutover, unmatched } = deps;
  const shouldLog = requestLogFilter();
  function finish(req: IncomingMessage, res: ServerResponse, ctx: RequestContext): void {
    const durationMs = performance.now() - ctx.startedAt;
    const method = req.method ?? 'GET';
    // 499 (client closed) when the client left before a full answer, as nginx counts it.
    const status = res.writableFinished ? res.statusCode : 499;
    const backend = ctx.refused ? PROXY_BACKEND_LABEL : ctx.backend;
    recorder.requestDone(ctx.routeId, backend, method, status, durationMs / 1000);
    // A request the proxy refused itself says nothing about legacy, new or the unrouted backlog.
    if (!ctx.refused) {
      stats?.record(ctx.routeId, ctx.backend, status, durationMs);
      if (!ctx.route) unmatched?.record(method, ctx.path, status, durationMs);
      // Ramp evidence: a request legacy answered after new failed was already counted as new's failure.
      if (cutover && ctx.route && !cutover.isFallback(req))
        cutover.evidence.recordRequest(ctx.routeId, ctx.backend, status, durationMs);
    }
    // The request's own snapshot: a hot reload of `log` applies from the next request on.
    if (!shouldLog(ctx.snapshot.config.log, status)) return;
    logger.info({
      requestId: ctx.requestId,
      route: ctx.routeId,
      backend,
      method,
      status,
      durationMs: Math.round(durationMs * 100) / 100,
    });
  }
  return (req, res, ctx) => {
    res.once('close', () => finish(req, res, ctx));
  };
}
