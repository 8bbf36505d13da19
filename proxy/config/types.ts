// The routes.yaml schema: the single source of truth for the file format, its defaults and its types.
// README's routes.yaml reference is written from this file; keep the `.describe()` texts accurate.
import { z } from 'zod';

export const DEFAULT_UPSTREAM_TIMEOUT_MS = 30_000;
export const DEFAULT_LISTEN_PORT = 8080;
export const DEFAULT_ADMIN_PORT = 9090;
export const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

/** Client-side and upstream-side timeouts; see the Timeouts table in docs/FORWARDING.md for what each one ends. */
export const DEFAULT_TIMEOUTS = {
  headersMs: 10_000,
  requestMs: 300_000,
  keepAliveMs: 5_000,
  upstreamConnectMs: 5_000,
  upstreamIdleMs: 1_000,
} as const;

/**
 * Per-backend admission (docs/CONFIG.md "Concurrency limits"): requests in flight to one backend, how many
 * may wait at the proxy for a slot, and for how long. Per process; see docs/FORWARDING.md "Protecting legacy".
 */
export const DEFAULT_ADMISSION = {
  maxConcurrent: 64,
  maxQueue: 1_024,
  queueTimeoutMs: 10_000,
} as const;

const port = z
  .number()
  .int('is not a whole number — a port is 0..65535')
  .min(0, 'is not a port — use 0..65535 (0 picks a free one)')
  .max(65535, 'is out of range for a port — use 0..65535 (0 picks a free one)');
const timeoutMs = z.number().int().min(1).max(600_000);

const httpUrl = z.string().refine((value) => {
  try {
    const url = new URL(value);
    return (
      (url.protocol === 'http:' || url.protocol === 'https:') &&
      url.hostname !== '' &&
      url.pathname === '/' &&
      !url.search
    );
  } catch {
    return false;
  }
}, 'must be an absolute http:// or https:// URL with no path, e.g. http://127.0.0.1:5000 (request paths are forwarded unchanged)');

/** Optional on every upstream (legacy, backends.upstreams.<name>, an inline `new: { url }`); defaults in DEFAULT_ADMISSION. */
const admissionFields = {
  maxConcurrent: z
    .number()
    .int()
    .min(1, 'must be at least 1 (requests in flight to this backend at once)')
    .max(100_000)
    .optional()
    .describe(
      `Requests in flight to this backend at once, per proxy process; more wait in the queue. Default ${DEFAULT_ADMISSION.maxConcurrent}.`,
    ),
  maxQueue: z
    .number()
    .int()
    .min(0, 'must be 0 or more (0: no queue, shed at once when maxConcurrent are in flight)')
    .max(100_000)
    .optional()
    .describe(`Requests that may wait for a slot; past it ⇒ 503 OVERLOADED. Default ${DEFAULT_ADMISSION.maxQueue}.`),
  queueTimeoutMs: timeoutMs
    .optional()
    .describe(
      `Longest wait in the queue ⇒ 503 OVERLOADED; not part of timeoutMs. Default ${DEFAULT_ADMISSION.queueTimeoutMs}.`,
    ),
};

export const UpstreamSchema = z
  .object({
    url: httpUrl.describe('Base URL of the service; the request path and query are appended unchanged.'),
    timeoutMs: timeoutMs
      .default(DEFAULT_UPSTREAM_TIMEOUT_MS)
      .describe(
        'Longest upstream silence: no response within it ⇒ 504 UPSTREAM_TIMEOUT; a stall mid-body ⇒ the client connection is ended.',
      ),
    ...admissionFields,
  })
  .strict();

/** `header:<name>`, `cookie:<name>`, `query:<name>` or `ip`: where a client's sticky identity comes from. */
export const StickyKeySource = z
  .string()
  .regex(
    /^(ip|(header|cookie|query):[A-Za-z0-9!#$%&'*+.^_`|~-]+)$/,
    'must be "ip", "header:<name>", "cookie:<name>" or "query:<name>"',
  );

export const StickySchema = z
  .object({
    key: z
      .array(StickyKeySource)
      .min(1)
      .describe(
        'Sources tried in order; the first present one is the client key. None present ⇒ a random bucket per request.',
      ),
  })
  .strict();

const weight = z
  .number()
  .min(0, 'is below 0 — use 0..100')
  .max(100, 'is above 100 — use 0..100')
  .refine((w) => Math.abs(Math.round(w * 100) - w * 100) < 1e-9, 'has more than 2 decimals — e.g. 12.5 or 0.25');

const method = z.enum(HTTP_METHODS);

export const TimeoutsSchema = z
  .object({
    headersMs: timeoutMs
      .default(DEFAULT_TIMEOUTS.headersMs)
      .describe(
        'A client must send complete request headers within this, else 408 and the connection closes (slowloris).',
      ),
    requestMs: timeoutMs
      .default(DEFAULT_TIMEOUTS.requestMs)
      .describe('A client must send the complete request, body included, within this, else 408.'),
    keepAliveMs: timeoutMs
      .default(DEFAULT_TIMEOUTS.keepAliveMs)
      .describe('An idle client keep-alive connection is closed after this.'),
    upstreamConnectMs: timeoutMs
      .default(DEFAULT_TIMEOUTS.upstreamConnectMs)
      .describe('TCP connect to legacy or an upstream must finish within this, else 502 UPSTREAM_UNREACHABLE.'),
    upstreamIdleMs: timeoutMs
      .default(DEFAULT_TIMEOUTS.upstreamIdleMs)
      .describe(
        "An idle pooled connection to legacy is closed after this; keep it below legacy's own keep-alive timeout.",
      ),
  })
  .strict()
  .refine((t) => t.headersMs <= t.requestMs, {
    path: ['headersMs'],
    message: 'must not exceed timeouts.requestMs — the whole request includes its headers',
  })
  .default(DEFAULT_TIMEOUTS)
  .describe('Server and connection timeouts. Read at start-up; a reload does not change them.');

export const MatchSchema = z
  .object({
    methods: z.array(method).min(1).optional().describe('HTTP methods this route takes; omitted ⇒ every method.'),
    path: z
      .string()
      .regex(/^\/[^?#\s]*$/, 'must start with "/" and hold no query, fragment or spaces')
      .describe('Path template: literal segments, `:name` for one segment, a trailing `/*` for a prefix.'),
  })
  .strict();

export const NewBackendSchema = z.union([
  z
    .object({ handler: z.string().min(1).describe('Name of an in-process handler from services/registry.ts.') })
    .strict(),
  z.object({ url: httpUrl, timeoutMs: timeoutMs.optional(), ...admissionFields }).strict(),
  z.object({ upstream: z.string().min(1).describe('Name of an entry in backends.upstreams.') }).strict(),
]);

export const MIGRATION_PHASES = ['legacy', 'shadow', 'canary', 'new', 'retired'] as const;
const MigrationPhase = z.enum(MIGRATION_PHASES);

export const ShadowSchema = z
  .object({
    sampleRate: z
      .number()
      .min(0)
      .max(1)
      .default(1)
      .describe('Share (0..1) of eligible legacy-served requests copied to new.'),
    maxConcurrent: z
      .number()
      .int()
      .min(1)
      .max(1000)
      .default(16)
      .describe('Shadow requests in flight at once; more are shed and counted.'),
    timeoutMs: timeoutMs.default(5_000).describe('A shadow answer slower than this counts as result="error".'),
    maxBodyBytes: z
      .number()
      .int()
      .min(0)
      .max(16_777_216)
      .default(1_048_576)
      .describe('Larger request or response bodies are not compared (shed).'),
    ignore: z
      .array(
        z.string().regex(/^\$(\.[^.[\]]+|\[(\d+|\*)\])*$/, 'must be a JSON path like $.data[*].updatedAt or $.meta.*'),
      )
      .default([])
      .describe('JSON paths left out of the body comparison; `*` matches any key or index.'),
    compareHeaders: z
      .array(z.string().min(1))
      .default(['content-type'])
      .describe('Response headers that must be equal.'),
    calibrationSamples: z
      .number()
      .int()
      .min(0)
      .max(1000)
      .default(10)
      .describe('First N shadowed safe requests are also sent to legacy twice to learn noisy fields.'),
    duringCanary: z
      .boolean()
      .default(false)
      .describe('Keep shadowing legacy-served requests while the route is in canary.'),
  })
  .strict();

/** Where the ramp gates read requests, errors and latencies from. */
export const GATE_SOURCES = ['proxy', 'prometheus'] as const;

const prometheusUrl = z.string().refine((value) => {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '' && !url.search;
  } catch {
    return false;
  }
}, 'must be an absolute http:// or https:// URL of Prometheus, e.g. http://prometheus:9090 (a path prefix like /prometheus is kept)');

export const RampSchema = z
  .object({
    steps: z
      .array(weight)
      .min(1)
      .default([1, 5, 25, 50, 100])
      .describe('Weights the ramp moves through, ascending; the last should be 100.'),
    interval: z
      .string()
      .regex(/^\d+(ms|s|m|h)$/, 'must be a duration like 500ms, 60s, 5m or 1h')
      .default('60s')
      .describe('Time between gate evaluations.'),
    gates: z
      .object({
        minRequests: z
          .number()
          .int()
          .min(1)
          .default(200)
          .describe('Requests each backend needs in an interval before it is judged.'),
        maxErrorRateDelta: z
          .number()
          .min(0)
          .max(100)
          .default(0.5)
          .describe("Percentage points new may exceed legacy's 5xx rate by."),
        maxP99Ratio: z.number().min(1).default(1.3).describe('Largest allowed new p99 / legacy p99.'),
        p99FloorMs: z
          .number()
          .min(0)
          .default(5)
          .describe('p99s below this count as this, so sub-millisecond jitter cannot fail the ratio.'),
        maxMismatchRate: z
          .number()
          .min(0)
          .max(100)
          .default(0.1)
          .describe('Largest allowed percent of shadow comparisons that mismatch.'),
        source: z
          .enum(GATE_SOURCES)
          .default('proxy')
          .describe(
            "Where the gates' numbers come from: proxy (the proxies' own counts) or prometheus (summed over every scraped replica).",
          ),
        prometheusUrl: prometheusUrl
          .optional()
          .describe('Base URL of the Prometheus HTTP API the gates query when source is prometheus.'),
      })
      .strict()
      .refine((g) => g.source !== 'prometheus' || g.prometheusUrl !== undefined, {
        path: ['prometheusUrl'],
        message: 'is required with source: prometheus — e.g. prometheusUrl: http://prometheus:9090',
      })
      .prefault({}),
  })
  .strict();

/** Which finished requests get a line in the request log. */
export const LOG_REQUESTS = ['all', 'errors', 'off'] as const;

export const LogSchema = z
  .object({
    requests: z
      .enum(LOG_REQUESTS)
      .default('all')
      .describe('Request log lines: all (one per request, the default), errors (status >= 400 only) or off.'),
    sampleRate: z
      .number()
      .min(0, 'must be between 0 and 1 (the share of successful requests logged)')
      .max(1, 'must be between 0 and 1 (the share of successful requests logged)')
      .default(1)
      .describe(
        'With requests: all, the share (0..1) of successful (< 400) requests logged; errors are always logged.',
      ),
  })
  .strict()
  .default({ requests: 'all', sampleRate: 1 })
  .describe('The per-request log line (metrics and the stats window count every request regardless).');

const otlpUrl = z.string().refine((value) => {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}, 'must be an absolute http:// or https:// URL of an OTLP/HTTP traces endpoint, e.g. http://otel-collector:4318/v1/traces');

export const TracingSchema = z
  .object({
    otlp: z
      .object({
        url: otlpUrl.describe(
          'OTLP/HTTP endpoint the spans are POSTed to (JSON), e.g. http://otel-collector:4318/v1/traces.',
        ),
      })
      .strict()
      .describe('Where spans go.'),
    sampleRate: z
      .number()
      .min(0, 'must be between 0 and 1 (the share of new traces recorded)')
      .max(1, 'must be between 0 and 1 (the share of new traces recorded)')
      .default(1)
      .describe(
        "Share (0..1) of traces that start here which are recorded; a caller's traceparent sampled flag decides for its traces.",
      ),
    serviceName: z.string().min(1).default('strangler').describe('service.name of the exported spans.'),
  })
  .strict()
  .describe(
    'OpenTelemetry trace export; absent ⇒ off (nothing loaded, traceparent forwarded unchanged). Read at start-up.',
  );

export const RouteSchema = z
  .object({
    id: z
      .string()
      .regex(/^[a-z0-9][a-z0-9_.-]{0,63}$/, 'must be 1-64 chars of a-z, 0-9, "_", "." or "-" (it is a metric label)')
      .describe('Unique route id, used as the metric label and in the admin API.'),
    match: MatchSchema,
    new: NewBackendSchema.describe('Where the new implementation lives.'),
    weight: weight.describe("Percent of this route's traffic sent to new (0..100, up to 2 decimals)."),
    timeoutMs: timeoutMs.optional().describe("Per-route upstream timeout; overrides the backend's."),
    sticky: StickySchema.optional().describe('Overrides the top-level sticky setting for this route.'),
    salt: z
      .string()
      .min(1)
      .optional()
      .describe('Bucketing salt; defaults to the route id. Change it to reshuffle clients.'),
    phase: MigrationPhase.optional().describe(
      'Migration phase; omitted ⇒ derived from weight (0 legacy, 100 new, else canary). See README cutover-automation.',
    ),
    phaseSince: z.iso
      .datetime()
      .optional()
      .describe('When the route entered its phase (ISO 8601); set by the admin API and the ramp controller.'),
    idempotent: z
      .boolean()
      .optional()
      .describe(
        'true ⇒ PUT/DELETE may also be retried on legacy when new fails (bodiless, or a body of declared length up to 64 KiB). Default false.',
      ),
    shadow: ShadowSchema.optional().describe(
      'Shadow traffic: copies of legacy-served requests sent to new and compared.',
    ),
    shadowWrites: z
      .enum(['off', 'sandbox'])
      .optional()
      .describe(
        'Default off. `sandbox` also shadows unsafe methods, telling new via `x-strangler-shadow: sandbox` to run without side effects.',
      ),
    ramp: RampSchema.optional().describe('Automatic ramp: steps, interval and comparative gates.'),
  })
  .strict();

export const ConfigSchema = z
  .object({
    listen: z
      .object({ host: z.string().default('0.0.0.0'), port: port.default(DEFAULT_LISTEN_PORT) })
      .strict()
      .default({ host: '0.0.0.0', port: DEFAULT_LISTEN_PORT }),
    admin: z
      .object({
        host: z.string().default('127.0.0.1'),
        port: port.default(DEFAULT_ADMIN_PORT),
        metricsRequireToken: z.boolean().default(false).describe('Protect /metrics with the admin token too.'),
        allowedHosts: z
          .array(z.string().min(1))
          .default([])
          .describe('Host names (besides its own address and loopback) the admin listener answers to.'),
      })
      .strict()
      .default({ host: '127.0.0.1', port: DEFAULT_ADMIN_PORT, metricsRequireToken: false, allowedHosts: [] }),
    trustProxy: z
      .array(z.string().min(1))
      .default([])
      .describe(
        'Addresses of trusted hops: only from these is an incoming X-Forwarded-For appended to instead of replaced.',
      ),
    overrideHeader: z
      .object({ enabled: z.boolean().default(false), name: z.string().default('x-strangler-backend') })
      .strict()
      .default({ enabled: false, name: 'x-strangler-backend' })
      .describe('Let testers force a backend with a request header. Off by default.'),
    sticky: StickySchema.default({ key: ['header:x-user-id', 'cookie:session', 'ip'] }),
    timeouts: TimeoutsSchema,
    log: LogSchema,
    tracing: TracingSchema.optional(),
    backends: z
      .object({
        legacy: UpstreamSchema,
        upstreams: z.record(z.string(), UpstreamSchema).default({}).describe('Named out-of-process new services.'),
      })
      .strict(),
    routes: z.array(RouteSchema).default([]),
  })
  .strict();

export type Config = z.infer<typeof ConfigSchema>;
export type RouteConfig = z.infer<typeof RouteSchema>;
export type UpstreamConfig = z.infer<typeof UpstreamSchema>;
export type MigrationPhase = (typeof MIGRATION_PHASES)[number];
export type ShadowConfig = z.infer<typeof ShadowSchema>;
export type RampConfig = z.infer<typeof RampSchema>;
export type LogConfig = z.infer<typeof LogSchema>;
export type TracingConfig = z.infer<typeof TracingSchema>;
export type HttpMethod = (typeof HTTP_METHODS)[number];
export type BackendKind = 'legacy' | 'new';
