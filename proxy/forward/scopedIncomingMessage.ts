// The request class of the proxy's server and the handler host's (http.createServer's IncomingMessage
// option). A request's events come from its connection's context, not from the handler call, so a handler's
// 'data' or 'end' listener (and what it starts) would run outside its handler scope; once runNewHandler sets
// `handlerScope`, every event is emitted in that scope (handlerScope.ts). An override on the class, not a
// wrapper assigned to each request's `emit`: that per-request closure kept every in-process request's objects
// alive through young-generation GCs (560 MB promoted in 15 s flat out against 19 MB without it, and
// 8.3k against 12.3k req/s; docs/BENCHMARKS.md "The in-process promotion").
import { IncomingMessage } from 'node:http';
import { emitInScope, type HandlerScope } from './handlerScope.ts';

export class ScopedIncomingMessage extends IncomingMessage {
  handlerScope: HandlerScope | undefined = undefined;

  override emit(event: string | symbol, ...args: unknown[]): boolean {
    const scope = this.handlerScope;
    if (scope === undefined) return super.emit(event, ...args);
    return emitInScope(scope, () => super.emit(event, ...args));
  }
}
