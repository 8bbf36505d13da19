// Lets a request with a small body be sent twice — to new, then to legacy when new fails — by reading the
// body once (bounded) and giving each backend its own copy of the request to stream from. A copy is a
// real IncomingMessage on the same socket, so the forwarders and in-process handlers treat it as they
// treat any request.
import { IncomingMessage } from 'node:http';

/** Bodies up to this size (declared Content-Length, not chunked) are kept so legacy can be asked again. */
export const FALLBACK_MAX_BODY_BYTES = 64 * 1024;

/** True when the body's size is declared and small enough to hold in memory for a replay. */
export function isReplayableBody(req: IncomingMessage): boolean {
  if (req.headers['transfer-encoding'] !== undefined || req.headers.expect !== undefined) return false;
  const declared = Number(req.headers['content-length'] ?? 0);
  return Number.isInteger(declared) && declared >= 0 && declared <= FALLBACK_MAX_BODY_BYTES;
}

/** The whole body, or undefined when the client went away before sending it. */
export function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.once('end', () => resolve(Buffer.concat(chunks)));
    req.once('close', () => resolve(req.complete ? Buffer.concat(chunks) : undefined));
  });
}

/** A fresh copy of `req` whose body is `body`; its headers are its own, so one backend's changes stay there. */
export function replayOf(req: IncomingMessage, body: Buffer): IncomingMessage {
  const copy = new IncomingMessage(req.socket);
  copy.method = req.method;
  copy.url = req.url ?? '/';
  copy.httpVersionMajor = req.httpVersionMajor;
  copy.httpVersionMinor = req.httpVersionMinor;
  copy.httpVersion = req.httpVersion;
  copy.headers = { ...req.headers };
  copy.rawHeaders = [...req.rawHeaders];
  // The bytes are all here: reading or destroying a copy must never touch the shared client socket (an
  // IncomingMessage destroyed early destroys its socket; the socket may also hold the next request).
  copy._read = () => {};
  copy._destroy = (error, callback) => callback(error);
  if (body.length > 0) copy.push(body);
  copy.push(null);
  copy.complete = true;
  return copy;
}
