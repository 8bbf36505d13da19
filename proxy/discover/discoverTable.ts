// The traffic no route matched, per method and inferred path template (pathTemplate.ts): counts, 5xx,
// latency, time spent in legacy, first and last seen. Bounded: at most `maxTemplates` entries; a new one
// beyond that evicts the least recently seen, so what clients send cannot grow it. Per replica (in memory);
// on the shared store other replicas' entries (controlplane/postgres/discoverSync.ts) are added in document().
import { latencyBucketOf, newLatencyCounts, percentileMs } from '../stats/latencyHistogram.ts';
import { templateOf } from './pathTemplate.ts';

export const DEFAULT_MAX_TEMPLATES = 500;

/** What recordOutcome feeds for a request that matched no route. */
export interface UnmatchedSink {
  record(method: string, path: string, status: number, durationMs: number): void;
}

/** One entry as exchanged between replicas (discoverSync.ts): the raw sums, so they add up. */
export interface DiscoverEntry {
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
  /** replica: this process's table; replicas: summed over every replica on the shared store. */
  scope: 'replica' | 'replicas';
  maxTemplates: number;
  /** Entries this replica dropped so far to stay within maxTemplates. */
  evicted: number;
  endpoints: DiscoveredEndpoint[];
}

/** The longest method name kept; longer (never valid anyway) ones are cut so a key's size is bounded. */
const MAX_METHOD_LENGTH = 16;

export class DiscoverTable implements UnmatchedSink {
  /** Map order is recency order: a hit moves its entry to the end, eviction takes the first. */
  private readonly entries = new Map<string, DiscoverEntry>();
  /** Other replicas' entries (the shared store), replaced whole at each exchange. */
  private remote: readonly DiscoverEntry[] = [];
  /** True once a store exchange feeds this table: the document is the sum over replicas. */
  private summed = false;
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

  /** This replica's own entries (copies), for the store exchange. */
  ownEntries(): DiscoverEntry[] {
    return [...this.entries.values()].map((e) => ({ ...e, latency: Uint32Array.from(e.latency) }));
  }

  /** Other replicas' entries from the shared store; document() adds them to this replica's own. */
  setRemoteEntries(entries: readonly DiscoverEntry[]): void {
    this.remote = entries;
    this.summed = true;
  }

  document(): DiscoverDocument {
    const now = this.now();
    const endpoints = this.merged().map((entry): DiscoveredEndpoint => {
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
    return {
      scope: this.summed ? 'replicas' : 'replica',
      maxTemplates: this.maxTemplates,
      evicted: this.evictedCount,
      endpoints,
    };
  }

  /**
   * Own and remote entries summed per method and template: counts and histograms add, first seen is the
   * earliest, last seen the latest. Still at most maxTemplates: the most recently seen are kept.
   */
  private merged(): DiscoverEntry[] {
    if (this.remote.length === 0) return [...this.entries.values()];
    const byKey = new Map<string, DiscoverEntry>();
    for (const entry of [...this.entries.values(), ...this.remote]) {
      const key = `${entry.method} ${entry.template}`;
      const sum = byKey.get(key);
      if (!sum) {
        byKey.set(key, { ...entry, latency: Uint32Array.from(entry.latency) });
        continue;
      }
      sum.requests += entry.requests;
      sum.errors += entry.errors;
      sum.totalMs += entry.totalMs;
      for (let i = 0; i < sum.latency.length && i < entry.latency.length; i++) sum.latency[i]! += entry.latency[i]!;
      sum.firstSeen = Math.min(sum.firstSeen, entry.firstSeen);
      sum.lastSeen = Math.max(sum.lastSeen, entry.lastSeen);
    }
    const all = [...byKey.values()];
    if (all.length <= this.maxTemplates) return all;
    return all.sort((a, b) => b.lastSeen - a.lastSeen).slice(0, this.maxTemplates);
  }

  private evictOldest(): void {
    const oldest = this.entries.keys().next();
    if (oldest.done) return;
    this.entries.delete(oldest.value);
    this.evictedCount++;
  }
}
