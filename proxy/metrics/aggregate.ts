// The second (and last) file that imports prom-client, for --workers N: the primary's /metrics merges its
// own registry with every worker's, using prom-client's aggregation (counters and histograms summed,
// gauges by their `aggregator`). It stays separate from recorder.ts because only the cluster primary
// needs it and it knows nothing about what is measured.
import { AggregatorRegistry, Registry, type MetricObjectWithValues, type MetricValue } from 'prom-client';

export type MetricsSnapshot = MetricObjectWithValues<MetricValue<string>>[];

/** A registry whose exposition also holds the workers' metrics, fetched on each scrape. */
export class ClusterMetricsRegistry extends Registry {
  constructor(private readonly collectWorkers: () => Promise<MetricsSnapshot[]>) {
    super();
  }

  override async metrics(): Promise<string> {
    const [own, workers] = await Promise.all([this.getMetricsAsJSON(), this.collectWorkers()]);
    return AggregatorRegistry.aggregate([own, ...workers] as Parameters<
      typeof AggregatorRegistry.aggregate
    >[0]).metrics();
  }
}

/** What a worker sends for one scrape. */
export function metricsSnapshotOf(registry: Registry): Promise<MetricsSnapshot> {
  return registry.getMetricsAsJSON() as Promise<MetricsSnapshot>;
}
