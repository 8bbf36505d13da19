// Sends one copy of a request (shadow or calibration) over HTTP and keeps the answer in memory, bounded
// in size and time. Its own agent, so shadow traffic never competes with client traffic for sockets.
import http from 'node:http';
import https from 'node:https';
import { BoundedBody, flattenHeaders, type CapturedResponse } from './capturedResponse.ts';

export interface RequestCopy {
  method: string;
  /** Path and query, unchanged. */
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer | undefined;
}

export type CopyResult =
  { kind: 'complete'; response: CapturedResponse } | { kind: 'too-large' } | { kind: 'failed'; reason: string };

const agentOptions = { keepAlive: true, timeout: 1_000, maxSockets: 64 };
const agents = { http: new http.Agent(agentOptions), https: new https.Agent(agentOptions) };

/**
 * Never rejects and never throws out of an event: a throw in this code (a bug, or an answer it cannot
 * handle) is a failed copy, reported to `onThrow`.
 */
export function sendCopy(
  base: URL,
  copy: RequestCopy,
  timeoutMs: number,
  maxBodyBytes: number,
  onThrow: (cause: unknown) => void = () => {},
): Promise<CopyResult> {
  return new Promise((resolve) => {
    let request: http.ClientRequest | undefined;
    const timer = setTimeout(() => {
      resolve({ kind: 'failed', reason: `no complete answer within ${timeoutMs} ms` });
      request?.destroy();
    }, timeoutMs);
    const failedInside = (cause: unknown) => {
      clearTimeout(timer);
      onThrow(cause);
      request?.destroy();
      resolve({ kind: 'failed', reason: `the proxy failed handling the copy: ${String(cause)}` });
    };
    const guard =
      <A extends unknown[]>(callback: (...args: A) => void) =>
      (...args: A) => {
        try {
          callback(...args);
        } catch (cause) {
          failedInside(cause);
        }
      };
    const onResponse = (response: http.IncomingMessage) => {
      // A status Node's parser takes but no comparison can use (000): a failed copy, never a throw.
      if ((response.statusCode ?? 0) < 100) {
        clearTimeout(timer);
        response.destroy();
        return resolve({ kind: 'failed', reason: `invalid status ${response.statusCode ?? 0}` });
      }
      const body = new BoundedBody(maxBodyBytes);
      response.on(
        'data',
        guard((chunk: Buffer) => body.add(chunk)),
      );
      response.once(
        'end',
        guard(() => {
          clearTimeout(timer);
          if (body.tooLarge) return resolve({ kind: 'too-large' });
          const captured = {
            status: response.statusCode ?? 0,
            headers: flattenHeaders(response.headers),
            body: body.bytes(),
          };
          resolve({ kind: 'complete', response: captured });
        }),
      );
      response.once('error', (error) => {
        clearTimeout(timer);
        resolve({ kind: 'failed', reason: error.message });
      });
    };
    try {
      const client = base.protocol === 'https:' ? https : http;
      const headers = { ...copy.headers };
      if (copy.body !== undefined) headers['content-length'] = String(copy.body.length);
      const agent = base.protocol === 'https:' ? agents.https : agents.http;
      const options = {
        protocol: base.protocol,
        hostname: base.hostname,
        port: base.port,
        method: copy.method,
        path: copy.url,
        headers,
        agent,
      };
      request = client.request(options, guard(onResponse));
      request.once('error', (error) => {
        clearTimeout(timer);
        resolve({ kind: 'failed', reason: error.message });
      });
      request.end(copy.body);
    } catch (cause) {
      failedInside(cause);
    }
  });
}
