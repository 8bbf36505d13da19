// A raw TCP client for requests no HTTP library will send (smuggling, slowloris, pipelining): writes
// bytes as given and collects everything the server answers until it closes or a condition is met.
import net from 'node:net';

export interface RawExchange {
  text: string;
  /** True when the server closed (or reset) the connection; false when we stopped waiting. */
  closedByServer: boolean;
  elapsedMs: number;
}

export interface RawOptions {
  /** Stop waiting (and close our side) once the answer so far satisfies this. */
  until?: (text: string) => boolean;
  waitMs?: number;
}

export function rawRequest(
  url: string,
  payload: string | Buffer | Array<string | Buffer>,
  options: RawOptions = {},
): Promise<RawExchange> {
  const { hostname, port } = new URL(url);
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: hostname, port: Number(port) });
    let text = '';
    let finished = false;
    const finish = (closedByServer: boolean) => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({ text, closedByServer, elapsedMs: performance.now() - started });
    };
    const timer = setTimeout(() => finish(false), options.waitMs ?? 5_000);
    socket.on('connect', () => {
      for (const part of Array.isArray(payload) ? payload : [payload]) socket.write(part);
    });
    socket.on('data', (chunk: Buffer) => {
      text += chunk.toString('latin1');
      if (options.until?.(text)) finish(false);
    });
    socket.on('close', () => finish(true));
    socket.on('error', (error: NodeJS.ErrnoException) => (error.code === 'ECONNRESET' ? finish(true) : reject(error)));
  });
}

/** Status codes of every response in a raw answer, in order (pipelining, keep-alive; bodies must not look like status lines). */
export function statusCodes(text: string): number[] {
  return [...text.matchAll(/HTTP\/1\.[01] (\d{3}) /g)].map((match) => Number(match[1]));
}

export interface RawResponse {
  status: number;
  /** Lower-cased names; a repeated header keeps its last value. */
  headers: Record<string, string>;
  /** The Content-Length bytes after the head (the whole rest when there is none). */
  body: string;
}

/** The first response of a raw answer, split into status, headers and body. */
export function firstResponse(text: string): RawResponse {
  const headEnd = text.indexOf('\r\n\r\n');
  if (headEnd === -1) throw new Error(`no complete response head in ${JSON.stringify(text.slice(0, 200))}`);
  const [statusLine = '', ...lines] = text.slice(0, headEnd).split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const rest = text.slice(headEnd + 4);
  const length = headers['content-length'];
  return {
    status: Number(statusLine.split(' ')[1]),
    headers,
    body: length === undefined ? rest : rest.slice(0, Number(length)),
  };
}
