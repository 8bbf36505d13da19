// X-Forwarded-For/-Proto/-Host: appended to only when the peer is a configured trusted hop; otherwise
// replaced, so a client cannot spoof its address to legacy. Forwarded, X-Real-IP and X-Client-IP carry the
// same claims in other spellings: they pass only from a trusted hop and are removed otherwise.
import type { IncomingMessage } from 'node:http';
import { TLSSocket } from 'node:tls';
import { isTrustedHop, socketAddress } from '../../routing/clientAddress.ts';
import type { Pass } from '../context.ts';

/** Address claims the proxy does not write itself, so it cannot replace them: only a trusted hop may send them. */
const CLAIMS_ONLY_A_TRUSTED_HOP_MAY_SEND = ['forwarded', 'x-real-ip', 'x-client-ip'];

export const forwardedHeaders: Pass = (req, _res, ctx) => setForwardedHeaders(req, ctx.snapshot.config.trustProxy);

/** The X-Forwarded-* rules on a request's headers. */
export function setForwardedHeaders(req: IncomingMessage, trustProxy: readonly string[]): void {
  const peer = socketAddress(req);
  const trusted = isTrustedHop(peer, trustProxy);
  if (!trusted)
    for (const name of CLAIMS_ONLY_A_TRUSTED_HOP_MAY_SEND)
      if (req.headers[name] !== undefined) delete req.headers[name];
  const priorFor = req.headers['x-forwarded-for'];
  req.headers['x-forwarded-for'] = trusted && priorFor ? `${String(priorFor)}, ${peer}` : peer;
  const proto = req.socket instanceof TLSSocket ? 'https' : 'http';
  if (!trusted || !req.headers['x-forwarded-proto']) req.headers['x-forwarded-proto'] = proto;
  if (!trusted || !req.headers['x-forwarded-host']) {
    if (req.headers.host) req.headers['x-forwarded-host'] = req.headers.host;
    else delete req.headers['x-forwarded-host'];
  }
}
