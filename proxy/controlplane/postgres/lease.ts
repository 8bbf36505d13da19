// A lease in Postgres that elects one replica among the candidates (`--ramp-controller`): a row per lease
// with a holder, a term that only grows, and an expiry in the database's own clock. A candidate takes an
// expired lease by bumping the term; the leader renews it every ttl/3 and steps down by itself, without
// waiting to hear from the database, once its own deadline (last renewal sent + ttl − a margin) passes,
// so a leader cut off from Postgres stops before anyone else can be elected. Every write the leader makes
// carries its term (WriteFence) and commits only while that term is live (checkFence, saveFenced).
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import type { Logger } from 'pino';
import { FencedWriteError, type WriteFence } from '../writeFence.ts';
import { loadPg } from './loadPg.ts';

/** Default lease TTL: a killed leader's ramps resume on another candidate within this. */
export const DEFAULT_LEASE_TTL_MS = 15_000;

export interface LeaseOptions {
  url: string;
  /** `ramp` */
  name: string;
  ttlMs?: number;
  logger: Logger;
  /** Defaults to host:pid:random, unique per process. */
  holder?: string;
  /** Awaited before campaigning (the store's migrations, which create the lease table). */
  ready?: () => Promise<void>;
}

export interface LeaseHolder {
  holder: string;
  term: number;
  /** Time left on the lease by the database clock; ≤ 0 when it has expired. */
  remainingMs: number;
}

export class PostgresLease {
  readonly holder: string;
  readonly ttlMs: number;
  private readonly pool: pg.Pool;
  private term: number | undefined;
  private timer: NodeJS.Timeout | undefined;
  private deadline: NodeJS.Timeout | undefined;
  private closed = false;
  private readonly listeners: Array<(leading: boolean) => void> = [];

  constructor(private readonly options: LeaseOptions) {
    this.ttlMs = options.ttlMs ?? DEFAULT_LEASE_TTL_MS;
    this.holder = options.holder ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
    // Its own connections: a busy edit pool never delays a renewal.
    this.pool = new (loadPg().Pool)({
      connectionString: options.url,
      max: 2,
      connectionTimeoutMillis: Math.max(500, Math.floor(this.ttlMs / 4)),
    });
    this.pool.on('error', () => undefined);
  }

  /** Starts campaigning (after `ready`, which runs the store's migrations). */
  start(): void {
    this.schedule(0);
  }

  leading(): boolean {
    return this.term !== undefined;
  }

  fence(): WriteFence | undefined {
    return this.term === undefined ? undefined : { lease: this.options.name, term: this.term, holder: this.holder };
  }

  onChange(listener: (leading: boolean) => void): void {
    this.listeners.push(listener);
  }

  /** Who holds the lease now, by the database. */
  async current(): Promise<LeaseHolder | undefined> {
    const { rows } = await this.pool.query<{ holder: string; term: string; remaining_ms: number }>(
      `select holder, term, (extract(epoch from (expires_at - now())) * 1000)::float8 as remaining_ms from strangler_leases where name = $1`,
      [this.options.name],
    );
    return rows[0]
      ? { holder: rows[0].holder, term: Number(rows[0].term), remainingMs: rows[0].remaining_ms }
      : undefined;
  }

  /** Reads the document kept with the lease (the ramp controller's state). */
  async readState(): Promise<string | undefined> {
    const { rows } = await this.pool.query<{ state: string | null }>(
      'select state from strangler_leases where name = $1',
      [this.options.name],
    );
    return rows[0]?.state ?? undefined;
  }

  /** Saves the document, in the same statement that checks the term is still this leader's and live. */
  async saveState(doc: string, fence: WriteFence): Promise<void> {
    const result = await this.pool.query(
      'update strangler_leases set state = $4 where name = $1 and holder = $2 and term = $3 and expires_at > now()',
      [fence.lease, fence.holder, fence.term, doc],
    );
    if (result.rowCount === 0) throw new FencedWriteError(fence, 'the state was not saved');
  }

  /** Stops campaigning; a leader hands the lease back at once, so another candidate need not wait out the TTL. */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    const fence = this.fence();
    if (fence) {
      this.demote('closing');
      await this.pool
        .query('update strangler_leases set expires_at = now() where name = $1 and holder = $2 and term = $3', [
          fence.lease,
          fence.holder,
          fence.term,
        ])
        .catch(() => undefined);
    }
    await this.pool.end();
  }

  private schedule(ms: number): void {
    if (this.closed) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.step(), ms);
    this.timer.unref?.();
  }

  private async step(): Promise<void> {
    const renewEvery = Math.max(50, Math.floor(this.ttlMs / 3));
    try {
      if (this.term === undefined) {
        await this.options.ready?.();
        const next = await this.tryAcquire();
        return this.schedule(this.term === undefined ? next : renewEvery);
      }
      await this.renew();
    } catch (err) {
      // The deadline timer demotes a leader that cannot renew; a candidate just tries again.
      this.options.logger.warn({ err, lease: this.options.name }, 'lease: the store did not answer; retrying');
    }
    this.schedule(renewEvery);
  }

  /** Takes the lease when it is free or expired; otherwise returns how long to wait before the next try. */
  private async tryAcquire(): Promise<number> {
    const sentAt = Date.now();
    const { rows } = await this.pool.query<{ term: string }>(
      `insert into strangler_leases (name, holder, term, expires_at) values ($1, $2, 1, now() + $3 * interval '1 millisecond')
       on conflict (name) do update set holder = excluded.holder, term = strangler_leases.term + 1, expires_at = excluded.expires_at
         where strangler_leases.expires_at <= now()
       returning term`,
      [this.options.name, this.holder, this.ttlMs],
    );
    if (rows[0]) {
      this.elected(Number(rows[0].term), sentAt);
      return 0;
    }
    // Wake just after the holder's lease runs out (by the database clock), so a dead leader is replaced
    // within its TTL; never sleep longer than ttl/3.
    const held = await this.current();
    const remaining = held ? held.remainingMs : 0;
    return Math.min(Math.max(Math.ceil(remaining) + 20, 20), Math.floor(this.ttlMs / 3));
  }

  private async renew(): Promise<void> {
    const fence = this.fence()!;
    const sentAt = Date.now();
    const result = await this.pool.query(
      `update strangler_leases set expires_at = now() + $4 * interval '1 millisecond' where name = $1 and holder = $2 and term = $3 and expires_at > now()`,
      [fence.lease, fence.holder, fence.term, this.ttlMs],
    );
    if (this.term !== fence.term) return; // demoted by the deadline meanwhile
    if (result.rowCount === 0) return this.demote('the lease expired or was taken over');
    this.armDeadline(sentAt);
  }

  private elected(term: number, sentAt: number): void {
    this.term = term;
    this.armDeadline(sentAt);
    this.options.logger.info(
      { lease: this.options.name, holder: this.holder, term, ttlMs: this.ttlMs },
      'lease acquired: this replica leads',
    );
    for (const listener of this.listeners) listener(true);
  }

  /** The lease lasts ttl from when the database ran the statement, which is after sentAt; a tenth is kept as margin. */
  private armDeadline(sentAt: number): void {
    clearTimeout(this.deadline);
    const left = sentAt + this.ttlMs - Math.ceil(this.ttlMs / 10) - Date.now();
    this.deadline = setTimeout(() => this.demote('the lease could not be renewed in time'), Math.max(0, left));
    this.deadline.unref?.();
  }

  private demote(reason: string): void {
    if (this.term === undefined) return;
    const term = this.term;
    this.term = undefined;
    clearTimeout(this.deadline);
    this.options.logger.warn(
      { lease: this.options.name, holder: this.holder, term, reason },
      'lease lost: this replica stops leading',
    );
    for (const listener of this.listeners) listener(false);
    // Campaign again (a lost lease may be free again later).
    this.schedule(Math.floor(this.ttlMs / 3));
  }
}

/** Inside a write transaction: locks the lease row and throws unless the fence's term is the live one. */
export async function checkFence(client: pg.ClientBase, fence: WriteFence): Promise<void> {
  const { rows } = await client.query<{ holder: string; term: string; live: boolean }>(
    'select holder, term, expires_at > now() as live from strangler_leases where name = $1 for share',
    [fence.lease],
  );
  const row = rows[0];
  if (!row) throw new FencedWriteError(fence, 'no lease exists');
  if (Number(row.term) !== fence.term || row.holder !== fence.holder)
    throw new FencedWriteError(fence, `term ${row.term} is held by ${row.holder}`);
  if (!row.live) throw new FencedWriteError(fence, `term ${fence.term} has expired`);
}
