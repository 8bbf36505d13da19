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

export type CopyResult = { kind: 'complete'; response: CapturedResponse } | { kind: 'too-large' } | { kind: 'failed'; reason: string };

const agentOptions = { keepAlive: true, timeout: 1_000, maxSockets: 64 };
const agents = { http: new http.Agent(agentOptions), https: new https.Agent(agentOptions) };

export function sendCopy(base: URL, copy: RequestCopy, timeoutMs: number, maxBodyBytes: number): Promise<CopyResult> {
  return new Promise((resolve) => {
    const client = base.protocol === 'https:' ? https : http;
    const headers = { ...copy.headers };
    if (copy.body !== undefined) headers['content-length'] = String(copy.body.length);
    const request = client.request(
      { protocol: base.protocol, hostname: base.hostname, port: base.port, method: copy.method, path: copy.url, headers, agent: base.protocol === 'https:' ? agents.https : agents.http },
      (response) => {
        // A status Node's parser takes but no comparison can use (000): a failed copy, never a throw.
        if ((response.statusCode ?? 0) < 100) {
          clearTimeout(timer);
          response.destroy();
          return resolve({ kind: 'failed', reason: `invalid status ${response.statusCode ?? 0}` });
        }
        const body = new BoundedBody(maxBodyBytes);
        response.on('data', (chunk: Buffer) => body.add(chunk));
        response.once('end', () => {
          clearTimeout(timer);
          if (body.tooLarge) resolve({ kind: 'too-large' });
          else resolve({ kind: 'complete', response: { status: response.statusCode ?? 0, headers: flattenHeaders(response.headers), body: body.bytes() } });
        });
        response.once('error', (error) => {
          clearTimeout(timer);
          resolve({ kind: 'failed', reason: error.message });
        });
      },
    );
    const timer = setTimeout(() => {
      resolve({ kind: 'failed', reason: `no complete answer within ${timeoutMs} ms` });
      request.destroy();
    }, timeoutMs);
    request.once('error', (error) => {
      clearTimeout(timer);
      resolve({ kind: 'failed', reason: error.message });
    });
    request.end(copy.body);
  });
}
