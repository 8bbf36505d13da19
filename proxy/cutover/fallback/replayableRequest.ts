// Lets a request with a small body be sent twice — to new, then to legacy when new fails — by reading the
// body once (bounded) and giving each backend its own copy of the request to stream from. A copy is a
// real IncomingMessage on the same socket, so the forwarders and in-process handlers treat it as they
// treat any request.
import { IncomingMessage } from 'node:http';
import { fitsInCopy } from '../shadow/requestTap.ts';

/** Bodies up to this size (declared Content-Length, not chunked) are kept so legacy can be asked again. */
export const FALLBACK_MAX_BODY_BYTES = 64 * 1024;

/** True when the body's size is declared and small enough to hold in memory for a replay (and no 100 Continue is awaited). */
export function isReplayableBody(req: IncomingMessage): boolean {
  return req.headers.expect === undefined && fitsInCopy(req, FALLBACK_MAX_BODY_BYTES);
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
