// What the proxy needs of a tracer (implemented by otelTracer.ts, loaded by requestTracer.ts).
import type { TraceParent } from './traceContext.ts';

export type SpanAttributes = Record<string, string | number | boolean>;

/** The spans of one proxied request: a server span and, under it, a client span for the upstream call. */
export interface RequestSpans {
  /** The traceparent the upstream call carries: same trace id, the client span as parent. */
  readonly upstreamTraceparent: string;
  end(server: SpanAttributes, client: SpanAttributes, name: string, failed: boolean): void;
}

export interface RequestTracer {
  startRequest(method: string, parent: TraceParent | undefined): RequestSpans;
  /** Exports what is still buffered; call before the process exits. */
  shutdown(): Promise<void>;
}
