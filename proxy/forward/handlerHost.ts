// Serves the in-process handlers on a private loopback port, naming the handler in a header, so another
// process or a proxy-made request reaches a handler as a real HTTP request with its own req/res. Used by
// the cluster (handlers and their single-process store live in the primary; workers forward here) and
// by shadow traffic (a copy of the client's request goes to new through it). The listener starts on first
// use. A per-process secret keeps other local processes from using the port.
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { HandlerRegistry } from './handlers.ts';
import { guardSocketEvents } from './guardSocketEvents.ts';
import { runInHandlerScope } from './handlerScope.ts';
import { runNewHandler } from './runHandler.ts';
import { ScopedIncomingMessage } from './scopedIncomingMessage.ts';
import { upgradeScope } from './websocketInProcess.ts';
import { rejectUpgrade } from './websocketRawReply.ts';
import { ProxyError, sendProxyError } from '../http/proxyErrors.ts';

export const HOSTED_HANDLER_HEADER = 'x-strangler-hosted-handler';
export const HOSTED_SECRET_HEADER = 'x-strangler-hosted-secret';
/** The caller's own timeout is what counts; this only frees the socket of a handler that never answers. */
export const HANDLER_HOST_TIMEOUT_MS = 600_000;

/** What a worker needs to reach the hosted handlers. */
export interface HandlerHostAddress {
  url: string;
  secret: string;
  names: string[];
}

interface Listening {
  address: HandlerHostAddress;
  close(): Promise<void>;
}

export class HandlerHost {
  private listening: Promise<Listening> | undefined;

  constructor(private readonly handlers: HandlerRegistry) {}

  /** Where the hosted handlers listen (and the secret that opens them); starts the listener on first use. */
  async address(): Promise<HandlerHostAddress> {
    this.listening ??= listen(this.handlers);
    return (await this.listening).address;
  }

  /** Base URL and the headers that select handler `name`. */
  async target(name: string): Promise<{ base: URL; headers: Record<string, string> }> {
    const address = await this.address();
    const headers = { [HOSTED_HANDLER_HEADER]: name, [HOSTED_SECRET_HEADER]: address.secret };
    return { base: new URL(address.url), headers };
  }

  async close(): Promise<void> {
    await (await this.listening)?.close();
  }
}

async function listen(handlers: HandlerRegistry): Promise<Listening> {
  const secret = randomUUID();
  /** The handler name when the secret matches; both headers are removed before the handler sees them. */
  const nameOf = (req: http.IncomingMessage): string | undefined => {
    const name = req.headers[HOSTED_HANDLER_HEADER];
    const allowed = req.headers[HOSTED_SECRET_HEADER] === secret;
    delete req.headers[HOSTED_HANDLER_HEADER];
    delete req.headers[HOSTED_SECRET_HEADER];
    return allowed && typeof name === 'string' ? name : undefined;
  };
  const server = http.createServer({ IncomingMessage: ScopedIncomingMessage }, (req, res) => {
    const name = nameOf(req);
    const handler = name === undefined ? undefined : handlers.handler(name);
    const requestId = String(req.headers['x-request-id'] ?? '');
    if (!handler) return sendProxyError(res, new ProxyError('NOT_FOUND'), requestId);
    runNewHandler(
      handler,
      req,
      res,
      HANDLER_HOST_TIMEOUT_MS,
      (error) => {
        if (error) sendProxyError(res, error, requestId);
      },
      { route: undefined, handler: name! },
    );
  });
  server.on('upgrade', (req, socket, head) => {
    const name = nameOf(req);
    const handler = name === undefined ? undefined : handlers.upgradeHandler?.(name);
    const requestId = String(req.headers['x-request-id'] ?? '');
    if (!handler) return rejectUpgrade(socket, new ProxyError('NOT_FOUND'), requestId);
    socket.on('error', () => {}); // the worker's side going away must not crash the primary
    // Nor may a handler throwing in its message callback: that connection closes, and the worker's side
    // (which counts and logs the connection) sees it close. A late throw (a timer it started) closes it too.
    const scope = upgradeScope(socket, requestId, undefined, name!);
    guardSocketEvents(socket, () => {}, scope);
    runInHandlerScope(scope, () => {
      try {
        handler(req, socket, head);
      } catch {
        socket.destroy();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    address: { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, secret, names: [...handlers.names] },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
