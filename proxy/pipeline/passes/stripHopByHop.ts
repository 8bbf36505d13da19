// Hop-by-hop headers describe one connection, not the message: they never cross the proxy (RFC 9110 §7.6.1).
import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';
import type { Pass } from '../context.ts';

const HOP_BY_HOP = ['connection', 'keep-alive', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'proxy-connection', 'proxy-authenticate', 'proxy-authorization'];

/** Removes hop-by-hop headers and every header the Connection header names, in place. */
export function removeHopByHopHeaders(headers: IncomingHttpHeaders | OutgoingHttpHeaders): void {
  const connection = headers.connection;
  const named = (Array.isArray(connection) ? connection.join(',') : String(connection ?? ''))
    .split(',')
    .map((token) => token.trim().toLowerCase())
    .filter((token) => token !== '');
  for (const name of [...HOP_BY_HOP, ...named]) delete headers[name];
}

export const stripHopByHop: Pass = (req) => {
  // A chunked request body must stay chunked on the way out: Node frames it again when the header is
  // present, and would otherwise send GET/DELETE bodies unframed.
  const chunked = /(?:^|,)\s*chunked\s*$/i.test(String(req.headers['transfer-encoding'] ?? ''));
  removeHopByHopHeaders(req.headers);
  if (chunked) req.headers['transfer-encoding'] = 'chunked';
};
