// Forwards a request over HTTP to legacy (or an out-of-process new service) on pooled keep-alive
// connections. Two paths with the same guarantees (docs/FORWARDING.md): bodiless requests without
// `Expect` — nearly all API reads — go over undici (about half the CPU per request); requests with a body
// or `Expect: 100-continue` go over node:http, because undici refuses `Expect` and node:http streams any
// body with its own framing. (http-proxy 1.18 was used first: it hides the upstream request of an Expect
// request, so 100 Continue could not be relayed, and it was no faster than node:http.)
import type { IncomingMessage } from 'node:http';
import { DEFAULT_TIMEOUTS } from '../config/types.ts';
import { ProxyError } from '../http/proxyErrors.ts';
import { createAdmission, type Admission } from './admission.ts';
import type { ForwardOutcome, Forwarder } from './forwardTypes.ts';
import { createNodeHttpForwarder } from './nodeHttpForward.ts';
import { hasRequestBody } from './retryPolicy.ts';
import { createUndiciForwarder } from './undiciForward.ts';

export type { ForwardOutcome, Forwarder } from './forwardTypes.ts';

export const DEFAULT_UPSTREAM_MAX_SOCKETS = 512;

export interface ForwarderOptions {
  /** Idle pooled sockets close after this; keep it below legacy's own keep-alive timeout. */
  idleMs?: number;
  connectTimeoutMs?: number;
  /** Per-backend concurrency limits and queues (admission.ts); one per process, shared with shadow copies. */
  admission?: Admission;
}

export function createHttpForwarder(options: ForwarderOptions = {}): Forwarder {
  const settings = {
    idleMs: options.idleMs ?? DEFAULT_TIMEOUTS.upstreamIdleMs,
    connectTimeoutMs: options.connectTimeoutMs ?? DEFAULT_TIMEOUTS.upstreamConnectMs,
    maxSockets: DEFAULT_UPSTREAM_MAX_SOCKETS,
  };
  const nodeHttp = createNodeHttpForwarder(settings);
  const undici = createUndiciForwarder(settings);
  const admission = options.admission ?? createAdmission();
  const send: Forwarder['forward'] = (req, res, upstream, done) => {
    if (takesFastPath(req)) undici.forward(req, res, upstream, done);
    else nodeHttp.forward(req, res, upstream, done);
  };
  return {
    // The slot is held until the exchange settles: answered, failed, timed out or left by the client.
    forward(req, res, upstream, done) {
      admission.enter(
        upstream.admission,
        res,
        (release) => {
          let ended = false;
          const end: ForwardOutcome = (error) => {
            if (ended) return;
            ended = true;
            release();
            done(error);
          };
          // A queued request starts from a microtask, where a throw would take the process down.
          try {
            send(req, res, upstream, end);
          } catch (error) {
            end(new ProxyError('INTERNAL_ERROR', { cause: error }));
          }
        },
        done,
      );
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
