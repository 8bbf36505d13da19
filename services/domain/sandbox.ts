// Sandboxed shadow requests. When the proxy copies a write to new as shadow traffic it sends
// `x-strangler-shadow: sandbox`, and new must then answer exactly as it would for real (validation, risk
// checks, reads, status and body) while nothing it does outlives the request.
//
// Why a scope (AsyncLocalStorage) and not a flag passed down: the handler code stays the code that runs in
// production; the decision is made once (handlerApp enters the scope from the header) and enforced at the
// few places where an effect can leave the process or outlive the request:
// - the store (`sandboxAware` below): each `transaction()` runs its work for real, inside a real
//   transaction (same locks, same constraint checks), then rolls back and returns the work's result; a
//   bare `query()` is run the same way, so a write outside a transaction is rolled back too;
// - the event bus (`PortfolioEvents.publish`) drops events published in the scope;
// - work that would keep running after the response (an analysis task) refuses with
//   `SandboxUnsupportedError` (409 `sandbox_unsupported`), so the shadow diff shows it instead of a fake.
// The scope follows promises, timers and callbacks started inside it, so a task started by mistake would
// still be rolled back and silent. The exchange is simulated and in-process (a pure fill price); market
// data calls only read. Legacy requests never enter the scope, so sharing the store with it is safe.
//
// Limits: each transaction is rolled back on its own, so a sandboxed request that needs one
// transaction's writes in a later one would not see them (no shipped handler does). Postgres sequences are
// not transactional: a sandboxed insert consumes an id (the next real order's id skips one).
import { AsyncLocalStorage } from 'node:async_hooks';
import { SHADOW_SANDBOX } from '../../proxy/cutover/shadow/shadowHeader.ts';
import { SandboxUnsupportedError } from './errors.ts';
import type { Queryable, Store } from './store/store.ts';

const scope = new AsyncLocalStorage<true>();

/** Runs `fn` (and everything it starts) in the sandbox. */
export function runSandboxed<T>(fn: () => T): T {
  return scope.run(true, fn);
}

export function inSandbox(): boolean {
  return scope.getStore() === true;
}

/** True for an `x-strangler-shadow` header value asking for a sandboxed run (`read` or absent: false). */
export function isSandboxRequest(headerValue: string | undefined): boolean {
  return headerValue?.trim().toLowerCase() === SHADOW_SANDBOX;
}

/** Throws `SandboxUnsupportedError` inside the sandbox: for work that cannot be run without effects. */
export function refuseInSandbox(reason: string): void {
  if (inSandbox()) throw new SandboxUnsupportedError(`Sandboxed shadow requests are not supported here: ${reason}`);
}

const ROLLBACK = Symbol('sandbox rollback');

/** `store` unchanged outside the sandbox; inside it, every transaction and bare query is rolled back. */
export function sandboxAware(store: Store): Store {
  const transaction = async <T>(work: (tx: Queryable) => Promise<T>): Promise<T> => {
    if (!inSandbox()) return store.transaction(work);
    let result: { value: T } | undefined;
    try {
      await store.transaction(async (tx) => {
        result = { value: await work(tx) };
        throw ROLLBACK; // both stores roll back when the work throws
      });
    } catch (error) {
      if (error !== ROLLBACK || !result) throw error;
    }
    return result!.value;
  };
  return {
    kind: store.kind,
    query: <Row>(sql: string, params?: unknown[]) =>
      inSandbox() ? transaction((tx) => tx.query<Row>(sql, params)) : store.query<Row>(sql, params),
    transaction,
    close: () => store.close(),
  };
}
