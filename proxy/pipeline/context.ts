// What the passes share about one request while it flows through the proxy.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { BackendKind } from '../config/types.ts';
import type { Admission } from '../forward/admission.ts';
import type { HandlerRegistry } from '../forward/handlers.ts';
import type { Recorder } from '../metrics/recorder.ts';
import type { BackendChoice } from '../routing/pickBackend.ts';
import type { RequestStatsSink } from '../stats/statsWindow.ts';
import type { UnmatchedSink } from '../discover/discoverTable.ts';
import { UNMATCHED_ROUTE_ID, type RouteEntry, type Snapshot } from '../routing/routeTable.ts';
import type { RequestTracer } from '../tracing/requestTracer.ts';

export interface RequestContext {
  requestId: string;
  /** The snapshot this request started with; it keeps it even if a reload swaps the live one. */
  snapshot: Snapshot;
  path: string;
  route: RouteEntry | undefined;
  routeId: string;
  backend: BackendKind;
  choice: BackendChoice | undefined;
  startedAt: number;
  /** The proxy refused the request itself (refuse.ts): it reached no backend and counts as backend "proxy". */
  refused: boolean;
}

/** A request's context before any pass ran: unmatched, legacy, started now. */
export function newRequestContext(snapshot: Snapshot): RequestContext {
  return {
    requestId: '',
    snapshot,
    path: '/',
    route: undefined,
    routeId: UNMATCHED_ROUTE_ID,
    backend: 'legacy',
    choice: undefined,
    startedAt: performance.now(),
    refused: false,
  };
}

/**
 * What the passes need of cutover automation, and no more (cutover/runtime.ts's CutoverRuntime is one):
 * pipeline/ depends on this shape, not on the runtime with its shadow service, ramps and handler host.
 */
export interface CutoverHooks {
  shadow: {
    /** Copies a legacy-served request to new in the background when the route's phase asks for it. */
    maybeShadow(req: IncomingMessage, res: ServerResponse, route: RouteEntry, requestId: string): void;
    /** Makes copies count against their backend's concurrency limit (forward/admission.ts). */
    limitWith?(admission: Admission): void;
  };
  evidence: {
    /** One finished request as ramp evidence. */
    recordRequest(routeId: string, backend: BackendKind, status: number, durationMs: number): void;
  };
  /** New failed and legacy answers instead: counted as new's failure. */
  noteFallback(req: IncomingMessage, routeId: string, durationMs: number): void;
  /** Whether legacy answered this request after new failed (its outcome is then not legacy's evidence). */
  isFallback(req: IncomingMessage): boolean;
}

/** Everything a pass may need that outlives one request. */
export interface PipelineDeps {
  handlers: HandlerRegistry;
  recorder: Recorder;
  logger: Logger;
  /** The admin API's sliding window of per-route outcomes (absent when no one reads it). */
  stats?: RequestStatsSink;
  /** Traffic no route matched, for `strangler discover` (absent when no one reads it). */
  unmatched?: UnmatchedSink;
  /** Shadow traffic, ramp evidence and fallback (absent in bare proxies built without start.ts). */
  cutover?: CutoverHooks;
  /** Trace export (routes.yaml `tracing`); absent when off, and then no tracing pass runs. */
  tracer?: RequestTracer;
}

/** One step of request handling. Returning true means the pass answered and the pipeline stops. */
export type Pass = (req: IncomingMessage, res: ServerResponse, ctx: RequestContext) => boolean | void;
