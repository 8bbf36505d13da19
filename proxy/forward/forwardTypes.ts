// What every forwarding path shares: the outcome callback and the silence timer.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ProxyError } from '../http/proxyErrors.ts';
import type { Upstream } from '../routing/routeTable.ts';
import { watchSilence, type SilenceWatch } from './silenceWatch.ts';

export type ForwardOutcome = (error: ProxyError | undefined) => void;

/** Sends requests to URL upstreams: the HTTP forwarder and each of its two paths (undici, node:http). */
export interface Forwarder {
  forward(req: IncomingMessage, res: ServerResponse, upstream: Upstream, done: ForwardOutcome): void;
  /** Closes the pooled upstream connections. */
  close(): void;
}

/**
 * Settles a forward once. The silence watch (one shared coarse timer, silenceWatch.ts) answers 504 before
 * the response started and ends the client connection after (the outcome handler destroys a response whose
 * headers are out); `onSilence` aborts the upstream attempt. A class, not an object literal with a
 * `settled` getter: that literal was one of the three things that kept each request's objects alive through
 * young-generation GCs (slotList.ts).
 */
export class Settler {
  settled = false;
  private readonly watch: SilenceWatch;

  constructor(
    upstream: Upstream,
    private readonly done: ForwardOutcome,
    onSilence: (error: Error) => void,
  ) {
    this.watch = watchSilence(upstream.timeoutMs, () => {
      const error = Object.assign(new Error(`upstream silent for ${upstream.timeoutMs} ms`), {
        code: 'UPSTREAM_TIMEOUT',
      });
      this.settle(new ProxyError('UPSTREAM_TIMEOUT', { cause: error }));
      onSilence(error);
    });
  }

  settle(error: ProxyError | undefined): void {
    if (this.settled) return;
    this.settled = true;
    this.watch.stop();
    this.done(error);
  }

  /** Call on every body byte either way: silence longer than the upstream timeout ends the request. */
  refresh(): void {
    this.watch.refresh();
  }
}
