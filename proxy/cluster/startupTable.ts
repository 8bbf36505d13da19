// The table a process starts routing on: routes.yaml (file store), or with --store the shared Postgres
// store (seeded from routes.yaml when empty; the local cache when the database is down).
import type { Logger } from 'pino';
import { startOnSharedStore, type SharedStore } from '../controlplane/postgres/sharedStoreStart.ts';
import { redact } from '../controlplane/storeUrl.ts';
import type { Snapshot } from '../routing/routeTable.ts';
import { loadStartupSnapshot } from './handlerSource.ts';
import type { StartupOptions } from './options.ts';

export interface StartupTable {
  snapshot: Snapshot;
  shared: SharedStore | undefined;
}

export async function loadStartupTable(options: StartupOptions, logger: Logger): Promise<StartupTable> {
  if (!options.storeUrl) return { snapshot: await loadStartupSnapshot(options.configFile), shared: undefined };
  const { HANDLER_NAMES } = await import('../../services/handlerNames.ts');
  const started = await startOnSharedStore({
    url: options.storeUrl,
    cacheFile: options.storeCacheFile,
    seedFile: options.configFile,
    context: { handlerNames: new Set(HANDLER_NAMES) },
    logger,
  });
  logger.info(
    {
      store: redact(options.storeUrl),
      version: started.shared.store.version,
      fromCache: started.fromCache,
      cacheFile: options.storeCacheFile,
    },
    'control-plane store: postgres',
  );
  return started;
}
