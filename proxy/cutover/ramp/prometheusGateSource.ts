// Ramp gates fed by Prometheus (`gates.source: prometheus`): every replica's strangler_* series summed, so
// the gates judge all the traffic, not the controller replica's share. Error rate from summed counters,
// p99 from histogram_quantile over summed buckets, both over the interval being judged. Prometheus down,
// an error, or no series at all ⇒ inconclusive: the controller holds (never advances, never rolls back).
import type { BackendKind } from '../../config/types.ts';
import type { ShadowResult } from '../shadow/shadowBook.ts';
import type { BackendSummary, GateSource, GateWindow, Gathered } from './gateEvidence.ts';

/** A query slower than this is no data. */
const QUERY_TIMEOUT_MS = 5_000;

interface PromVectorSample {
  metric: Record<string, string>;
  value: [number, string];
}

/** The PromQL the gates run for one route over a window of `seconds` (also shown in docs/CUTOVER.md). */
export function gateQueries(routeId: string, seconds: number) {
  const route = `route=${JSON.stringify(routeId)}`;
  const range = `[${seconds}s]`;
  return {
    requests: `sum by (backend) (increase(strangler_requests_total{${route}}${range}))`,
    errors: `sum by (backend) (increase(strangler_requests_total{${route},status_class="5xx"}${range}))`,
    p99: `histogram_quantile(0.99, sum by (backend, le) (increase(strangler_request_duration_seconds_bucket{${route}}${range})))`,
    shadow: `sum by (result) (increase(strangler_shadow_comparisons_total{${route}}${range}))`,
  };
}

export class PrometheusGateSource implements GateSource {
  private readonly base: string;

  constructor(url: string) {
    this.base = url.replace(/\/+$/, '');
  }

  async gather({ routeId, fromMs, toMs }: GateWindow): Promise<Gathered> {
    // Whole seconds, at least one: Prometheus needs two scrapes inside the range to see an increase.
    const seconds = Math.max(1, Math.round((toMs - fromMs) / 1000));
    const queries = gateQueries(routeId, seconds);
    let results: Record<keyof typeof queries, PromVectorSample[]>;
    try {
      const [requests, errors, p99, shadow] = await Promise.all(
        [queries.requests, queries.errors, queries.p99, queries.shadow].map((q) => this.query(q)),
      );
      results = { requests: requests!, errors: errors!, p99: p99!, shadow: shadow! };
    } catch (error) {
      return { ok: false, inconclusive: `Prometheus at ${this.base} gave no answer (${(error as Error).message})` };
    }
    if (results.requests.length === 0) {
      return {
        ok: false,
        inconclusive: `Prometheus at ${this.base} has no strangler_requests_total for route "${routeId}" in the last ${seconds}s (is it scraping every replica's /metrics?)`,
      };
    }
    const byBackend = (samples: PromVectorSample[], backend: BackendKind) =>
      samples.find((s) => s.metric.backend === backend);
    const summary = (backend: BackendKind): BackendSummary | string => {
      const requests = Math.round(numberOf(byBackend(results.requests, backend)) ?? 0);
      const errors = Math.round(numberOf(byBackend(results.errors, backend)) ?? 0);
      const p99Seconds = numberOf(byBackend(results.p99, backend));
      if (requests > 0 && p99Seconds === undefined)
        return `Prometheus has ${requests} requests of ${backend} but no latency histogram for route "${routeId}" in the last ${seconds}s`;
      return {
        requests,
        errors: Math.min(errors, requests),
        p99Ms: p99Seconds === undefined ? null : p99Seconds * 1000,
      };
    };
    const legacy = summary('legacy');
    const candidate = summary('new');
    if (typeof legacy === 'string') return { ok: false, inconclusive: legacy };
    if (typeof candidate === 'string') return { ok: false, inconclusive: candidate };
    const shadow: Record<ShadowResult, number> = { match: 0, mismatch: 0, error: 0, shed: 0 };
    for (const sample of results.shadow) {
      const result = sample.metric.result as ShadowResult;
      if (result in shadow) shadow[result] = Math.round(numberOf(sample) ?? 0);
    }
    return { ok: true, summary: { legacy, new: candidate, shadow } };
  }

  private async query(expr: string): Promise<PromVectorSample[]> {
    const res = await fetch(`${this.base}/api/v1/query?query=${encodeURIComponent(expr)}`, {
      signal: AbortSignal.timeout(QUERY_TIMEOUT_MS),
    });
    const text = await res.text();
    let body: { status?: string; error?: string; data?: { resultType?: string; result?: PromVectorSample[] } };
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      throw new Error(`HTTP ${res.status}, not the Prometheus API: ${text.slice(0, 120)}`);
    }
    if (body.status !== 'success') throw new Error(`HTTP ${res.status}: ${body.error ?? 'query failed'}`);
    if (body.data?.resultType !== 'vector') throw new Error(`expected a vector, got ${body.data?.resultType}`);
    return body.data.result ?? [];
  }
}

/** A sample's value; NaN and ±Inf (histogram_quantile over empty buckets) are no value. */
function numberOf(sample: PromVectorSample | undefined): number | undefined {
  if (!sample) return undefined;
  const value = Number(sample.value[1]);
  return Number.isFinite(value) ? value : undefined;
}
