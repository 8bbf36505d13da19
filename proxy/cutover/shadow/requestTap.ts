// Keeps a copy of a request body while it streams to legacy, so the same body can be sent to new (shadow
// traffic), or reads it whole so each backend can get its own copy (fallback). Only bodies with a declared
// length up to the limit are copied; anything else cannot be shadowed or replayed.
import type { IncomingMessage } from 'node:http';

export type RequestBodyCopy =
  { kind: 'none' } | { kind: 'pending'; body: Promise<Buffer | undefined> } | { kind: 'too-large' };

export function hasBody(req: IncomingMessage): boolean {
  return req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
}

/** True when the body's length is declared (not chunked) and at most `maxBodyBytes`. */
export function fitsInCopy(req: IncomingMessage, maxBodyBytes: number): boolean {
  const declared = Number(req.headers['content-length'] ?? 0);
  return req.headers['transfer-encoding'] === undefined && Number.isFinite(declared) && declared <= maxBodyBytes;
}

/** Must be called in the same tick the forwarder pipes `req`, so both see every chunk. */
export function tapRequestBody(req: IncomingMessage, maxBodyBytes: number): RequestBodyCopy {
  if (!hasBody(req)) return { kind: 'none' };
  if (!fitsInCopy(req, maxBodyBytes)) return { kind: 'too-large' };
  return { kind: 'pending', body: collectBody(req) };
}

/** Every chunk of the body as it flows; undefined when the client aborted before the end (nothing to replay). */
export function collectBody(req: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  return new Promise((resolve) => {
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.once('end', () => resolve(Buffer.concat(chunks)));
    req.once('close', () => resolve(undefined));
  });
}
