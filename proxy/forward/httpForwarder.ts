// Forwards a request over HTTP to legacy (or an out-of-process new service) on pooled keep-alive
// connections. Two paths with the same guarantees (README "Forwarding"): bodiless requests without
// `Expect` — nearly all API reads — go over undici (about half the CPU per request); requests with a body
// or `Expect: 100-continue` go over node:http, because undici refuses `Expect` and node:http streams any
// body with its own framing. (http-proxy 1.18 was used first: it hides the upstream request of an Expect
// request, so 100 Continue could not be relayed, and it was no faster than node:http.)
import type { IncomingMessage, ServerResponse } from 'node:http';
import { DEFAULT_TIMEOUTS } from '../config/types.ts';
import type { Upstream } from '../routing/routeTable.ts';
import type { ForwardOutcome } from './forwardTypes.ts';
import { createNodeHttpForwarder } from './nodeHttpForward.ts';
import { hasRequestBody } from './retryPolicy.ts';
import { createUndiciForwarder } from './undiciForward.ts';

export type { ForwardOutcome } from './forwardTypes.ts';

export const DEFAULT_UPSTREAM_MAX_SOCKETS = 512;

export interface Forwarder {
  forward(req: IncomingMessage, res: ServerResponse, upstream: Upstream, done: ForwardOutcome): void;
  close(): void;
}

export interface ForwarderOptions {
  /** Idle pooled sockets close after this; keep it below legacy's own keep-alive timeout. */
  idleMs?: number;
  connectTimeoutMs?: number;
}

export function createHttpForwarder(options: ForwarderOptions = {}): Forwarder {
  const settings = {
    idleMs: options.idleMs ?? DEFAULT_TIMEOUTS.upstreamIdleMs,
    connectTimeoutMs: options.connectTimeoutMs ?? DEFAULT_TIMEOUTS.upstreamConnectMs,
    maxSockets: DEFAULT_UPSTREAM_MAX_SOCKETS,
  };
  const nodeHttp = createNodeHttpForwarder(settings);
  const undici = createUndiciForwarder(settings);
  return {
    forward(req, res, upstream, done) {
      if (takesFastPath(req)) undici.forward(req, res, upstream, done);
      else nodeHttp.forward(req, res, upstream, done);
    },
    close() {
      nodeHttp.close();
      undici.close();
    },
  };
}

function takesFastPath(req: IncomingMessage): boolean {
  return req.headers.expect === undefined && !hasRequestBody(req) && (req.url ?? '').startsWith('/');
}
