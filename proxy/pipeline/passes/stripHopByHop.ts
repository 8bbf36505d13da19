// Hop-by-hop headers describe one connection, not the message: they never cross the proxy (RFC 9110 §7.6.1).
import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';
import type { Pass } from '../context.ts';

const HOP_BY_HOP = ['connection', 'keep-alive', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'proxy-connection', 'proxy-authenticate', 'proxy-authorization'];
export const HOP_BY_HOP_HEADERS: ReadonlySet<string> = new Set(HOP_BY_HOP);

/** Removes hop-by-hop headers and every header the Connection header names, in place. */
export function removeHopByHopHeaders(headers: IncomingHttpHeaders | OutgoingHttpHeaders): void {
  const connection = headers.connection;
  if (connection !== undefined) {
    for (const token of (Array.isArray(connection) ? connection.join(',') : String(connection)).split(',')) {
      const name = token.trim().toLowerCase();
      if (name !== '') delete headers[name];
    }
  }
  // Deleting only what is present keeps the common case (none present) allocation-free.
  for (const name of HOP_BY_HOP) if (headers[name] !== undefined) delete headers[name];
}

export const stripHopByHop: Pass = (req) => {
  // A chunked request body must stay chunked on the way out: Node frames it again when the header is
  // present, and would otherwise send GET/DELETE bodies unframed.
  const encoding = req.headers['transfer-encoding'];
  const chunked = encoding !== undefined && /(?:^|,)\s*chunked\s*$/i.test(encoding);
  removeHopByHopHeaders(req.headers);
  if (chunked) req.headers['transfer-encoding'] = 'chunked';
};
