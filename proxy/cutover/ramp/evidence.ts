// What the ramp gates judge: per watched route, the requests, 5xx errors and latencies of each backend and
// the shadow results since the controller last took them. Intervals follow the controller's own ticks,
// so a test clock can drive it; a fallback counts as a failed request of new.
import type { BackendKind } from '../../config/types.ts';
import type { ShadowResult } from '../shadow/shadowBook.ts';

/** Latency samples kept per backend and interval; past this, reservoir sampling keeps the p99 honest. */
const MAX_LATENCY_SAMPLES = 20_000;

export interface BackendEvidence {
  requests: number;
  errors: number;
  latenciesMs: number[];
}

export interface IntervalEvidence {
  legacy: BackendEvidence;
  new: BackendEvidence;
  shadow: Record<ShadowResult, number>;
  fallbacks: number;
}

export class EvidenceCollector {
  private readonly watched = new Map<string, IntervalEvidence>();

  watch(routeId: string): void {
    if (!this.watched.has(routeId)) this.watched.set(routeId, emptyEvidence());
  }

  unwatch(routeId: string): void {
    this.watched.delete(routeId);
  }

  recordRequest(routeId: string, backend: BackendKind, status: number, durationMs: number): void {
    const evidence = this.watched.get(routeId);
    if (evidence) addSample(evidence[backend], status >= 500, durationMs);
  }

  /** New failed and legacy answered instead: an error of new for the gates. */
  recordFallback(routeId: string, durationMs: number): void {
    const evidence = this.watched.get(routeId);
    if (!evidence) return;
    evidence.fallbacks++;
    addSample(evidence.new, true, durationMs);
  }

  recordShadow(routeId: string, result: ShadowResult): void {
    const evidence = this.watched.get(routeId);
    if (evidence) evidence.shadow[result]++;
  }

  peek(routeId: string): IntervalEvidence {
    return this.watched.get(routeId) ?? emptyEvidence();
  }

  /** Returns the interval's evidence and starts a new interval. */
  take(routeId: string): IntervalEvidence {
    const evidence = this.peek(routeId);
    if (this.watched.has(routeId)) this.watched.set(routeId, emptyEvidence());
    return evidence;
  }
}

/** Nearest-rank percentile (q in 0..1) in ms; null without samples. */
export function percentile(latenciesMs: readonly number[], q: number): number | null {
  if (latenciesMs.length === 0) return null;
  const sorted = [...latenciesMs].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)]!;
}

function addSample(backend: BackendEvidence, isError: boolean, durationMs: number): void {
  backend.requests++;
  if (isError) backend.errors++;
  if (backend.latenciesMs.length < MAX_LATENCY_SAMPLES) backend.latenciesMs.push(durationMs);
  else {
    const slot = Math.floor(Math.random() * backend.requests);
    if (slot < MAX_LATENCY_SAMPLES) backend.latenciesMs[slot] = durationMs;
  }
}

function emptyEvidence(): IntervalEvidence {
  return {
    legacy: { requests: 0, errors: 0, latenciesMs: [] },
    new: { requests: 0, errors: 0, latenciesMs: [] },
    shadow: { match: 0, mismatch: 0, error: 0, shed: 0 },
    fallbacks: 0,
  };
}
