// What every forwarding path shares: the outcome callback and the silence timer.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ProxyError } from '../http/proxyErrors.ts';
import type { Upstream } from '../routing/routeTable.ts';
import { watchSilence } from './silenceWatch.ts';

export type ForwardOutcome = (error: ProxyError | undefined) => void;

/** Sends requests to URL upstreams: the HTTP forwarder and each of its two paths (undici, node:http). */
export interface Forwarder {
  forward(req: IncomingMessage, res: ServerResponse, upstream: Upstream, done: ForwardOutcome): void;
  /** Closes the pooled upstream connections. */
  close(): void;
}

export interface Settler {
  settle(error: ProxyError | undefined): void;
  readonly settled: boolean;
  /** Call on every body byte either way: silence longer than the upstream timeout ends the request. */
  refresh(): void;
}

/**
 * Settles a forward once. The silence watch (one shared coarse timer, silenceWatch.ts) answers 504 before the response started and ends the client
 * connection after (the outcome handler destroys a response whose headers are out); `onSilence` aborts
 * the upstream attempt.
 */
export function createSettler(upstream: Upstream, done: ForwardOutcome, onSilence: (error: Error) => void): Settler {
  let settled = false;
  const watch = watchSilence(upstream.timeoutMs, () => {
    const error = Object.assign(new Error(`upstream silent for ${upstream.timeoutMs} ms`), {
      code: 'UPSTREAM_TIMEOUT',
    });
    settler.settle(new ProxyError('UPSTREAM_TIMEOUT', { cause: error }));
    onSilence(error);
  });
  const settler: Settler = {
    settle(error) {
      if (settled) return;
      settled = true;
      watch.stop();
      done(error);
    },
    get settled() {
      return settled;
    },
    refresh: watch.refresh,
  };
  return settler;
}
