// The OpenTelemetry tracer: spans batched and POSTed as OTLP/HTTP JSON to `tracing.otlp.url`, sampled
// parent-based (a caller's sampled flag decides; new traces at `tracing.sampleRate`). Its own provider, not
// the global one, so handlers that set up OpenTelemetry themselves are not disturbed.
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, TraceFlags, trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BatchSpanProcessor,
  NodeTracerProvider,
  ParentBasedSampler,
  TraceIdRatioBasedSampler,
} from '@opentelemetry/sdk-trace-node';
import type { TracingConfig } from '../config/types.ts';
import type { RequestTracer } from './tracerTypes.ts';

/** Spans wait at most this long before export (the SDK's default is 5 s). */
const EXPORT_DELAY_MS = 1_000;

export function createOtelTracer(config: TracingConfig): RequestTracer {
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': config.serviceName }),
    sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(config.sampleRate) }),
    spanProcessors: [
      new BatchSpanProcessor(new OTLPTraceExporter({ url: config.otlp.url }), {
        scheduledDelayMillis: EXPORT_DELAY_MS,
      }),
    ],
  });
  const tracer = provider.getTracer('strangler');
  return {
    startRequest(method, parent) {
      const parentContext = parent
        ? trace.setSpanContext(ROOT_CONTEXT, {
            traceId: parent.traceId,
            spanId: parent.parentId,
            traceFlags: Number.parseInt(parent.flags, 16) & TraceFlags.SAMPLED,
            isRemote: true,
          })
        : ROOT_CONTEXT;
      const server = tracer.startSpan(method, { kind: SpanKind.SERVER }, parentContext);
      const client = tracer.startSpan(
        `${method} upstream`,
        { kind: SpanKind.CLIENT },
        trace.setSpan(parentContext, server),
      );
      const { traceId, spanId, traceFlags } = client.spanContext();
      return {
        upstreamTraceparent: `00-${traceId}-${spanId}-${traceFlags & TraceFlags.SAMPLED ? '01' : '00'}`,
        end(serverAttributes, clientAttributes, name, failed) {
          const status = failed ? { code: SpanStatusCode.ERROR } : { code: SpanStatusCode.UNSET };
          client.setAttributes(clientAttributes).setStatus(status).end();
          server.updateName(name);
          server.setAttributes(serverAttributes).setStatus(status).end();
        },
      };
    },
    shutdown: () => provider.shutdown(),
  };
}
