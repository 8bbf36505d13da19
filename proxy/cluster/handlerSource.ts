// Where in-process new handlers come from. --demo starts the reference stack (its legacy service listens
// on :5000 — LEGACY_PORT — with its store in ./data — STRANGLER_DEMO_DATA_DIR — and its
// new handlers run in this process); without it no handler runs in-process, so a route
// naming one is refused at start-up by validation (use `new: { url }` / `new: { upstream }` instead).
import type { Logger } from 'pino';
import { handlerRegistry, type HandlerRegistry } from '../forward/handlers.ts';

export interface HandlerSource {
  handlers: HandlerRegistry;
  close(): Promise<void>;
}

export async function openHandlerSource(demo: boolean, logger: Logger): Promise<HandlerSource> {
  if (!demo) return { handlers: handlerRegistry({}), close: async () => {} };
  const { startReferenceStack } = await import('../../services/stack.ts');
  const stack = await startReferenceStack({
    logger: logger.child({ component: 'reference-stack' }),
    // For running the demo next to something else (tests use memory://); the stack reads LEGACY_PORT itself.
    dataDir: process.env.STRANGLER_DEMO_DATA_DIR || undefined,
  });
  logger.info({ legacyUrl: stack.legacyUrl }, 'demo: reference stack started');
  return {
    handlers: stack.handlers,
    close: () => stack.close(), // closes its handlers too
  };
}
