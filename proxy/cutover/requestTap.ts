// Keeps a copy of a request body while it streams to legacy, so the same body can be sent to new.
// Only bodies with a declared length up to the limit are copied; anything else cannot be shadowed.
import type { IncomingMessage } from 'node:http';

export type RequestBodyCopy = { kind: 'none' } | { kind: 'pending'; body: Promise<Buffer | undefined> } | { kind: 'too-large' };

export function hasBody(req: IncomingMessage): boolean {
  return req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
}

/** Must be called in the same tick the forwarder pipes `req`, so both see every chunk. */
export function tapRequestBody(req: IncomingMessage, maxBodyBytes: number): RequestBodyCopy {
  if (!hasBody(req)) return { kind: 'none' };
  const declared = Number(req.headers['content-length']);
  if (req.headers['transfer-encoding'] !== undefined || !Number.isFinite(declared) || declared > maxBodyBytes) return { kind: 'too-large' };
  const chunks: Buffer[] = [];
  const body = new Promise<Buffer | undefined>((resolve) => {
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.once('end', () => resolve(Buffer.concat(chunks)));
    req.once('close', () => resolve(undefined)); // aborted before the end: nothing to replay
  });
  return { kind: 'pending', body };
}
