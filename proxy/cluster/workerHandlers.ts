// With --workers and a Postgres services store (DATABASE_URL) every worker opens the store and runs the
// in-process handlers itself: a request is answered by the worker that took the connection, with no hop
// through the primary over loopback. PGlite is one process, and --demo's legacy reference service is one
// listener, so without DATABASE_URL (or with --demo) the handlers stay in the primary behind its handler host.
import { StartupError } from '../config/startupError.ts';
import { handlerRegistry } from '../forward/handlers.ts';
import type { Snapshot } from '../routing/routeTable.ts';
import type { HandlerSource } from './handlerSource.ts';

export function handlersRunInWorkers(demo: boolean): boolean {
  return !demo && Boolean(process.env.DATABASE_URL);
}

/**
 * The primary's side: it serves no traffic, so it needs only the handler names (admin edits are validated
 * against them). It migrates the store once before any worker starts, so a wrong DATABASE_URL fails
 * start-up here with one clear error instead of in every worker (the migration lock covers replicas too).
 */
export async function prepareWorkerHandlers(snapshot: Snapshot): Promise<HandlerSource> {
  if (!snapshot.routes.some((route) => route.newTarget.kind === 'handler')) {
    return { handlers: handlerRegistry({}), inProcess: false, close: async () => {} };
  }
  const { openStore } = await import('../../services/domain/store/openStore.ts');
  const { HANDLER_NAMES } = await import('../../services/handlerNames.ts');
  const databaseUrl = process.env.DATABASE_URL!;
  const store = await openStore({ databaseUrl }).catch((error: Error) => {
    throw new StartupError(
      `cannot open the services store DATABASE_URL names (${redacted(databaseUrl)}): ${error.message} — check DATABASE_URL`,
    );
  });
  await store.close();
  const names = new Set<string>(HANDLER_NAMES);
  return {
    handlers: { names, handler: () => undefined, upgradeHandler: () => undefined },
    inProcess: false,
    close: async () => {},
  };
}

function redacted(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'not a URL';
  }
}
