// Embedded Postgres (WASM) — the default store, persisted under a data directory or kept in memory.
import { PGlite } from '@electric-sql/pglite';
import type { Queryable, Store } from './store.ts';

/** `dataDir` undefined or 'memory://' → in-memory database (tests). */
export async function openPgliteStore(dataDir?: string): Promise<Store> {
  const db = new PGlite(dataDir ?? 'memory://');
  await db.waitReady;
  const query = async <Row>(target: Pick<PGlite, 'query'>, sql: string, params?: unknown[]) =>
    (await target.query<Row>(sql, params)).rows;
  return {
    kind: 'pglite',
    query: (sql, params) => query(db, sql, params),
    transaction: (work) =>
      db.transaction((tx) => {
        const scoped: Queryable = { query: (sql, params) => query(tx, sql, params) };
        return work(scoped);
      }),
    close: () => db.close(),
  };
}
