// The shared store for several replicas: the route table as versioned documents in Postgres. Every change
// is a new version inserted in one transaction with its append-only audit row (and a NOTIFY), under an
// advisory lock so edits through different replicas are serialized; the table's text is kept whole, so
// `strangler store export` gives back routes.yaml with its comments.
import { createHash } from 'node:crypto';
import type pg from 'pg';
import type { AuditEntry, AuditListing } from '../auditLog.ts';
import { DEFAULT_AUDIT_LIMIT } from '../auditLog.ts';
import type { AuditTrail, ControlPlaneStore, StoredTable, TableWrite } from '../store.ts';
import { StoreUnavailableError } from '../storeUnavailable.ts';
import { checkFence } from './lease.ts';
import { migrate } from './migrations.ts';
import { loadPg } from './loadPg.ts';

export const CHANGE_CHANNEL = 'strangler_route_table';
const EDIT_LOCK = 7_140_002;

export interface StoredVersion {
  version: number;
  text: string;
}

export class StoreEmptyError extends Error {
  constructor() {
    super('the Postgres store holds no route table yet — seed it with: strangler store init --from routes.yaml');
    this.name = 'StoreEmptyError';
  }
}

export class StoreNotEmptyError extends Error {
  constructor(readonly version: number) {
    super(
      `the store already holds version ${version} — change it through the admin API, export it first (strangler store export), or replace it with --force`,
    );
    this.name = 'StoreNotEmptyError';
  }
}

export type VersionListener = (version: number, text: string) => void;

export class PostgresStore implements ControlPlaneStore {
  readonly kind = 'postgres';
  readonly persistent = true;
  readonly audit: AuditTrail;
  /** The newest version this process has read or written (0: none yet); `strangler_config_info{version}`. */
  version = 0;
  private readonly versionListeners = new Set<VersionListener>();
  private migrated: Promise<void> | undefined;

  private constructor(readonly pool: pg.Pool) {
    this.audit = { list: (filter) => this.listAudit(filter) };
  }

  /** A store that connects on first use (a replica may start while the database is down). */
  static create(url: string): PostgresStore {
    const pool = new (loadPg().Pool)({ connectionString: url, max: 4, connectionTimeoutMillis: 2_000 });
    // An idle connection dropped by a restarting server must not crash the process.
    pool.on('error', () => undefined);
    return new PostgresStore(pool);
  }

  /** Connects and runs the schema migrations. */
  static async open(url: string): Promise<PostgresStore> {
    const store = PostgresStore.create(url);
    try {
      await store.ready();
    } catch (error) {
      await store.close();
      throw error;
    }
    return store;
  }

  /** Runs the schema migrations once per process (again after a failed attempt). */
  ready(): Promise<void> {
    this.migrated ??= this.runMigrations().catch((error: unknown) => {
      this.migrated = undefined;
      throw error;
    });
    return this.migrated;
  }

  /** Called with each newer version this process reads or writes (cache file, metrics). */
  onVersion(listener: VersionListener): () => void {
    this.versionListeners.add(listener);
    return () => this.versionListeners.delete(listener);
  }

  /** Records that `version` (with this text) is the one applied here now. */
  noteVersion(version: number, text: string): void {
    if (version <= this.version) return;
    this.version = version;
    for (const listener of this.versionListeners) listener(version, text);
  }

  async latest(): Promise<StoredVersion | undefined> {
    await this.ready();
    const { rows } = await this.query<{ version: string; text: string }>(
      'select version, text from strangler_route_tables order by version desc limit 1',
    );
    return rows[0] ? { version: Number(rows[0].version), text: rows[0].text } : undefined;
  }

  /**
   * Seeds an empty store with its first version. A store that already has a table is refused, unless
   * `force`: then the text becomes a new version on top (history and audit trail kept).
   */
  async init(text: string, audit: AuditEntry, options: { force?: boolean } = {}): Promise<number> {
    return this.transaction(async (client) => {
      const current = await latestIn(client);
      if (current && !options.force) throw new StoreNotEmptyError(current.version);
      const version = (current?.version ?? 0) + 1;
      await insertVersion(client, version, text, audit);
      return version;
    });
  }

  edit<T>(work: (current: StoredTable, write: (change: TableWrite) => Promise<void>) => Promise<T>): Promise<T> {
    return this.transaction(async (client) => {
      const current = await latestIn(client);
      if (!current) throw new StoreEmptyError();
      this.noteVersion(current.version, current.text);
      return work({ text: current.text, source: `the Postgres store (version ${current.version})` }, async (change) => {
        // Checked inside the transaction, holding the lease row: a takeover waits for this commit or wins first.
        if (change.fence) await checkFence(client, change.fence);
        await insertVersion(client, current.version + 1, change.text, change.audit);
        // Committed here, before the caller applies the table: a failed commit applies nothing.
        await client.query('commit');
        this.noteVersion(current.version + 1, change.text);
        await client.query('begin');
      });
    });
  }

  /** The ramp controller's saved state (JSON text), undefined before the first save. */
  async readRampState(): Promise<string | undefined> {
    await this.ready();
    const { rows } = await this.query<{ doc: string }>('select doc from strangler_ramp_state where id = 1');
    return rows[0]?.doc;
  }

  async writeRampState(doc: string): Promise<void> {
    await this.ready();
    await this.query(
      'insert into strangler_ramp_state (id, doc) values (1, $1) on conflict (id) do update set doc = excluded.doc, updated_at = now()',
      [doc],
    );
  }

  close(): Promise<void> {
    return this.pool.end();
  }

  private async runMigrations(): Promise<void> {
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      throw new StoreUnavailableError('connecting', error);
    }
    try {
      await migrate(client);
    } catch (error) {
      throw isConnectionError(error) ? new StoreUnavailableError('migrating the schema', error) : error;
    } finally {
      client.release();
    }
  }

  private async listAudit(filter: { route?: string; limit?: number } = {}): Promise<AuditListing> {
    await this.ready();
    const { rows } = await this.query<{ entry: AuditEntry }>(
      `select entry from strangler_audit where ($1::text is null or entry->>'route' = $1) order by id desc limit $2`,
      [filter.route ?? null, filter.limit ?? DEFAULT_AUDIT_LIMIT],
    );
    return { entries: rows.map((row) => row.entry), unreadableLines: [] };
  }

  private async query<R extends pg.QueryResultRow>(sql: string, values: unknown[] = []): Promise<pg.QueryResult<R>> {
    try {
      return await this.pool.query<R>(sql, values);
    } catch (error) {
      throw isConnectionError(error) ? new StoreUnavailableError('reading', error) : error;
    }
  }

  private async transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    await this.ready();
    // A pooled connection the server closed (a Postgres restart) fails on `begin`, before anything ran:
    // that one attempt is retried on a fresh connection, so the first edit after a restart does not 503.
    let client = await this.beginOn();
    if (!client) client = await this.beginOn(true);
    if (!client) throw new StoreUnavailableError('writing', new Error('the connection was closed'));
    let broken = false;
    try {
      await client.query('select pg_advisory_xact_lock($1)', [EDIT_LOCK]);
      const result = await work(client);
      await client.query('commit');
      return result;
    } catch (error) {
      broken = isConnectionError(error);
      await client.query('rollback').catch(() => undefined);
      throw broken ? new StoreUnavailableError('writing', error) : error;
    } finally {
      client.release(broken);
    }
  }

  /** A connection with a transaction open; undefined when the pooled one was dead (`last`: throw instead). */
  private async beginOn(last = false): Promise<pg.PoolClient | undefined> {
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      throw new StoreUnavailableError('connecting', error);
    }
    try {
      await client.query('begin');
      return client;
    } catch (error) {
      client.release(true);
      if (last || !isConnectionError(error))
        throw isConnectionError(error) ? new StoreUnavailableError('writing', error) : error;
      return undefined;
    }
  }
}

async function latestIn(client: pg.ClientBase): Promise<StoredVersion | undefined> {
  const { rows } = await client.query<{ version: string; text: string }>(
    'select version, text from strangler_route_tables order by version desc limit 1',
  );
  return rows[0] ? { version: Number(rows[0].version), text: rows[0].text } : undefined;
}

async function insertVersion(client: pg.ClientBase, version: number, text: string, audit: AuditEntry): Promise<void> {
  const hash = createHash('sha256').update(text).digest('hex');
  await client.query('insert into strangler_route_tables (version, text, hash) values ($1, $2, $3)', [
    version,
    text,
    hash,
  ]);
  await client.query('insert into strangler_audit (table_version, entry) values ($1, $2)', [
    version,
    JSON.stringify(audit),
  ]);
  await client.query('select pg_notify($1, $2)', [CHANGE_CHANNEL, String(version)]);
}

/** Errors that mean "the database is not there" rather than "this statement is wrong". */
export function isConnectionError(error: unknown): boolean {
  const code = (error as { code?: string }).code ?? '';
  const message = (error as Error).message ?? '';
  return (
    /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|ENOTFOUND|57P0[123]|08\d\d\d)$/.test(code) ||
    /Connection terminated|timeout exceeded|not queryable/i.test(message)
  );
}
