// Holds new's answer at the door until its status is known: a 5xx (before any byte left) is dropped so
// legacy can answer instead; anything else is let through untouched. After a fallback every later write
// of new is swallowed, so a late handler can never interleave with legacy's answer on the same socket.
import type { ServerResponse } from 'node:http';

export interface ResponseGate {
  /** What new's code writes to: the real response behind the gate. */
  response: ServerResponse;
  /** Drops new's answer (if still undecided) and restores the proxy's own headers; false once new's answer is out. */
  fallBack(): boolean;
}

const HEADER_METHODS = new Set([
  'setHeader',
  'setHeaders',
  'appendHeader',
  'removeHeader',
  'writeHead',
  'flushHeaders',
  'writeContinue',
  'writeProcessing',
  'writeEarlyHints',
  'addTrailers',
]);

export function gateResponse(res: ServerResponse, onServerError: (status: number) => void): ResponseGate {
  let state: 'pending' | 'passed' | 'dropped' = 'pending';
  const proxyHeaders = res.getHeaders();

  const decide = (status: number): boolean => {
    if (state !== 'pending') return state === 'passed';
    if (status >= 500) {
      onServerError(status); // calls fallBack synchronously
      return false;
    }
    state = 'passed';
    return true;
  };
  const fallBack = (): boolean => {
    if (state === 'passed' || res.headersSent) return false;
    state = 'dropped';
    for (const name of res.getHeaderNames()) if (!(name in proxyHeaders)) res.removeHeader(name);
    for (const [name, value] of Object.entries(proxyHeaders)) if (value !== undefined) res.setHeader(name, value);
    res.statusCode = 200;
    return true;
  };

  const response = new Proxy(res, {
    get(target, property) {
      const value = Reflect.get(target, property, target) as unknown;
      if (typeof value !== 'function') return value;
      if (property === 'writeHead')
        return (status: number, ...rest: unknown[]) =>
          decide(status) ? (value as (...a: unknown[]) => unknown).call(target, status, ...rest) : response;
      if (property === 'write' || property === 'end') {
        return (...args: unknown[]) =>
          decide(target.statusCode)
            ? (value as (...a: unknown[]) => unknown).apply(target, args)
            : property === 'write' || response;
      }
      if (property === 'destroy')
        return (...args: unknown[]) =>
          state === 'dropped' ? response : (value as (...a: unknown[]) => unknown).apply(target, args);
      if (HEADER_METHODS.has(String(property)))
        return (...args: unknown[]) =>
          state === 'dropped' ? response : (value as (...a: unknown[]) => unknown).apply(target, args);
      return (value as (...a: unknown[]) => unknown).bind(target);
    },
    set(target, property, value) {
      // After a fallback new's late assignments (statusCode, locals, ...) must not touch legacy's answer.
      return state === 'dropped' ? true : Reflect.set(target, property, value, target);
    },
  });
  return { response, fallBack };
}
