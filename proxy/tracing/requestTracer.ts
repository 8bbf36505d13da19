// The tracer's loader. OpenTelemetry is imported only by otelTracer.ts, and
// that only when routes.yaml has `tracing:` — with tracing off nothing of it is loaded or run.
import type { TracingConfig } from '../config/types.ts';
import type { RequestTracer } from './tracerTypes.ts';

export type { RequestSpans, RequestTracer, SpanAttributes } from './tracerTypes.ts';

export async function loadTracer(config: TracingConfig | undefined): Promise<RequestTracer | undefined> {
  if (!config) return undefined;
  const { createOtelTracer } = await import('./otelTracer.ts');
  return createOtelTracer(config);
}
