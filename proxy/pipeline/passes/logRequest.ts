// Starts the request's latency timer; when the response is done, writes one metrics sample and one
// JSON log line. No bodies and no headers are logged (they may hold credentials).
import type { Pass, PipelineDeps } from '../context.ts';

export function logRequest(deps: PipelineDeps): Pass {
  return (req, res, ctx) => {
    const finish = deps.recorder.startRequest();
    res.once('close', () => {
      const method = req.method ?? 'GET';
      // 499 (client closed) when the client left before a full answer, as nginx counts it.
      const status = res.writableFinished ? res.statusCode : 499;
      const seconds = finish({ route: ctx.routeId, backend: ctx.backend, method, status });
      deps.stats?.record(ctx.routeId, ctx.backend, status, seconds * 1000);
      deps.logger.info({ requestId: ctx.requestId, route: ctx.routeId, backend: ctx.backend, method, status, durationMs: Math.round(seconds * 1e5) / 100 });
    });
  };
}
