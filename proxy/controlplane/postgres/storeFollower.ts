// Keeps one replica's live table on the newest version in the Postgres store. A dedicated connection
// LISTENs for the change NOTIFY; because a NOTIFY sent while that connection was down is lost, the version
// is also re-read after every (re)connect and every `pollMs`. The database being down never touches
// routing: the last applied table stays live, and the connection is retried with backoff.
import type pg from 'pg';
import type { Logger } from 'pino';
import { redact } from '../storeUrl.ts';
import { CHANGE_CHANNEL, type PostgresStore, type StoredVersion } from './postgresStore.ts';
import { loadPg } from './loadPg.ts';

/** How often the version is re-read even without a NOTIFY. */
export const DEFAULT_STORE_POLL_MS = 2_000;
const RETRY_MIN_MS = 250;
const RETRY_MAX_MS = 2_000;

export interface StoreFollowerOptions {
  url: string;
  store: PostgresStore;
  /** Applies a version newer than `store.version` (under the config change lock; see controlPlane.ts). */
  apply: (latest: StoredVersion, trigger: string) => Promise<void>;
  logger: Logger;
  pollMs?: number;
  /** Told when the LISTEN connection comes up or goes down (strangler_store_connected). */
  onConnection?: (up: boolean) => void;
}

export class StoreFollower {
  private closed = false;
  private client: pg.Client | undefined;
  private checking: Promise<void> | undefined;
  private again: string | undefined;
  private downSince: number | undefined;
  private readonly poll: NodeJS.Timeout;
  private readonly loop: Promise<void>;
  private wake: (() => void) | undefined;

  constructor(private readonly options: StoreFollowerOptions) {
    this.poll = setInterval(() => void this.check('poll'), options.pollMs ?? DEFAULT_STORE_POLL_MS);
    this.poll.unref();
    this.loop = this.listenLoop();
  }

  /** True while the LISTEN connection is up. */
  get connected(): boolean {
    return this.client !== undefined;
  }

  /** Re-reads the newest version and applies it if it is newer; concurrent calls share one read. */
  check(trigger: string): Promise<void> {
    if (this.closed) return Promise.resolve();
    if (this.checking) {
      this.again = trigger;
      return this.checking;
    }
    this.checking = this.checkNow(trigger).finally(() => {
      this.checking = undefined;
      const next = this.again;
      this.again = undefined;
      if (next !== undefined) void this.check(next);
    });
    return this.checking;
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.poll);
    this.wake?.();
    await this.client?.end().catch(() => undefined);
    await this.loop;
    await this.checking;
  }

  private async checkNow(trigger: string): Promise<void> {
    let latest: StoredVersion | undefined;
    try {
      latest = await this.options.store.latest();
    } catch (error) {
      // The LISTEN loop reports the outage once; a failed poll while it lasts is expected.
      this.options.logger.debug({ err: error, trigger }, 'could not read the store version');
      return;
    }
    if (latest && latest.version > this.options.store.version) await this.options.apply(latest, trigger);
  }

  private async listenLoop(): Promise<void> {
    let delay = RETRY_MIN_MS;
    while (!this.closed) {
      const client = new (loadPg().Client)({
        connectionString: this.options.url,
        connectionTimeoutMillis: 2_000,
        keepAlive: true,
      });
      const lost = new Promise<unknown>((resolve) => {
        client.on('error', resolve);
        client.on('end', () => resolve(new Error('connection ended')));
        this.wake = () => resolve(undefined);
      });
      try {
        await client.connect();
        client.on('notification', () => void this.check('notify'));
        await client.query(`listen ${CHANGE_CHANNEL}`);
        this.client = client;
        this.options.onConnection?.(true);
        delay = RETRY_MIN_MS;
        if (this.downSince !== undefined) {
          this.options.logger.info(
            { downMs: Date.now() - this.downSince },
            'control-plane store reachable again; catching up',
          );
          this.downSince = undefined;
        }
        await this.check('reconnect');
        const why = await lost;
        if (!this.closed) this.noteDown(why);
      } catch (error) {
        this.noteDown(error);
      }
      this.client = undefined;
      await client.end().catch(() => undefined);
      if (this.closed) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, delay);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      delay = Math.min(delay * 2, RETRY_MAX_MS);
    }
  }

  private noteDown(error: unknown): void {
    this.options.onConnection?.(false);
    if (this.downSince !== undefined) return;
    this.downSince = Date.now();
    this.options.logger.warn(
      { err: error, store: redact(this.options.url), version: this.options.store.version },
      'control-plane store unreachable: routing goes on with the last applied table; admin changes answer 503 until it is back',
    );
  }
}
