// The discover table from every replica: like the stats buckets (statsBuckets.ts), each replica on the shared
// store writes its own discover entries (at most the table's template cap, so the rows stay bounded) keyed by
// replica every second or so, and reads back every other replica's, which its table adds to its own in
// GET /admin/discover. A replica that stops writing drops out once its rows are older than the stats
// window's span (15 min). The store being down only stops the exchange (fail static).
import type pg from 'pg';
import type { Logger } from 'pino';
import { loadPg } from './loadPg.ts';
import type { DiscoverEntry, DiscoverTable } from '../../discover/discoverTable.ts';
import { STATS_MAX_WINDOW_SECONDS } from '../../stats/statsWindow.ts';
import { DEFAULT_STATS_SYNC_MS } from './statsBuckets.ts';

export interface DiscoverSyncOptions {
  url: string;
  table: DiscoverTable;
  /** This replica's name in the table (unique per process; the same as its stats buckets'). */
  replica: string;
  logger: Logger;
  syncMs?: number;
  /** Awaited before the first exchange (the store's migrations). */
  ready?: () => Promise<void>;
}

interface Row {
  method: string;
  template: string;
  requests: number;
  errors: number;
  total_ms: number;
  latency: number[];
  first_seen: string;
  last_seen: string;
}

export class DiscoverSync {
  private readonly pool: pg.Pool;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private failing = false;

  constructor(private readonly options: DiscoverSyncOptions) {
    this.pool = new (loadPg().Pool)({ connectionString: options.url, max: 1, connectionTimeoutMillis: 2_000 });
    this.pool.on('error', () => undefined);
  }

  start(): void {
    this.timer = setInterval(() => {
      this.running ??= this.sync().finally(() => (this.running = undefined));
    }, this.options.syncMs ?? DEFAULT_STATS_SYNC_MS);
    this.timer.unref?.();
  }

  /** One exchange: write this replica's entries, read everyone else's that are fresh, drop the stale. */
  async sync(): Promise<void> {
    const horizon = `${STATS_MAX_WINDOW_SECONDS} seconds`;
    try {
      await this.options.ready?.();
      await this.write(this.options.table.ownEntries());
      const { rows } = await this.pool.query<Row>(
        `select method, template, requests, errors, total_ms, latency, first_seen, last_seen
           from strangler_discover where replica <> $1 and updated_at >= now() - $2::interval`,
        [this.options.replica, horizon],
      );
      this.options.table.setRemoteEntries(
        rows.map((row) => ({
          method: row.method,
          template: row.template,
          requests: row.requests,
          errors: row.errors,
          totalMs: row.total_ms,
          latency: Uint32Array.from(row.latency),
          firstSeen: Number(row.first_seen),
          lastSeen: Number(row.last_seen),
        })),
      );
      await this.pool.query('delete from strangler_discover where updated_at < now() - $1::interval', [horizon]);
      if (this.failing) this.options.logger.info('discover: exchanging with the store again');
      this.failing = false;
    } catch (err) {
      // Other replicas' last entries stay until the store answers again.
      if (!this.failing)
        this.options.logger.warn(
          { err },
          'discover: the store did not answer; the sum over replicas is stale until it does',
        );
      this.failing = true;
    }
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
    await this.sync().catch(() => undefined); // the last counts, so they are not lost for the others
    await this.pool.end();
  }

  /** This replica's rows become its table as it is now: upserted, and the ones it evicted since removed. */
  private async write(entries: DiscoverEntry[]): Promise<void> {
    const rows = entries.map((e) => ({
      method: e.method,
      template: e.template,
      requests: e.requests,
      errors: e.errors,
      total_ms: e.totalMs,
      latency: Array.from(e.latency),
      first_seen: e.firstSeen,
      last_seen: e.lastSeen,
    }));
    await this.pool.query(
      `insert into strangler_discover (replica, method, template, requests, errors, total_ms, latency, first_seen, last_seen)
       select $1, x.method, x.template, x.requests, x.errors, x.total_ms, x.latency, x.first_seen, x.last_seen
         from jsonb_to_recordset($2::jsonb) as x(method text, template text, requests integer, errors integer,
              total_ms double precision, latency jsonb, first_seen bigint, last_seen bigint)
       on conflict (replica, method, template)
         do update set requests = excluded.requests, errors = excluded.errors, total_ms = excluded.total_ms,
                       latency = excluded.latency, first_seen = excluded.first_seen,
                       last_seen = excluded.last_seen, updated_at = now()`,
      [this.options.replica, JSON.stringify(rows)],
    );
    await this.pool.query(
      `delete from strangler_discover where replica = $1
         and not ((method || ' ' || template) = any($2::text[]))`,
      [this.options.replica, entries.map((e) => `${e.method} ${e.template}`)],
    );
  }
}
