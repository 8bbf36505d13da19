// A real Postgres server through node-postgres, used when DATABASE_URL is set.
import pg from 'pg';
import { StoreUnavailableError } from '../errors.ts';
import type { Queryable, Store } from './store.ts';

/**
 * `onConnectionLost`: Postgres closed a connection the pool held idle (a restart, a failover, an
 * idle-session timeout, pg_terminate_backend). The pool drops it and connects anew on the next query; the
 * callback only reports it. Without a listener the pool's 'error' event would be an uncaught exception.
 */
export async function openPostgresStore(
  connectionString: string,
  onConnectionLost: (error: Error) => void = () => undefined,
): Promise<Store> {
  const pool = new pg.Pool({ connectionString, max: 10 });
  pool.on('error', onConnectionLost);
  await pool.query('select 1').catch(async (error: unknown) => {
    await pool.end();
    throw error; // fail fast with a clear connection error
  });
  return {
    kind: 'postgres',
    query: async (sql, params) => (await pool.query(sql, params).catch(rethrowOutage)).rows,
    transaction: async (work) => {
      const client = await pool.connect().catch(rethrowOutage);
      const scoped: Queryable = {
        query: async (sql, params) => (await client.query(sql, params).catch(rethrowOutage)).rows,
      };
      let broken: Error | undefined;
      try {
        await client.query('begin').catch(rethrowOutage);
        const result = await work(scoped);
        await client.query('commit').catch(rethrowOutage);
        return result;
      } catch (error) {
        // A failed rollback means the connection is gone: the first error is the one to report, and the
        // client goes back to the pool as broken so the pool closes it instead of handing it out again.
        await client.query('rollback').catch((rollbackError: Error) => (broken = rollbackError));
        throw error;
      } finally {
        client.release(broken);
      }
    },
    close: () => pool.end(),
  };
}

/**
 * SQLSTATE classes that mean the server is not serving this connection, not that the statement was wrong:
 * 08 connection exception, 57P operator intervention (shutdown, crash, not accepting connections yet),
 * 53300 too many connections.
 */
const OUTAGE_SQLSTATE = /^(08|57P|53300)/;

/**
 * node-postgres's own words for a connection that broke or never came (no SQLSTATE): "Connection
 * terminated unexpectedly", "… is not queryable", "timeout expired"; a socket error carries a syscall.
 */
const LOST_CONNECTION = /connection|not queryable|timeout/i;

/** A lost or refused connection becomes StoreUnavailableError (503); a statement's own error stays as it is. */
function rethrowOutage(error: unknown): never {
  const outage =
    error instanceof pg.DatabaseError
      ? OUTAGE_SQLSTATE.test(error.code ?? '')
      : error instanceof Error && ('syscall' in error || LOST_CONNECTION.test(error.message));
  if (!outage) throw error;
  // The client reads the message; where the connection went (host, port) stays in `cause`.
  throw new StoreUnavailableError('The database is unavailable; nothing was changed, retry shortly', { cause: error });
}
