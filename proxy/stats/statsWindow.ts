// A short in-memory sliding window of request outcomes per route and backend: the last 15 minutes in
// 10-second buckets, each with a request count, an error count (5xx) and a latency histogram. It lets
// the CLI, the dashboard and the ramp controller compare legacy with new without a Prometheus server.
import type { BackendKind } from '../config/types.ts';
import { addCounts, latencyBucketOf, newLatencyCounts, percentileMs } from './latencyHistogram.ts';

export const STATS_BUCKET_SECONDS = 10;
export const STATS_MAX_WINDOW_SECONDS = 900;
const BUCKET_MS = STATS_BUCKET_SECONDS * 1000;
const SLOT_COUNT = STATS_MAX_WINDOW_SECONDS / STATS_BUCKET_SECONDS;

interface Slot {
  start: number;
  requests: number;
  errors: number;
  latency: Uint32Array;
}

export interface StatsSummary {
  requests: number;
  errors: number;
  /** errors / requests, 0 when there were no requests. */
  errorRate: number;
  rps: number;
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
}

export interface StatsPoint {
  /** Bucket start, epoch ms. */
  t: number;
  requests: number;
  errors: number;
  p50Ms: number | null;
  p99Ms: number | null;
}

/** One bucket of one route and backend, as replicas exchange them through the shared store. */
export interface StatsBucket {
  route: string;
  backend: BackendKind;
  /** Bucket start, epoch ms. */
  start: number;
  requests: number;
  errors: number;
  /** Counts per latencyHistogram.ts bucket. */
  latency: Uint32Array;
}

/** What recordOutcome feeds: one finished request. */
export interface RequestStatsSink {
  record(routeId: string, backend: BackendKind, status: number, durationMs: number): void;
}

export class StatsWindow implements RequestStatsSink {
  private readonly rings = new Map<string, Slot[]>();
  /** Other replicas' buckets (the shared store's sum over them), by route+backend; added to every read. */
  private remote = new Map<string, Slot[]>();

  constructor(private readonly now: () => number = Date.now) {}

  /** A 5xx status (proxy-made or upstream) counts as an error. */
  record(routeId: string, backend: BackendKind, status: number, durationMs: number): void {
    const slot = this.currentSlot(routeId, backend);
    slot.requests++;
    if (status >= 500 && status <= 599) slot.errors++;
    slot.latency[latencyBucketOf(durationMs)]!++;
  }

  /** Totals for the buckets that start in [fromMs, toMs); rps is over the time those buckets cover so far. */
  summary(
    routeId: string,
    backend: BackendKind,
    fromMs: number,
    toMs: number = this.endOfCurrentBucket(),
  ): StatsSummary {
    const from = bucketStartOf(fromMs);
    const latency = newLatencyCounts();
    let requests = 0;
    let errors = 0;
    for (const slot of this.slotsIn(routeId, backend, from, toMs)) {
      requests += slot.requests;
      errors += slot.errors;
      addCounts(latency, slot.latency);
    }
    const coveredSeconds = Math.max(Math.min(toMs, this.now()) - from, 1) / 1000;
    return {
      requests,
      errors,
      errorRate: requests === 0 ? 0 : errors / requests,
      rps: Math.round((requests / coveredSeconds) * 1000) / 1000,
      p50Ms: percentileMs(latency, requests, 0.5),
      p95Ms: percentileMs(latency, requests, 0.95),
      p99Ms: percentileMs(latency, requests, 0.99),
    };
  }

  /** One point per bucket starting in [fromMs, toMs), oldest first, empty buckets included. */
  series(
    routeId: string,
    backend: BackendKind,
    fromMs: number,
    toMs: number = this.endOfCurrentBucket(),
  ): StatsPoint[] {
    const byStart = new Map(
      this.slotsIn(routeId, backend, bucketStartOf(fromMs), toMs).map((slot) => [slot.start, slot]),
    );
    const points: StatsPoint[] = [];
    for (let t = bucketStartOf(fromMs); t < toMs; t += BUCKET_MS) {
      const slot = byStart.get(t);
      points.push({
        t,
        requests: slot?.requests ?? 0,
        errors: slot?.errors ?? 0,
        p50Ms: slot ? percentileMs(slot.latency, slot.requests, 0.5) : null,
        p99Ms: slot ? percentileMs(slot.latency, slot.requests, 0.99) : null,
      });
    }
    return points;
  }

  currentTime(): number {
    return this.now();
  }

  /** This replica's own buckets starting at or after `fromMs` (what it writes to the shared store). */
  ownBuckets(fromMs: number): StatsBucket[] {
    const buckets: StatsBucket[] = [];
    for (const [key, ring] of this.rings) {
      const [route, backend] = key.split('\n') as [string, BackendKind];
      for (const slot of ring) {
        if (slot && slot.start >= fromMs)
          buckets.push({
            route,
            backend,
            start: slot.start,
            requests: slot.requests,
            errors: slot.errors,
            latency: slot.latency,
          });
      }
    }
    return buckets;
  }

  /** Replaces what the other replicas counted (read from the shared store); reads then report the sum. */
  setRemoteBuckets(buckets: readonly StatsBucket[]): void {
    const remote = new Map<string, Slot[]>();
    for (const bucket of buckets) {
      const key = `${bucket.route}\n${bucket.backend}`;
      const slots = remote.get(key) ?? [];
      slots.push({ start: bucket.start, requests: bucket.requests, errors: bucket.errors, latency: bucket.latency });
      remote.set(key, slots);
    }
    this.remote = remote;
  }

  /** The default end of a query: the current, still filling bucket is included. */
  private endOfCurrentBucket(): number {
    return bucketStartOf(this.now()) + BUCKET_MS;
  }

  private currentSlot(routeId: string, backend: BackendKind): Slot {
    const key = `${routeId}\n${backend}`;
    let ring = this.rings.get(key);
    if (!ring) {
      ring = [];
      this.rings.set(key, ring);
    }
    const start = bucketStartOf(this.now());
    const index = (start / BUCKET_MS) % SLOT_COUNT;
    let slot = ring[index];
    if (!slot || slot.start !== start) {
      // The ring wrapped: this slot held a bucket older than the window; reuse it.
      slot = {
        start,
        requests: 0,
        errors: 0,
        latency: slot ? (slot.latency.fill(0), slot.latency) : newLatencyCounts(),
      };
      ring[index] = slot;
    }
    return slot;
  }

  private slotsIn(routeId: string, backend: BackendKind, from: number, to: number): Slot[] {
    const key = `${routeId}\n${backend}`;
    const ring = this.rings.get(key) ?? [];
    const oldestKept = bucketStartOf(this.now()) - (SLOT_COUNT - 1) * BUCKET_MS;
    const inWindow = (slot: Slot | undefined): slot is Slot =>
      slot !== undefined && slot.start >= Math.max(from, oldestKept) && slot.start < to;
    const own = ring.filter(inWindow);
    const others = (this.remote.get(key) ?? []).filter(inWindow);
    if (others.length === 0) return own;
    // The sum over replicas, one slot per bucket start (copies: the ring's own slots stay this replica's).
    const merged = new Map<number, Slot>();
    for (const slot of [...own, ...others]) {
      const into = merged.get(slot.start);
      if (!into) {
        merged.set(slot.start, {
          start: slot.start,
          requests: slot.requests,
          errors: slot.errors,
          latency: Uint32Array.from(slot.latency),
        });
        continue;
      }
      into.requests += slot.requests;
      into.errors += slot.errors;
      addCounts(into.latency, slot.latency);
    }
    return [...merged.values()].sort((a, b) => a.start - b.start);
  }
}

export function bucketStartOf(epochMs: number): number {
  return Math.floor(epochMs / BUCKET_MS) * BUCKET_MS;
}
