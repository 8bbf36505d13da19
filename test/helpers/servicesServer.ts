// Test helpers for services/: the reference stack on an in-memory store, with the new handlers served on
// their own port through a minimal router (SERVICE_ROUTES) standing in for the proxy.
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll } from 'vitest';
import type { AddressInfo } from 'node:net';
import type { HttpMethod } from '../../proxy/config/types.ts';
import type { HandlerRegistry } from '../../proxy/forward/handlers.ts';
import { pathOf } from '../../proxy/http/requestTarget.ts';
import { compileMatcher } from '../../proxy/routing/matchRoute.ts';
import { SERVICE_ROUTES } from '../../services/routes.ts';
import { startReferenceStack, type ReferenceStack, type ReferenceStackOptions } from '../../services/stack.ts';

/** PGlite's WASM start takes seconds, many more on a loaded machine. */
export const STACK_START_TIMEOUT_MS = 90_000;

export interface ServicesUnderTest {
  stack: ReferenceStack;
  legacyUrl: string;
  newUrl: string;
  close(): Promise<void>;
}

/** Legacy and new on one in-memory store; prices still (no ticks) and fast market data unless overridden. */
export async function startServices(options: ReferenceStackOptions = {}): Promise<ServicesUnderTest> {
  const stack = await startReferenceStack({
    dataDir: 'memory://',
    legacyPort: 0,
    marketLatencyMs: 5,
    priceTickMs: 0,
    fmp: { apiKey: '' },
    ...options,
  });
  const server = await serveHandlers(stack.handlers);
  const { port } = server.address() as AddressInfo;
  return {
    stack,
    legacyUrl: stack.legacyUrl,
    newUrl: `http://127.0.0.1:${port}`,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await stack.close();
    },
  };
}

/**
 * For one test file (or describe block): startServices(options) before its tests, closed after. The returned object
 * is filled in by then; read it inside a test.
 */
export function servicesForFile(options: ReferenceStackOptions = {}): ServicesUnderTest {
  const services = {} as ServicesUnderTest;
  beforeAll(async () => {
    Object.assign(services, await startServices(options));
  }, STACK_START_TIMEOUT_MS);
  afterAll(async () => {
    await services.close?.();
  });
  return services;
}

/** An HTTP server dispatching to the registry's handlers by SERVICE_ROUTES, answering 404/500 like the proxy would. */
export async function serveHandlers(registry: HandlerRegistry): Promise<Server> {
  // The proxy's own path-template matcher, so these tests route exactly as routes.yaml would.
  const matchers = SERVICE_ROUTES.map((route) => ({
    route,
    matcher: compileMatcher({ methods: route.methods as HttpMethod[], path: route.path }),
  }));
  const find = (method: string, url: string) => {
    const path = pathOf(url);
    return matchers.find((m) => m.matcher.methods?.has(method) && m.matcher.test(path))?.route.handler;
  };
  const server = createServer((req, res) => {
    const name = find(req.method ?? 'GET', req.url ?? '/');
    const handler = name ? registry.handler(name) : undefined;
    const fallback = (err?: unknown) => {
      res.writeHead(err ? 500 : 404, { 'Content-Type': 'application/json' });
      res.end(
        JSON.stringify(
          err
            ? { error: 'HANDLER_FAILED', message: String(err) }
            : { error: 'not_found', message: `No route for ${req.method} ${req.url}` },
        ),
      );
    };
    if (handler) handler(req, res, fallback);
    else fallback();
  });
  server.on('upgrade', (req, socket, head) => {
    const name = find('GET', req.url ?? '/');
    const upgrade = name ? registry.upgradeHandler?.(name) : undefined;
    if (upgrade) upgrade(req, socket, head);
    else socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return server;
}
