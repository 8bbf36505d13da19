// The only file that touches prom-client. Everything the proxy measures goes through a Recorder built
// on an injected Registry, so tests get a fresh one and labels stay bounded (route ids, never paths).
import { collectDefaultMetrics, Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { CLIENT_ERROR_CODES, type ClientErrorCode } from '../http/proxyErrors.ts';
import type { BackendKind } from '../config/types.ts';

/** 1 ms .. 30 s: covers a fast cache hit and the slowest analysis the proxy will wait for. */
export const LATENCY_BUCKETS_SECONDS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/**
 * Where a throw inside the proxy's own request-path code was caught (a fixed set, so labels stay bounded);
 * `handler-async`: an in-process handler's late throw or unhandled rejection, contained to its request.
 */
export const INTERNAL_ERROR_SITES = ['forward', 'fallback', 'shadow', 'websocket', 'handler-async'] as const;
export type InternalErrorSite = (typeof INTERNAL_ERROR_SITES)[number];

export interface RecorderOptions {
  defaultMetrics?: boolean;
}

export class Recorder {
  private readonly requests: Counter<'route' | 'backend' | 'method' | 'status_class'>;
  private readonly duration: Histogram<'route' | 'backend'>;
  private readonly upstreamErrors: Counter<'route' | 'backend' | 'code'>;
  private readonly routeWeight: Gauge<'route'>;
  private readonly configInfo: Gauge<'version' | 'hash'>;
  private readonly websockets: Gauge<'route' | 'backend'>;
  private readonly configReloads: Counter<'result'>;
  private readonly clientErrors: Counter<'code'>;
  private readonly internalErrors: Counter<'site'>;
  private readonly lastReloadSuccess: Gauge;
  private readonly storeConnected: Gauge<'store'>;
  private readonly overloaded: Counter<'route' | 'backend' | 'upstream' | 'reason'>;
  /** Where the backend in-flight and queued gauges read from at scrape time (the admission pools). */
  private readonly admissionSources: Array<() => ReadonlyArray<{ key: string; inFlight: number; queued: number }>> = [];
  private readonly cutover: ReturnType<typeof cutoverMetrics>;
  private readonly requestSeries = new Map<
    string,
    { count: { inc(): void }; duration: { observe(seconds: number): void } }
  >();

  constructor(
    readonly registry: Registry,
    options: RecorderOptions = {},
  ) {
    const registers = [registry];
    this.requests = new Counter({
      name: 'strangler_requests_total',
      help: 'Requests answered, by route id, backend, method and status class.',
      labelNames: ['route', 'backend', 'method', 'status_class'],
      registers,
    });
    this.duration = new Histogram({
      name: 'strangler_request_duration_seconds',
      help: 'Time from request start to the end of the response, by route id and backend.',
      labelNames: ['route', 'backend'],
      buckets: LATENCY_BUCKETS_SECONDS,
      registers,
    });
    this.upstreamErrors = new Counter({
      name: 'strangler_upstream_errors_total',
      help: 'Requests the proxy answered with its own error, by route, backend and error code.',
      labelNames: ['route', 'backend', 'code'],
      registers,
    });
    // Under --workers N every process reports these; summing them would multiply a weight by N.
    this.routeWeight = new Gauge({
      name: 'strangler_route_weight',
      help: 'Configured percent of traffic to new, by route.',
      labelNames: ['route'],
      aggregator: 'max',
      registers,
    });
    this.configInfo = new Gauge({
      name: 'strangler_config_info',
      help: 'Always 1; the hash label identifies the live config, version the Postgres store version it came from.',
      labelNames: ['version', 'hash'],
      aggregator: 'max',
      registers,
    });
    this.configReloads = new Counter({
      name: 'strangler_config_reload_total',
      help: 'Config reloads (file change, SIGHUP or admin API change), by result: success or failure (invalid file kept out).',
      labelNames: ['result'],
      registers,
    });
    // Only on the Postgres store (no series on routes.yaml); max over workers: the primary's is the one set.
    this.storeConnected = new Gauge({
      name: 'strangler_store_connected',
      help: '1 while this replica is connected to the shared control-plane store (LISTEN), 0 while it routes on its last table.',
      labelNames: ['store'],
      aggregator: 'max',
      registers,
    });
    this.lastReloadSuccess = new Gauge({
      aggregator: 'max',
      name: 'strangler_config_last_reload_success_timestamp_seconds',
      help: 'Unix time of the last config load or reload that was applied.',
      registers,
    });
    // Both series exist from start-up, so an alert on failures works before the first one.
    for (const result of ['success', 'failure']) this.configReloads.inc({ result }, 0);
    this.lastReloadSuccess.setToCurrentTime();
    this.websockets = new Gauge({
      name: 'strangler_websocket_connections',
      help: 'WebSocket connections open through the proxy, by route id and backend.',
      labelNames: ['route', 'backend'],
      registers,
    });
    this.clientErrors = new Counter({
      name: 'strangler_client_errors_total',
      help: "Requests Node's HTTP parser refused (malformed, too large, too slow), answered by the proxy itself, by error code.",
      labelNames: ['code'],
      registers,
    });
    for (const code of CLIENT_ERROR_CODES) this.clientErrors.inc({ code }, 0);
    this.internalErrors = new Counter({
      name: 'strangler_internal_errors_total',
      help: "Throws inside the proxy's own request-path code (and in-process handlers' late throws, site handler-async), each turned into that request's 500/502 or closed connection, by site.",
      labelNames: ['site'],
      registers,
    });
    for (const site of INTERNAL_ERROR_SITES) this.internalErrors.inc({ site }, 0);
    this.overloaded = new Counter({
      name: 'strangler_overloaded_total',
      help: 'Requests shed with 503 OVERLOADED, by route, backend, upstream (the admission pool) and reason (queue_full, queue_timeout).',
      labelNames: ['route', 'backend', 'upstream', 'reason'],
      registers,
    });
    const sources = this.admissionSources;
    // Read when scraped, so the request path pays nothing for them.
    const poolGauge = (name: string, help: string, value: (load: { inFlight: number; queued: number }) => number) =>
      new Gauge({
        name,
        help,
        labelNames: ['upstream'],
        registers,
        collect() {
          this.reset();
          for (const source of sources) for (const load of source()) this.set({ upstream: load.key }, value(load));
        },
      });
    poolGauge(
      'strangler_backend_in_flight',
      'Requests in flight to a backend, by upstream (its admission pool: legacy, upstreams.<name>, routes.<id>.new).',
      (l) => l.inFlight,
    );
    poolGauge(
      'strangler_backend_queued',
      'Requests waiting at the proxy for a backend slot, by upstream (admission pool).',
      (l) => l.queued,
    );
    this.cutover = cutoverMetrics(registers);
    if (options.defaultMetrics !== false) collectDefaultMetrics({ register: registry });
  }

  /**
   * Records one finished request: the counter and the latency histogram. Label children are cached per
   * label set (route ids, backends, methods and status classes are bounded), so the hot path does not
   * build label objects or hash them.
   */
  requestDone(route: string, backend: BackendKind | 'proxy', method: string, status: number, seconds: number): void {
    const bounded = boundedMethod(method);
    const key = `${route}\n${backend}\n${bounded}\n${status}`;
    let series = this.requestSeries.get(key);
    if (!series) {
      series = {
        count: this.requests.labels({ route, backend, method: bounded, status_class: statusClass(status) }),
        duration: this.duration.labels({ route, backend }),
      };
      this.requestSeries.set(key, series);
    }
    series.count.inc();
    series.duration.observe(seconds);
  }

  upstreamError(route: string, backend: BackendKind, code: string): void {
    this.upstreamErrors.inc({ route, backend, code });
  }

  /** One request shed by a backend's admission pool (proxy/forward/admission.ts). */
  overloadShed(route: string, backend: BackendKind, upstream: string, reason: string): void {
    this.overloaded.inc({ route, backend, upstream, reason });
  }

  /** Publishes admission pools' in-flight and queued counts on every scrape. */
  watchAdmission(source: () => ReadonlyArray<{ key: string; inFlight: number; queued: number }>): void {
    this.admissionSources.push(source);
  }

  internalError(site: InternalErrorSite): void {
    this.internalErrors.inc({ site });
  }

  /** Counts one reload attempt; a success also moves the last-success timestamp. */
  configReload(result: 'success' | 'failure'): void {
    this.configReloads.inc({ result });
    if (result === 'success') this.lastReloadSuccess.setToCurrentTime();
  }

  /** Counts one open WebSocket; the returned function (idempotent) counts it closed. */
  websocketOpened(route: string, backend: BackendKind): () => void {
    this.websockets.inc({ route, backend });
    let open = true;
    return () => {
      if (open) this.websockets.dec({ route, backend });
      open = false;
    };
  }

  /** One shadow comparison's result: match, mismatch, error or shed. */
  shadowComparison(route: string, result: string): void {
    this.cutover.shadowComparisons.inc({ route, result });
  }

  /** A request new failed that legacy answered instead; reason: status_5xx, timeout, handler_error, upstream_error. */
  fallback(route: string, reason: string): void {
    this.cutover.fallbacks.inc({ route, reason });
  }

  /** One series per route set to 1 for its current migration phase. */
  phasesApplied(routes: ReadonlyArray<{ id: string; phase: string }>): void {
    this.cutover.phase.reset();
    for (const { id, phase } of routes) this.cutover.phase.set({ route: id, phase }, 1);
  }

  /** The ramp controller's state for a route (idle, running, waiting, paused, completed, rolled_back, aborted). */
  rampState(route: string, state: string, step: number): void {
    this.cutover.rampState.remove({ route });
    this.cutover.rampState.set({ route, state }, 1);
    this.cutover.rampStep.set({ route }, step);
  }

  rampRollback(route: string, gate: string): void {
    this.cutover.rampRollbacks.inc({ route, gate });
  }

  /** Publishes the live config: one weight per route, the config hash and store version (stale series removed). */
  configApplied(hash: string, weights: ReadonlyArray<{ id: string; weight: number }>, version?: string): void {
    this.configInfo.reset();
    this.configInfo.set(version === undefined ? { hash } : { version, hash }, 1);
    this.routeWeight.reset();
    for (const { id, weight } of weights) this.routeWeight.set({ route: id }, weight);
  }

  /** The shared store's LISTEN connection went up or down. */
  storeConnection(store: string, up: boolean): void {
    this.storeConnected.set({ store }, up ? 1 : 0);
  }

  /** Counts a request Node's HTTP parser refused that the proxy answered itself (clientErrors.ts). */
  clientError(code: ClientErrorCode): void {
    this.clientErrors.inc({ code });
  }
}

const KNOWN_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/** Arbitrary method tokens would make the label unbounded. */
function boundedMethod(method: string): string {
  return KNOWN_METHODS.has(method) ? method : 'OTHER';
}

function statusClass(status: number): string {
  return status >= 100 && status < 600 ? `${Math.floor(status / 100)}xx` : 'other';
}

/** Cutover automation: shadow diffing, fallbacks, migration phases and the ramp controller. */
function cutoverMetrics(registers: Registry[]) {
  return {
    shadowComparisons: new Counter({
      name: 'strangler_shadow_comparisons_total',
      help: 'Shadow comparisons of legacy with new, by route and result (match, mismatch, error, shed).',
      labelNames: ['route', 'result'],
      registers,
    }),
    fallbacks: new Counter({
      name: 'strangler_fallbacks_total',
      help: 'Requests new failed before answering and legacy answered instead, by route and reason.',
      labelNames: ['route', 'reason'],
      registers,
    }),
    phase: new Gauge({
      name: 'strangler_route_phase',
      help: "Always 1; the phase label is the route's migration phase.",
      labelNames: ['route', 'phase'],
      registers,
    }),
    rampState: new Gauge({
      name: 'strangler_ramp_state',
      help: "Always 1; the state label is the route's ramp controller state.",
      labelNames: ['route', 'state'],
      registers,
    }),
    rampStep: new Gauge({
      name: 'strangler_ramp_step_weight',
      help: 'Weight the ramp controller last set for the route.',
      labelNames: ['route'],
      registers,
    }),
    rampRollbacks: new Counter({
      name: 'strangler_ramp_rollbacks_total',
      help: 'Automatic rollbacks to weight 0, by route and the gate that failed.',
      labelNames: ['route', 'gate'],
      registers,
    }),
  };
}
