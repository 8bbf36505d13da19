// Strips hop-by-hop headers from the client's request (the set and the Connection rule live in http/hopByHop.ts).
import { removeHopByHopHeaders } from '../../http/hopByHop.ts';
import type { Pass } from '../context.ts';

export const stripHopByHop: Pass = (req) => {
  // A chunked request body must stay chunked on the way out: Node frames it again when the header is
  // present, and would otherwise send GET/DELETE bodies unframed.
  const encoding = req.headers['transfer-encoding'];
  const chunked = encoding !== undefined && /(?:^|,)\s*chunked\s*$/i.test(encoding);
  removeHopByHopHeaders(req.headers);
  if (chunked) req.headers['transfer-encoding'] = 'chunked';
};
