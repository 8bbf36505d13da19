import http from 'node:http';
import { pipeline } from 'node:stream/promises';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { MIB, repeatedBlocks } from '../../helpers/bulkStream.ts';
import { peakRssDuring, startProxyProcess, type ProxyProcess } from '../../helpers/proxyProcess.ts';
import { startUpstream, type TestUpstream } from '../../helpers/upstream.ts';

const BLOCKS = 100; // 100 MiB each way
const MAX_RSS_GROWTH = 50 * MIB;
let legacy: TestUpstream;
let proxy: ProxyProcess;
let uploaded = 0;

beforeAll(async () => {
  legacy = await startUpstream((req, res) => {
    if (req.method === 'PUT') {
      req.on('data', (chunk: Buffer) => (uploaded += chunk.length));
      req.on('end', () => res.end(String(uploaded)));
      return;
    }
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': BLOCKS * MIB });
    void pipeline(repeatedBlocks(BLOCKS), res).catch(() => {});
  });
  proxy = await startProxyProcess({ backends: { legacy: { url: legacy.url } } });
}, 60_000);
afterAll(async () => {
  await proxy.close();
  await legacy.close();
});

it('a 100 MB upload reaches legacy whole while the proxy’s RSS grows < 50 MB', { timeout: 120_000 }, async () => {
  const { hostname, port } = new URL(proxy.url);
  const before = await proxy.rss();
  let answer = '';
  const peak = await peakRssDuring(proxy, async () => {
    const req = http.request({
      host: hostname,
      port,
      method: 'PUT',
      path: '/upload',
      agent: false,
      headers: { 'content-type': 'application/octet-stream' },
    });
    const response = new Promise<void>((resolve, reject) => {
      req.on('response', (res) => {
        res.on('data', (chunk: Buffer) => (answer += chunk.toString()));
        res.on('end', resolve);
      });
      req.on('error', reject);
    });
    await pipeline(repeatedBlocks(BLOCKS), req);
    await response;
  });
  expect(answer).toBe(String(BLOCKS * MIB));
  expect(peak - before).toBeLessThan(MAX_RSS_GROWTH);
});

it('a 100 MB download reaches the client whole while the proxy’s RSS grows < 50 MB', { timeout: 120_000 }, async () => {
  const { hostname, port } = new URL(proxy.url);
  const before = await proxy.rss();
  let received = 0;
  const peak = await peakRssDuring(proxy, async () => {
    await new Promise<void>((resolve, reject) => {
      http
        .get({ host: hostname, port, path: '/download', agent: false }, (res) => {
          res.on('data', (chunk: Buffer) => (received += chunk.length));
          res.on('end', resolve);
          res.on('error', reject);
        })
        .on('error', reject);
    });
  });
  expect(received).toBe(BLOCKS * MIB);
  expect(peak - before).toBeLessThan(MAX_RSS_GROWTH);
});
