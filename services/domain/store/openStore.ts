// Chooses the store: Postgres when a connection string is given, embedded PGlite otherwise; then migrates and seeds it.
import { migrate } from './migrations.ts';
import { openPgliteStore } from './pgliteStore.ts';
import { openPostgresStore } from './postgresStore.ts';
import { seedDefaults } from './seed.ts';
import type { Store } from './store.ts';

export interface OpenStoreOptions {
  /** postgres://… — wins over dataDir. */
  databaseUrl?: string;
  /** Directory for PGlite; undefined or 'memory://' keeps the database in memory. */
  dataDir?: string;
  /** Postgres closed an idle pooled connection; the store reconnects on its own, this only reports it. */
  onConnectionLost?: (error: Error) => void;
}

export async function openStore(options: OpenStoreOptions): Promise<Store> {
  const store = options.databaseUrl
    ? await openPostgresStore(options.databaseUrl, options.onConnectionLost)
    : await openPgliteStore(options.dataDir);
  try {
    await migrate(store);
    await seedDefaults(store);
  } catch (error) {
    await store.close();
    throw error;
  }
  return store;
}
