// Answers on a raw socket before (or instead of) a WebSocket handshake: the proxy's own errors in the
// error table's JSON shape, and an upstream's non-101 answer relayed as it came.
import { STATUS_CODES, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { ProxyError } from '../http/proxyErrors.ts';

/** An upstream refusing the handshake may send a body; more than this is cut (it is an error page). */
export const MAX_REFUSAL_BODY_BYTES = 64 * 1024;

export function writeRawResponse(socket: Duplex, status: number, headers: Record<string, string>, body: Buffer): void {
  if (socket.destroyed || !socket.writable) return;
  const lines = [`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Unknown'}`];
  for (const [name, value] of Object.entries({
    ...headers,
    'content-length': String(body.length),
    connection: 'close',
  })) {
    lines.push(`${name}: ${value}`);
  }
  // Destroyed once written, as Node does for `Connection: close`: a client that keeps its half open
  // must not hold the socket (and a draining server's close) forever.
  socket.once('finish', () => socket.destroy());
  socket.end(Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'), body]));
}

export function rejectUpgrade(socket: Duplex, error: ProxyError, requestId: string): void {
  const body = Buffer.from(JSON.stringify({ error: { code: error.code, message: error.message, requestId } }));
  writeRawResponse(
    socket,
    error.status,
    { 'content-type': 'application/json; charset=utf-8', 'x-request-id': requestId },
    body,
  );
}

/** Relays an upstream's refusal (e.g. 401, 404) so the client sees what legacy said, not a proxy error. */
export function relayRefusal(socket: Duplex, upstreamRes: IncomingMessage, requestId: string): void {
  const chunks: Buffer[] = [];
  let size = 0;
  const finish = () => {
    const headers: Record<string, string> = { 'x-request-id': requestId };
    const type = upstreamRes.headers['content-type'];
    if (type) headers['content-type'] = type;
    writeRawResponse(
      socket,
      upstreamRes.statusCode ?? 502,
      headers,
      Buffer.concat(chunks).subarray(0, MAX_REFUSAL_BODY_BYTES),
    );
  };
  upstreamRes.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size <= MAX_REFUSAL_BODY_BYTES) chunks.push(chunk);
    else upstreamRes.destroy();
  });
  upstreamRes.once('end', finish);
  upstreamRes.once('error', finish);
  upstreamRes.once('close', () => {
    if (!upstreamRes.complete) finish();
  });
}
