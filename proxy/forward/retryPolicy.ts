// When a failed upstream attempt may be sent again: only when nothing can have happened upstream and
// nothing is lost by replaying it — a bodiless idempotent request whose pooled (reused) socket was reset
// before any response byte, the race where legacy closes an idle keep-alive socket as we reuse it.
import type { IncomingMessage } from 'node:http';

const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE', 'TRACE']);
/** Node's reset codes, and undici's "the other side closed" socket error. */
const RESET_CODES = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET']);

export function isRetryableReset(error: Error, req: IncomingMessage, reusedSocket: boolean): boolean {
  const code = (error as NodeJS.ErrnoException).code ?? '';
  return reusedSocket && RESET_CODES.has(code) && IDEMPOTENT_METHODS.has(req.method ?? '') && !hasRequestBody(req);
}

/** A body already streamed upstream cannot be replayed, so only requests without one are retried. */
export function hasRequestBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}
