// What the proxy needs of a tracer, and its loader. OpenTelemetry is imported only by otelTracer.ts, and
// that only when routes.yaml has `tracing:` — with tracing off nothing of it is loaded or run.
import type { TracingConfig } from '../config/types.ts';
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

export async function loadTracer(config: TracingConfig | undefined): Promise<RequestTracer | undefined> {
  if (!config) return undefined;
  const { createOtelTracer } = await import('./otelTracer.ts');
  return createOtelTracer(config);
}
