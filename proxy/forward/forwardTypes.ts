// What every forwarding path shares: the outcome callback, the silence timer, and the absolute-form fix.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ProxyError } from '../proxyErrors.ts';
import type { Upstream } from '../routing/routeTable.ts';

export type ForwardOutcome = (error: ProxyError | undefined) => void;

export type ForwardFn = (req: IncomingMessage, res: ServerResponse, upstream: Upstream, done: ForwardOutcome) => void;

export interface Settler {
  settle(error: ProxyError | undefined): void;
  readonly settled: boolean;
  /** Call on every body byte either way: silence longer than the upstream timeout ends the request. */
  refresh(): void;
}

/**
 * Settles a forward once. The silence timer answers 504 before the response started and ends the client
 * connection after (the outcome handler destroys a response whose headers are out); `onSilence` aborts
 * the upstream attempt.
 */
export function createSettler(upstream: Upstream, done: ForwardOutcome, onSilence: (error: Error) => void): Settler {
  let settled = false;
  const timer = setTimeout(() => {
    const error = Object.assign(new Error(`upstream silent for ${upstream.timeoutMs} ms`), { code: 'UPSTREAM_TIMEOUT' });
    settler.settle(new ProxyError('UPSTREAM_TIMEOUT', { cause: error }));
    onSilence(error);
  }, upstream.timeoutMs);
  const settler: Settler = {
    settle(error) {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      done(error);
    },
    get settled() {
      return settled;
    },
    refresh: () => timer.refresh(),
  };
  return settler;
}

/** The request target as legacy expects it: absolute-form (`http://host/x?y`) becomes `/x?y`. */
export function originForm(target: string): string {
  if (target.startsWith('/') || target === '*') return target;
  const schemeEnd = target.indexOf('://');
  const slash = schemeEnd === -1 ? -1 : target.indexOf('/', schemeEnd + 3);
  if (slash !== -1) return target.slice(slash);
  const query = target.indexOf('?');
  return query === -1 ? '/' : `/${target.slice(query)}`;
}
