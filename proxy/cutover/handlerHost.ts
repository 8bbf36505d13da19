// Serves in-process new handlers on a private loopback port, so a shadow copy reaches a handler as a real
// HTTP request (with its own req/res) exactly as the client's request would. A per-process secret header
// keeps other local processes from using the port.
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { HandlerRegistry } from '../forward/handlers.ts';
import { runNewHandler } from '../forward/runHandler.ts';
import { ProxyError, sendProxyError } from '../proxyErrors.ts';

const HANDLER_HEADER = 'x-strangler-shadow-handler';
const SECRET_HEADER = 'x-strangler-shadow-secret';
/** The shadow sender's own timeout is what counts; this only frees the socket of a handler that never answers. */
const HANDLER_HOST_TIMEOUT_MS = 60_000;

export class HandlerHost {
  private readonly secret = randomUUID();
  private server: http.Server | undefined;
  private url: Promise<URL> | undefined;

  constructor(private readonly handlers: HandlerRegistry) {}

  /** Base URL and the headers that select `name`; the server starts on first use. */
  async target(name: string): Promise<{ base: URL; headers: Record<string, string> }> {
    this.url ??= this.start();
    return { base: await this.url, headers: { [HANDLER_HEADER]: name, [SECRET_HEADER]: this.secret } };
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  private start(): Promise<URL> {
    const server = http.createServer((req, res) => {
      const name = req.headers[HANDLER_HEADER];
      const handler = req.headers[SECRET_HEADER] === this.secret && typeof name === 'string' ? this.handlers.handler(name) : undefined;
      delete req.headers[HANDLER_HEADER];
      delete req.headers[SECRET_HEADER];
      if (!handler) {
        sendProxyError(res, new ProxyError('NOT_FOUND'), String(req.headers['x-request-id'] ?? ''));
        return;
      }
      runNewHandler(handler, req, res, HANDLER_HOST_TIMEOUT_MS, (error) => {
        if (error) sendProxyError(res, error, String(req.headers['x-request-id'] ?? ''));
      });
    });
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve(new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
    });
  }
}
