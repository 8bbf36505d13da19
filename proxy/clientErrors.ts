// Answers the errors Node's own HTTP parser raises on the proxy listener (a malformed request, a header
// block over the limit, headers or body too slow) in the shape of the proxy's error table instead of
// Node's bare status line: JSON body, request id, one warn log line and a Prometheus count.
import { randomUUID } from 'node:crypto';
import { STATUS_CODES, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import type { Recorder } from './metrics/recorder.ts';
import { PROXY_ERROR_HEADERS, PROXY_ERRORS, proxyErrorBody, type ClientErrorCode } from './http/proxyErrors.ts';

/** A written answer gets this long to flush before the socket is destroyed anyway. */
const FLUSH_GRACE_MS = 1_000;

/** Node's own mapping (lib/_http_server.js socketOnError), onto the proxy's codes. */
export function clientErrorCode(error: Error): ClientErrorCode {
  switch ((error as NodeJS.ErrnoException).code) {
    case 'HPE_HEADER_OVERFLOW':
      return 'REQUEST_HEADERS_TOO_LARGE';
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return 'CHUNK_EXTENSIONS_TOO_LARGE';
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return 'REQUEST_TIMEOUT';
    default:
      return 'BAD_REQUEST';
  }
}

/** The raw response: nothing of the request is echoed, so no client byte can shape it. */
export function clientErrorResponse(code: ClientErrorCode, requestId: string): string {
  const { status } = PROXY_ERRORS[code];
  const body = proxyErrorBody(code, requestId);
  const headers = {
    ...PROXY_ERROR_HEADERS,
    'content-length': Buffer.byteLength(body),
    connection: 'close',
    'x-request-id': requestId,
  };
  const head = Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('');
  return `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\n${head}\r\n${body}`;
}

/**
 * The server's 'clientError' listener. Node's rules: a reset or unwritable socket, or one whose current
 * response has already sent its headers, is only destroyed (an answer would corrupt what the peer reads);
 * otherwise the answer is written and the connection closed. It never throws.
 */
export function createClientErrorListener(deps: {
  logger: Logger;
  recorder: Recorder;
}): (error: Error, socket: Duplex) => void {
  return (error, socket) => {
    const parserError = (error as NodeJS.ErrnoException).code;
    try {
      // Node keeps the response currently bound to the socket here (there is no public accessor).
      const inFlight = (socket as Duplex & { _httpMessage?: ServerResponse | null })._httpMessage ?? undefined;
      if (parserError === 'ECONNRESET' || !socket.writable || inFlight?.headersSent === true) {
        if (parserError !== 'ECONNRESET')
          deps.logger.debug({ parserError }, 'client error on a connection that cannot be answered; closed');
        socket.destroy();
        return;
      }
      const code = clientErrorCode(error);
      // A request already in the pipeline (a body too slow, a bad chunk) keeps the id its logs carry.
      const assigned = inFlight?.getHeader('x-request-id');
      const requestId = typeof assigned === 'string' ? assigned : randomUUID();
      deps.recorder.clientError(code);
      deps.logger.warn({ code, requestId, parserError }, 'request refused by the HTTP parser');
      const grace = setTimeout(() => socket.destroy(), FLUSH_GRACE_MS);
      grace.unref();
      socket.end(clientErrorResponse(code, requestId), () => {
        clearTimeout(grace);
        socket.destroy();
      });
    } catch {
      socket.destroy();
    }
  };
}
