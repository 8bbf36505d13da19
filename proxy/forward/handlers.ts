// In-process new handlers: the contract between the proxy and services/, and how the proxy runs one.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';

/**
 * A new implementation of one or more endpoints, called with the raw Node request/response (an express 5
 * app fits: `app(req, res, done)`). It must answer the request itself; it calls `done(err)` only for an
 * error it did not handle (the proxy answers 500 HANDLER_FAILED) and `done()` when nothing matched
 * (the proxy answers 404 the way legacy would).
 */
export type NewHandler = (req: IncomingMessage, res: ServerResponse, done: (err?: unknown) => void) => void;

/** A WebSocket endpoint served in-process: takes over the upgraded socket. */
export type NewUpgradeHandler = (req: IncomingMessage, socket: Duplex, head: Buffer) => void;

export interface HandlerRegistry {
  handler(name: string): NewHandler | undefined;
  upgradeHandler?(name: string): NewUpgradeHandler | undefined;
  /** Every name routes.yaml may use in `new.handler`; known before any handler is started. */
  readonly names: ReadonlySet<string>;
}

/** A registry from plain maps: used by tests and by services/registry.ts. */
export function handlerRegistry(
  handlers: Record<string, NewHandler>,
  upgradeHandlers: Record<string, NewUpgradeHandler> = {},
): HandlerRegistry {
  return {
    handler: (name) => handlers[name],
    upgradeHandler: (name) => upgradeHandlers[name],
    names: new Set([...Object.keys(handlers), ...Object.keys(upgradeHandlers)]),
  };
}
