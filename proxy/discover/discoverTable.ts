// The traffic no route matched, per method and inferred path template (pathTemplate.ts): counts, 5xx,
// latency, time spent in legacy, first and last seen. Bounded: at most `maxTemplates` entries; a new one
// beyond that evicts the least recently seen, so what clients send cannot grow it. Per replica (in memory).
import { latencyBucketOf, newLatencyCounts, percentileMs } from '../stats/latencyHistogram.ts';
import { templateOf } from './pathTemplate.ts';

export const DEFAULT_MAX_TEMPLATES = 500;

/** What recordOutcome feeds for a request that matched no route. */
export interface UnmatchedSink {
  record(method: string, path: string, status: number, durationMs: number): void;
}

interface Entry {
  method: string;
  template: string;
  requests: number;
  errors: number;
  totalMs: number;
  latency: Uint32Array;
  firstSeen: number;
  lastSeen: number;
}

export interface DiscoveredEndpoint {
  method: string;
  template: string;
  requests: number;
  /** Average since first seen. */
  rps: number;
  /** 5xx / requests. */
  errorRate: number;
  p50Ms: number | null;
  p99Ms: number | null;
  /** Sum of the requests' durations: the time this endpoint has spent in legacy. */
  legacyMs: number;
  firstSeen: string;
  lastSeen: string;
}

export interface DiscoverDocument {
  /** Per replica: the table of this process (replicas are not summed yet). */
  scope: 'replica';
  maxTemplates: number;
  /** Entries dropped so far to stay within maxTemplates. */
  evicted: number;
  endpoints: DiscoveredEndpoint[];
}

/** The longest method name kept; longer (never valid anyway) ones are cut so a key's size is bounded. */
const MAX_METHOD_LENGTH = 16;

export class DiscoverTable implements UnmatchedSink {
  /** Map order is recency order: a hit moves its entry to the end, eviction takes the first. */
  private readonly entries = new Map<string, Entry>();
  private evictedCount = 0;
  private readonly maxTemplates: number;
  private readonly now: () => number;

  constructor(options: { maxTemplates?: number; now?: () => number } = {}) {
    this.maxTemplates = options.maxTemplates ?? DEFAULT_MAX_TEMPLATES;
    this.now = options.now ?? Date.now;
  }

  get size(): number {
    return this.entries.size;
  }

  get evicted(): number {
    return this.evictedCount;
  }

  record(method: string, path: string, status: number, durationMs: number): void {
    const verb = method.slice(0, MAX_METHOD_LENGTH);
    const template = templateOf(path);
    const key = `${verb} ${template}`;
    const now = this.now();
    let entry = this.entries.get(key);
    if (entry) {
      this.entries.delete(key);
    } else {
      entry = {
        method: verb,
        template,
        requests: 0,
        errors: 0,
        totalMs: 0,
        latency: newLatencyCounts(),
        firstSeen: now,
        lastSeen: now,
      };
      if (this.entries.size >= this.maxTemplates) this.evictOldest();
    }
    this.entries.set(key, entry);
    entry.requests++;
    if (status >= 500 && status <= 599) entry.errors++;
    entry.totalMs += durationMs;
    entry.latency[latencyBucketOf(durationMs)]!++;
    entry.lastSeen = now;
  }

  document(): DiscoverDocument {
    const now = this.now();
    const endpoints = [...this.entries.values()].map((entry): DiscoveredEndpoint => {
      const seconds = Math.max(now - entry.firstSeen, 1000) / 1000;
      return {
        method: entry.method,
        template: entry.template,
        requests: entry.requests,
        rps: Math.round((entry.requests / seconds) * 1000) / 1000,
        errorRate: entry.errors / entry.requests,
        p50Ms: percentileMs(entry.latency, entry.requests, 0.5),
        p99Ms: percentileMs(entry.latency, entry.requests, 0.99),
        legacyMs: Math.round(entry.totalMs),
        firstSeen: new Date(entry.firstSeen).toISOString(),
        lastSeen: new Date(entry.lastSeen).toISOString(),
      };
    });
    return { scope: 'replica', maxTemplates: this.maxTemplates, evicted: this.evictedCount, endpoints };
  }

  private evictOldest(): void {
    const oldest = this.entries.keys().next();
    if (oldest.done) return;
    this.entries.delete(oldest.value);
    this.evictedCount++;
  }
}
