import http from 'node:http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startLegacyProxy } from '../../helpers/legacyOnlyProxy.ts';
import type { TestProxy } from '../../helpers/proxy.ts';
import { startUpstream, type TestUpstream } from '../../helpers/upstream.ts';

let legacy: TestUpstream;
let proxy: TestProxy;
const expectations: string[] = [];

beforeAll(async () => {
  legacy = await startUpstream((req, res) => res.end('unused'));
  // Legacy decides: /upload gets its 100 Continue, /forbidden is refused before any body is sent.
  legacy.server.on('checkContinue', (req, res) => {
    expectations.push(String(req.headers.expect));
    if (req.url === '/forbidden') {
      res.writeHead(417, { connection: 'close' });
      res.end('no thanks');
      return;
    }
    res.writeContinue();
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => res.end(`stored ${Buffer.concat(chunks).toString()}`));
  });
  proxy = await startLegacyProxy(legacy.url);
});
afterAll(async () => {
  await proxy.close();
  await legacy.close();
});

function upload(path: string): Promise<{ status: number; body: string; gotContinue: boolean; sentBody: boolean }> {
  const { hostname, port } = new URL(proxy.url);
  return new Promise((resolve, reject) => {
    let gotContinue = false;
    let sentBody = false;
    const req = http.request(
      {
        host: hostname,
        port,
        method: 'PUT',
        path,
        headers: { expect: '100-continue', 'content-length': 5 },
        agent: false,
      },
      (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, gotContinue, sentBody }));
      },
    );
    req.on('continue', () => {
      gotContinue = true;
      sentBody = true;
      req.end('hello');
    });
    req.on('error', reject);
  });
}

it('legacy’s 100 Continue reaches the client, which then sends the body', async () => {
  expect(await upload('/upload')).toEqual({ status: 200, body: 'stored hello', gotContinue: true, sentBody: true });
  expect(expectations).toContain('100-continue');
});

it('legacy refusing the expectation reaches the client before it sends the body', async () => {
  expect(await upload('/forbidden')).toEqual({ status: 417, body: 'no thanks', gotContinue: false, sentBody: false });
});
