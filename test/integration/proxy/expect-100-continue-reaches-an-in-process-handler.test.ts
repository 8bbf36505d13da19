import http from 'node:http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { handlerRegistry } from '../../../proxy/forward/handlers.ts';
import { startProxy, type TestProxy } from '../../helpers/proxy.ts';
import { echoListener, startUpstream, type TestUpstream } from '../../helpers/upstream.ts';

let legacy: TestUpstream;
let proxy: TestProxy;

beforeAll(async () => {
  legacy = await startUpstream(echoListener('legacy'));
  proxy = await startProxy({
    handlers: handlerRegistry({
      store: (req, res) => {
        let body = '';
        req.on('data', (chunk: Buffer) => (body += chunk.toString()));
        req.on('end', () => res.end(`new stored ${body}`));
      },
    }),
    config: {
      backends: { legacy: { url: legacy.url } },
      routes: [{ id: 'store', match: { path: '/store' }, new: { handler: 'store' }, weight: 100 }],
    },
  });
});
afterAll(async () => {
  await proxy.close();
  await legacy.close();
});

it('the proxy sends 100 Continue for a request bound to an in-process handler, which then gets the body', async () => {
  const { hostname, port } = new URL(proxy.url);
  const result = await new Promise<{ gotContinue: boolean; body: string }>((resolve, reject) => {
    let gotContinue = false;
    const req = http.request(
      {
        host: hostname,
        port,
        method: 'POST',
        path: '/store',
        headers: { expect: '100-continue', 'content-length': 5 },
        agent: false,
      },
      (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve({ gotContinue, body }));
      },
    );
    req.on('continue', () => {
      gotContinue = true;
      req.end('hello');
    });
    req.on('error', reject);
  });
  expect(result).toEqual({ gotContinue: true, body: 'new stored hello' });
});
