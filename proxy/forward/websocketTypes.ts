// What a relayed or in-process WebSocket connection reports and offers, apart from the relay itself so
// importing the types does not load `ws` (websocket.ts loads the relay at the first upgrade).
import type { ProxyError } from '../http/proxyErrors.ts';

/** Largest message relayed either way; a bigger one closes the connection with 1009. */
export const MAX_WEBSOCKET_MESSAGE_BYTES = 16 * 1024 * 1024;

export interface RelayEvents {
  /** Both handshakes done: the connection is open through the proxy. */
  opened(): void;
  /** Both sides closed (or the handshake failed after opened was not called). */
  closed(): void;
  /** The proxy answered the client itself (unreachable, timeout, ...). */
  failed(error: ProxyError): void;
  /** Code on this connection's event path threw; the connection was closed (guardSocketEvents.ts). */
  threw(cause: unknown): void;
}

export interface RelayedWebSocket {
  /** Closes both sides with 1001, as on drain. */
  goAway(): void;
  /** Drops both sides at once (drain deadline passed). */
  destroy(): void;
}
