// The shared store for several replicas: the route table as versioned documents in Postgres. Every change
// is a new version inserted in one transaction with its append-only audit row (and a NOTIFY), under an
// advisory lock so edits through different replicas are serialized; the table's text is kept whole, so
// `strangler store export` gives back routes.yaml with its comments.
import { createHash } from 'node:crypto';
import pg from 'pg';
import type { AuditEntry, AuditListing } from '../auditLog.ts';
import { DEFAULT_AUDIT_LIMIT } from '../auditLog.ts';
import type { AuditTrail, ControlPlaneStore, StoredTable, TableWrite } from '../store.ts';
import { StoreUnavailableError } from '../storeUnavailable.ts';
import { migrate } from './migrations.ts';

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

export class PostgresStore implements ControlPlaneStore {
  readonly kind = 'postgres';
  readonly persistent = true;
  readonly audit: AuditTrail;

  private constructor(readonly pool: pg.Pool) {
    this.audit = { list: (filter) => this.listAudit(filter) };
  }

  /** Connects and runs the schema migrations. */
  static async open(url: string): Promise<PostgresStore> {
    const pool = new pg.Pool({ connectionString: url, max: 4, connectionTimeoutMillis: 2_000 });
    // An idle connection dropped by a restarting server must not crash the process.
    pool.on('error', () => undefined);
    const store = new PostgresStore(pool);
    try {
      const client = await pool.connect();
      try {
        await migrate(client);
      } finally {
        client.release();
      }
    } catch (error) {
      await pool.end();
      throw new StoreUnavailableError('connecting', error);
    }
    return store;
  }

  async latest(): Promise<StoredVersion | undefined> {
    const { rows } = await this.query<{ version: string; text: string }>('select version, text from strangler_route_tables order by version desc limit 1');
    return rows[0] ? { version: Number(rows[0].version), text: rows[0].text } : undefined;
  }

  /** Seeds an empty store with its first version; refuses a store that already has a table. */
  async init(text: string, audit: AuditEntry): Promise<number> {
    return this.transaction(async (client) => {
      const current = await latestIn(client);
      if (current) throw new Error(`the store already holds version ${current.version} — change it through the admin API, or export it first`);
      await insertVersion(client, 1, text, audit);
      return 1;
    });
  }

  edit<T>(work: (current: StoredTable, write: (change: TableWrite) => Promise<void>) => Promise<T>): Promise<T> {
    return this.transaction(async (client) => {
      const current = await latestIn(client);
      if (!current) throw new StoreEmptyError();
      return work({ text: current.text, source: `the Postgres store (version ${current.version})` }, async (change) => {
        await insertVersion(client, current.version + 1, change.text, change.audit);
        // Committed here, before the caller applies the table: a failed commit applies nothing.
        await client.query('commit');
        await client.query('begin');
      });
    });
  }

  close(): Promise<void> {
    return this.pool.end();
  }

  private async listAudit(filter: { route?: string; limit?: number } = {}): Promise<AuditListing> {
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
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      throw new StoreUnavailableError('connecting', error);
    }
    let broken = false;
    try {
      await client.query('begin');
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
}

async function latestIn(client: pg.ClientBase): Promise<StoredVersion | undefined> {
  const { rows } = await client.query<{ version: string; text: string }>('select version, text from strangler_route_tables order by version desc limit 1');
  return rows[0] ? { version: Number(rows[0].version), text: rows[0].text } : undefined;
}

async function insertVersion(client: pg.ClientBase, version: number, text: string, audit: AuditEntry): Promise<void> {
  const hash = createHash('sha256').update(text).digest('hex');
  await client.query('insert into strangler_route_tables (version, text, hash) values ($1, $2, $3)', [version, text, hash]);
  await client.query('insert into strangler_audit (table_version, entry) values ($1, $2)', [version, JSON.stringify(audit)]);
  await client.query('select pg_notify($1, $2)', [CHANGE_CHANNEL, String(version)]);
}

/** Errors that mean "the database is not there" rather than "this statement is wrong". */
export function isConnectionError(error: unknown): boolean {
  const code = (error as { code?: string }).code ?? '';
  const message = (error as Error).message ?? '';
  return /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|ENOTFOUND|57P0[123]|08\d\d\d)$/.test(code) || /Connection terminated|timeout exceeded|not queryable/i.test(message);
}
