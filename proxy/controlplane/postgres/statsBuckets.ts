// Numbers from every replica: each replica writes its own 10 s stats buckets (requests, 5xx errors, the
// latency histogram per route and backend) to the shared store every second or so, and reads back every
// other replica's, which its stats window adds to its own. So the ramp gates, `strangler status` /
// `compare` / `report` and the dashboard (all reading the stats window) see the sum over replicas, and
// `minRequests` counts every replica's traffic. A replica that stops writing drops out with its buckets
// (kept 15 min, the stats window's span). The store being down only stops the exchange (fail static).
import type pg from 'pg';
import type { Logger } from 'pino';
import { loadPg } from './loadPg.ts';
import type { BackendKind } from '../../config/types.ts';
import {
  bucketStartOf,
  STATS_BUCKET_SECONDS,
  STATS_MAX_WINDOW_SECONDS,
  type StatsBucket,
  type StatsWindow,
} from '../../stats/statsWindow.ts';

export const DEFAULT_STATS_SYNC_MS = 1_000;

export interface StatsBucketSyncOptions {
  url: string;
  window: StatsWindow;
  /** This replica's name in the table (unique per process). */
  replica: string;
  logger: Logger;
  syncMs?: number;
  /** Awaited before the first exchange (the store's migrations). */
  ready?: () => Promise<void>;
}

export class StatsBucketSync {
  private readonly pool: pg.Pool;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private closed = false;
  private failing = false;

  constructor(private readonly options: StatsBucketSyncOptions) {
    this.pool = new (loadPg().Pool)({ connectionString: options.url, max: 1, connectionTimeoutMillis: 2_000 });
    this.pool.on('error', () => undefined);
  }

  start(): void {
    this.timer = setInterval(() => {
      this.running ??= this.sync().finally(() => (this.running = undefined));
    }, this.options.syncMs ?? DEFAULT_STATS_SYNC_MS);
    this.timer.unref?.();
  }

  /** One exchange: write this replica's recent buckets, read everyone else's. */
  async sync(): Promise<void> {
    const bucketMs = STATS_BUCKET_SECONDS * 1000;
    const now = this.options.window.currentTime();
    try {
      await this.options.ready?.();
      // The current bucket and the one before (it may have filled after the last write).
      const own = this.options.window.ownBuckets(bucketStartOf(now) - bucketMs);
      if (own.length > 0) await this.write(own);
      const oldest = bucketStartOf(now) - STATS_MAX_WINDOW_SECONDS * 1000;
      const { rows } = await this.pool.query<{
        route: string;
        backend: BackendKind;
        bucket_start: string;
        requests: number;
        errors: number;
        latency: number[];
      }>(
        'select route, backend, bucket_start, requests, errors, latency from strangler_stats_buckets where replica <> $1 and bucket_start >= $2',
        [this.options.replica, oldest],
      );
      this.options.window.setRemoteBuckets(
        rows.map((row) => ({
          route: row.route,
          backend: row.backend,
          start: Number(row.bucket_start),
          requests: row.requests,
          errors: row.errors,
          latency: Uint32Array.from(row.latency),
        })),
      );
      await this.pool.query('delete from strangler_stats_buckets where bucket_start < $1', [oldest]);
      if (this.failing) this.options.logger.info('stats buckets: exchanging with the store again');
      this.failing = false;
    } catch (err) {
      // Other replicas' last numbers stay until the store answers again.
      if (!this.failing)
        this.options.logger.warn(
          { err },
          'stats buckets: the store did not answer; the sum over replicas is stale until it does',
        );
      this.failing = true;
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.timer);
    await this.running;
    await this.sync().catch(() => undefined); // the last counts, so they are not lost for the others
    await this.pool.end();
  }

  private async write(buckets: StatsBucket[]): Promise<void> {
    const rows = buckets.map((b) => ({
      route: b.route,
      backend: b.backend,
      bucket_start: b.start,
      requests: b.requests,
      errors: b.errors,
      latency: Array.from(b.latency),
    }));
    await this.pool.query(
      `insert into strangler_stats_buckets (replica, route, backend, bucket_start, requests, errors, latency)
       select $1, x.route, x.backend, x.bucket_start, x.requests, x.errors, x.latency
         from jsonb_to_recordset($2::jsonb) as x(route text, backend text, bucket_start bigint, requests integer, errors integer, latency jsonb)
       on conflict (replica, route, backend, bucket_start)
         do update set requests = excluded.requests, errors = excluded.errors, latency = excluded.latency, updated_at = now()`,
      [this.options.replica, JSON.stringify(rows)],
    );
  }
}
