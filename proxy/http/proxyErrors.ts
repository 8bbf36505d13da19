// The one table of errors the proxy itself answers with: a code, an HTTP status and a message each.
// Bodies are JSON `{ error: { code, message, requestId } }` so clients and logs can tell proxy-made
// errors from upstream ones.
import { STATUS_CODES, type ServerResponse } from 'node:http';

export const PROXY_ERRORS = {
  BAD_REQUEST: { status: 400, message: 'The request could not be parsed.' },
  AMBIGUOUS_PATH: {
    status: 400,
    message: 'The request path is ambiguous (an encoded "/" or "\\", a backslash or a broken percent-escape).',
  },
  NOT_FOUND: { status: 404, message: 'No handler for this path.' },
  EXPECTATION_FAILED: { status: 417, message: 'The proxy supports no Expect value but 100-continue.' },
  UNSUPPORTED_REQUEST: {
    status: 501,
    message: 'The proxy does not serve CONNECT or OPTIONS * (it forwards requests for paths).',
  },
  TOO_MANY_HEADERS: { status: 431, message: 'The request has too many header fields.' },
  REQUEST_HEADERS_TOO_LARGE: { status: 431, message: 'The request header block is larger than the proxy accepts.' },
  REQUEST_TIMEOUT: { status: 408, message: 'The request was not received in time.' },
  CHUNK_EXTENSIONS_TOO_LARGE: {
    status: 413,
    message: 'The request body carries more chunk extension bytes than the proxy accepts.',
  },
  HANDLER_FAILED: { status: 500, message: 'The new handler failed while handling the request.' },
  INTERNAL_ERROR: { status: 500, message: 'The proxy failed while handling the request; the failure is logged.' },
  UPSTREAM_UNREACHABLE: { status: 502, message: 'The upstream service could not be reached.' },
  UPSTREAM_RESET: { status: 502, message: 'The upstream service closed the connection before answering.' },
  UPSTREAM_INVALID_RESPONSE: { status: 502, message: 'The upstream service sent an invalid HTTP response.' },
  UPSTREAM_TIMEOUT: { status: 504, message: 'The upstream service did not answer in time.' },
  SHUTTING_DOWN: { status: 503, message: 'The proxy is shutting down; retry on another instance.' },
  OVERLOADED: {
    status: 503,
    message:
      'The backend is at its concurrency limit and no queue slot came free in time; retry after the Retry-After delay.',
    retryAfterSeconds: 1,
  },
} as const satisfies Record<string, { status: number; message: string; retryAfterSeconds?: number }>;

export type ProxyErrorCode = keyof typeof PROXY_ERRORS;

/** Every code an error of Node's HTTP parser (a client error) is answered with; their series exist from start-up. */
export const CLIENT_ERROR_CODES = [
  'BAD_REQUEST',
  'REQUEST_HEADERS_TOO_LARGE',
  'REQUEST_TIMEOUT',
  'CHUNK_EXTENSIONS_TOO_LARGE',
] as const satisfies readonly ProxyErrorCode[];

export type ClientErrorCode = (typeof CLIENT_ERROR_CODES)[number];

export class ProxyError extends Error {
  readonly status: number;
  constructor(
    readonly code: ProxyErrorCode,
    options?: { cause?: unknown },
  ) {
    super(PROXY_ERRORS[code].message, options);
    this.name = 'ProxyError';
    this.status = PROXY_ERRORS[code].status;
  }
}

/** Maps a Node socket/HTTP client error to the proxy error it means for the client. */
export function upstreamErrorCode(error: unknown): ProxyErrorCode {
  const code = (error as NodeJS.ErrnoException | undefined)?.code ?? '';
  if (code === 'UPSTREAM_TIMEOUT' || code === 'ETIMEDOUT') return 'UPSTREAM_TIMEOUT';
  if (['ECONNREFUSED', 'ECONNECTTIMEOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH'].includes(code))
    return 'UPSTREAM_UNREACHABLE';
  // undici's parser errors carry no HPE_ code when llhttp gives none (an obs-folded header): its name says it.
  if (code.startsWith('HPE_') || (error as Error | undefined)?.name === 'HTTPParserError')
    return 'UPSTREAM_INVALID_RESPONSE';
  return 'UPSTREAM_RESET';
}

/** The headers every answer the proxy makes itself carries, besides its length (here and clientErrors.ts). */
export const PROXY_ERROR_HEADERS = {
  'content-type': 'application/json; charset=utf-8',
  'cache-control': 'no-store',
} as const;

/** Seconds a client should wait before retrying, for the codes that say (OVERLOADED). */
export function retryAfterOf(code: ProxyErrorCode): number | undefined {
  const entry = PROXY_ERRORS[code];
  return 'retryAfterSeconds' in entry ? entry.retryAfterSeconds : undefined;
}

/** The body of every answer the proxy makes itself: `{ error: { code, message, requestId } }`. */
export function proxyErrorBody(code: ProxyErrorCode, requestId: string): string {
  return JSON.stringify({ error: { code, message: PROXY_ERRORS[code].message, requestId } });
}

/**
 * Answers with the error body when nothing was sent yet; once headers are out the only honest signal
 * left is to destroy the client connection (never leave it hanging).
 */
export function sendProxyError(res: ServerResponse, error: ProxyError, requestId: string): void {
  if (res.headersSent || res.destroyed) {
    res.destroy(error);
    return;
  }
  const body = proxyErrorBody(error.code, requestId);
  try {
    // The reason is given so a rejected upstream one left in res.statusMessage is not reused.
    const headers: Record<string, string | number> = {
      ...PROXY_ERROR_HEADERS,
      'content-length': Buffer.byteLength(body),
    };
    const retryAfter = retryAfterOf(error.code);
    if (retryAfter !== undefined) headers['retry-after'] = retryAfter;
    res.writeHead(error.status, STATUS_CODES[error.status], headers);
    res.end(body);
  } catch {
    res.destroy(error); // cannot happen with the table's own values; never throw from an error path
  }
}
