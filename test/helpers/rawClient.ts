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

export function rawRequest(url: string, payload: string | Buffer | Array<string | Buffer>, options: RawOptions = {}): Promise<RawExchange> {
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
