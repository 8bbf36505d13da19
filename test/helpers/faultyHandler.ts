// A deliberately faulty new handler for cutover tests: answers like legacy, but fails a configurable
// share of requests (deterministically, so a test always sees the same error count) and adds latency.
import type { NewHandler } from '../../proxy/forward/handlers.ts';

export interface Faults {
  /** 0..1: share of requests answered 500 (every 1/rate-th request, no randomness). */
  errorRate: number;
  /** Added before answering, in ms. */
  latencyMs: number;
}

export interface FaultyHandler {
  handler: NewHandler;
  faults: Faults;
  calls: number;
}

export function faultyHandler(body: (url: string) => unknown, faults: Faults): FaultyHandler {
  const state: FaultyHandler = { faults, calls: 0, handler: () => undefined };
  let owed = 0;
  state.handler = (req, res) => {
    state.calls++;
    owed += state.faults.errorRate;
    const fail = owed >= 1;
    if (fail) owed -= 1;
    setTimeout(() => {
      res.statusCode = fail ? 500 : 200;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(fail ? { error: 'injected fault' } : body(req.url ?? '/')));
    }, state.faults.latencyMs);
  };
  return state;
}
