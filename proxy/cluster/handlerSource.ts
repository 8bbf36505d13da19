// Where in-process new handlers come from. --demo starts the reference stack (its legacy service listens
// on :5000 — LEGACY_PORT — with its store in ./data — STRANGLER_DEMO_DATA_DIR — and its new handlers run
// in this process). Without it, and only when routes.yaml names an in-process handler, the new services
// run alone on the store DATABASE_URL names (PGlite under STRANGLER_DATA_DIR, default ./data, when unset);
// legacy is whatever backends.legacy.url points at.
import type { Logger } from 'pino';
import { loadSnapshot } from '../config/load.ts';
import { handlerRegistry, type HandlerRegistry } from '../forward/handlers.ts';
import type { Snapshot } from '../routing/routeTable.ts';

export interface HandlerSource {
  handlers: HandlerRegistry;
  /** True when handlers run in this process (workers then reach them through the handler host). */
  inProcess: boolean;
  close(): Promise<void>;
}

/** Validates routes.yaml against the static handler names, so no store is opened for a bad file. */
export async function loadStartupSnapshot(configFile: string): Promise<Snapshot> {
  const { HANDLER_NAMES } = await import('../../services/handlerNames.ts');
  return loadSnapshot(configFile, { handlerNames: new Set(HANDLER_NAMES) });
}

export async function openHandlerSource(demo: boolean, snapshot: Snapshot, logger: Logger): Promise<HandlerSource> {
  if (!demo) {
    if (!snapshot.routes.some((route) => route.newTarget.kind === 'handler')) {
      return { handlers: handlerRegistry({}), inProcess: false, close: async () => {} };
    }
    const { startNewServices } = await import('../../services/stack.ts');
    const services = await startNewServices({
      logger: logger.child({ component: 'new-services' }),
      dataDir: process.env.STRANGLER_DATA_DIR || undefined,
    });
    return { handlers: services.handlers, inProcess: true, close: () => services.close() };
  }
  const { startReferenceStack } = await import('../../services/stack.ts');
  const stack = await startReferenceStack({
    logger: logger.child({ component: 'reference-stack' }),
    // For running the demo next to something else (tests use memory://); the stack reads LEGACY_PORT itself.
    dataDir: process.env.STRANGLER_DEMO_DATA_DIR || undefined,
  });
  logger.info({ legacyUrl: stack.legacyUrl }, 'demo: reference stack started');
  return {
    handlers: stack.handlers,
    inProcess: true,
    close: () => stack.close(), // closes its handlers too
  };
}
