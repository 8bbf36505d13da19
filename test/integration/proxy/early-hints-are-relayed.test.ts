import http from 'node:http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startLegacyProxy } from '../../helpers/legacyOnlyProxy.ts';
import type { TestProxy } from '../../helpers/proxy.ts';
import { startUpstream, type TestUpstream } from '../../helpers/upstream.ts';

let legacy: TestUpstream;
let proxy: TestProxy;

beforeAll(async () => {
  legacy = await startUpstream((_req, res) => {
    res.writeEarlyHints({ link: '</app.css>; rel=preload; as=style' });
    setTimeout(() => res.end('page'), 20);
  });
  proxy = await startLegacyProxy(legacy.url);
});
afterAll(async () => {
  await proxy.close();
  await legacy.close();
});

it('a 103 from legacy reaches the client before the final response', async () => {
  const { hostname, port } = new URL(proxy.url);
  const events = await new Promise<string[]>((resolve, reject) => {
    const seen: string[] = [];
    const req = http.get({ host: hostname, port, path: '/page', agent: false }, (res) => {
      seen.push(`final ${res.statusCode}`);
      res.resume();
      res.on('end', () => resolve(seen));
    });
    req.on('information', (info) => seen.push(`${info.statusCode} ${info.headers.link}`));
    req.on('error', reject);
  });
  expect(events).toEqual(['103 </app.css>; rel=preload; as=style', 'final 200']);
});
