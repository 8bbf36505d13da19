// A real Postgres server through node-postgres, used when DATABASE_URL is set.
import pg from 'pg';
import type { Queryable, Store } from './store.ts';

export async function openPostgresStore(connectionString: string): Promise<Store> {
  const pool = new pg.Pool({ connectionString, max: 10 });
  await pool.query('select 1'); // fail fast with a clear connection error
  return {
    kind: 'postgres',
    query: async (sql, params) => (await pool.query(sql, params)).rows,
    transaction: async (work) => {
      const client = await pool.connect();
      const scoped: Queryable = { query: async (sql, params) => (await client.query(sql, params)).rows };
      try {
        await client.query('begin');
        const result = await work(scoped);
        await client.query('commit');
        return result;
      } catch (error) {
        await client.query('rollback');
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}
