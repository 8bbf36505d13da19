// Hop-by-hop headers describe one connection, not the message: they never cross the proxy (RFC 9110 §7.6.1).
import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';

const HOP_BY_HOP = [
  'connection',
  'keep-alive',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
];
export const HOP_BY_HOP_HEADERS: ReadonlySet<string> = new Set(HOP_BY_HOP);

/**
 * Headers a `Connection` token may not remove: the message's framing, its Host, and what the proxy itself
 * sets (request id, forwarding, its own x-strangler-* headers). Naming them would let a peer drop a body,
 * leak the internal Host or lose the request id (RFC 9110 §7.6.1: only hop-by-hop fields belong there).
 * W3C trace context is end to end: `Connection: traceparent` would cut the trace at the proxy.
 */
const NOT_REMOVABLE_BY_CONNECTION: ReadonlySet<string> = new Set([
  'content-length',
  'transfer-encoding',
  'host',
  'x-request-id',
  'forwarded',
  'x-real-ip',
  'x-client-ip',
  'traceparent',
  'tracestate',
]);

/** True when a `Connection` header token may strip the header it names (ONE rule for requests and responses). */
export function connectionMayRemove(name: string): boolean {
  return (
    name !== '' &&
    !NOT_REMOVABLE_BY_CONNECTION.has(name) &&
    !name.startsWith('x-forwarded-') &&
    !name.startsWith('x-strangler-')
  );
}

/** The lower-cased header names a `Connection` value asks to strip that it is allowed to. */
export function connectionRemovable(connection: string | readonly string[]): string[] {
  const joined = typeof connection === 'string' ? connection : connection.join(',');
  return joined
    .split(',')
    .map((token) => token.trim().toLowerCase())
    .filter(connectionMayRemove);
}

/** Removes hop-by-hop headers and every header the Connection header may remove (connectionMayRemove), in place. */
export function removeHopByHopHeaders(headers: IncomingHttpHeaders | OutgoingHttpHeaders): void {
  const connection = headers.connection;
  if (connection !== undefined) {
    for (const name of connectionRemovable(Array.isArray(connection) ? connection : String(connection))) {
      delete headers[name];
    }
  }
  // Deleting only what is present keeps the common case (none present) allocation-free.
  for (const name of HOP_BY_HOP) if (headers[name] !== undefined) delete headers[name];
}
