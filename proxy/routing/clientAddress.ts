// The client's address: the socket peer, or — only when that peer is a configured trusted hop —
// the nearest untrusted address in X-Forwarded-For.
import type { IncomingMessage } from 'node:http';

export function socketAddress(req: IncomingMessage): string {
  return normalizeAddress(req.socket.remoteAddress ?? '');
}

export function isTrustedHop(address: string, trusted: readonly string[]): boolean {
  return trusted.includes(address);
}

export function clientAddress(req: IncomingMessage, trusted: readonly string[]): string {
  const peer = socketAddress(req);
  if (!isTrustedHop(peer, trusted)) return peer;
  const chain = forwardedForChain(req);
  for (let i = chain.length - 1; i >= 0; i--) {
    if (!isTrustedHop(chain[i]!, trusted)) return chain[i]!;
  }
  return chain[0] ?? peer;
}

export function forwardedForChain(req: IncomingMessage): string[] {
  const header = req.headers['x-forwarded-for'];
  const raw = Array.isArray(header) ? header.join(',') : (header ?? '');
  return raw
    .split(',')
    .map((part) => normalizeAddress(part.trim()))
    .filter((part) => part !== '');
}

/** `::ffff:127.0.0.1` and `127.0.0.1` are the same client. */
function normalizeAddress(address: string): string {
  return address.startsWith('::ffff:') ? address.slice(7) : address;
}
