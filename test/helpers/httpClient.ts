// A node:http client that sends exactly the headers given (fetch forbids Connection, TE, Host...) and
// returns everything the proxy answered, trailers included. A fresh connection per request.
import http, { type IncomingHttpHeaders, type OutgoingHttpHeaders } from 'node:http';

export interface HttpAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  rawHeaders: string[];
  trailers: NodeJS.Dict<string>;
  body: Buffer;
}

export function httpRequest(
  url: string,
  options: { method?: string; path?: string; headers?: OutgoingHttpHeaders; body?: string | Buffer } = {},
): Promise<HttpAnswer> {
  const target = new URL(url);
  // Node does not frame DELETE/OPTIONS bodies by itself; without a length they would be sent unframed.
  const headers =
    options.body === undefined
      ? options.headers
      : { 'content-length': Buffer.byteLength(options.body), ...options.headers };
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: target.hostname,
        port: target.port,
        method: options.method ?? 'GET',
        path: options.path ?? '/',
        headers,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            rawHeaders: res.rawHeaders,
            trailers: res.trailers,
            body: Buffer.concat(chunks),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}
