// A real HTTP server on 127.0.0.1 port 0 standing in for legacy or a new upstream.
import http, { type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TestUpstream {
  url: string;
  server: http.Server;
  close(): Promise<void>;
}

export async function startUpstream(listener: RequestListener): Promise<TestUpstream> {
  const server = http.createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Answers every request with a JSON echo of what arrived: method, url, headers and body. */
export function echoListener(name: string): RequestListener {
  return (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = JSON.stringify({
        backend: name,
        method: req.method,
        url: req.url,
        headers: req.headers,
        body: Buffer.concat(chunks).toString(),
      });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(body);
    });
  };
}

/** An echoing upstream that also counts the requests it got (`calls`), to show a backend was never asked. */
export async function startCountingEcho(name: string): Promise<TestUpstream & { readonly calls: number }> {
  const echo = echoListener(name);
  let calls = 0;
  const upstream = await startUpstream((req, res) => {
    calls++;
    echo(req, res);
  });
  // defineProperty, not Object.assign: assign would copy the getter's value once instead of the getter.
  return Object.defineProperty(upstream, 'calls', { get: () => calls }) as TestUpstream & { readonly calls: number };
}
