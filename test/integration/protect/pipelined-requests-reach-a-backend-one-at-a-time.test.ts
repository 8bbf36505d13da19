import { afterAll, beforeAll, expect, it } from 'vitest';
import { startConcurrencyUpstream, type ConcurrencyUpstream } from '../../helpers/concurrencyUpstream.ts';
import { eventually } from '../../helpers/legacyOnlyProxy.ts';
import { startProxy, type TestProxy } from '../../helpers/proxy.ts';
import { rawRequest, statusCodes } from '../../helpers/rawClient.ts';

let legacy: ConcurrencyUpstream;
let upstreamNew: ConcurrencyUpstream;
let proxy: TestProxy;

beforeAll(async () => {
  legacy = await startConcurrencyUpstream(5);
  upstreamNew = await startConcurrencyUpstream(5);
  proxy = await startProxy({
    config: {
      backends: { legacy: { url: legacy.url } },
      routes: [
        { id: 'moved', match: { path: '/moved' }, new: { url: upstreamNew.url }, weight: 100 },
        { id: 'gone', match: { path: '/gone/*' }, new: { url: upstreamNew.url }, weight: 0 },
      ],
    },
  });
});
afterAll(async () => {
  await proxy.close();
  await legacy.close();
  await upstreamNew.close();
});

const get = (path: string) => `GET ${path} HTTP/1.1\r\nHost: x\r\n\r\n`;
const post = (path: string) => `POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n\r\nbody`;
const answers = (text: string) => [...text.matchAll(/answer (\/[^;]+);/g)].map((match) => match[1]);

// Bodiless requests go through undici, requests with a body through node:http: both must wait their turn.
it('60 pipelined requests (GET and POST) reach legacy one at a time and are all answered in order', async () => {
  const paths = Array.from({ length: 60 }, (_, i) => `/p${i}`);
  const payload = paths.map((path, i) => (i % 2 === 0 ? get(path) : post(path))).join('');
  const answer = await rawRequest(proxy.url, payload, { waitMs: 20_000, until: (text) => answers(text).length === 60 });
  expect(statusCodes(answer.text)).toEqual(paths.map(() => 200));
  expect(answers(answer.text)).toEqual(paths);
  expect(legacy.load.arrived).toEqual(paths);
  expect(legacy.load.maxInFlight).toBe(1);
});

it('pipelined requests to a new { url } upstream are served one at a time too', async () => {
  const payload = Array.from({ length: 20 }, (_, i) => get(`/moved?i=${i}`)).join('');
  const answer = await rawRequest(proxy.url, payload, { waitMs: 20_000, until: (text) => answers(text).length === 20 });
  expect(answers(answer.text)).toEqual(Array.from({ length: 20 }, (_, i) => `/moved?i=${i}`));
  expect(upstreamNew.load.maxInFlight).toBe(1);
});

it('requests still waiting when the client leaves never reach legacy and are each counted once', async () => {
  const before = legacy.load.arrived.length;
  const payload = Array.from({ length: 10 }, (_, i) => get(`/gone/${i}`)).join('');
  // Leave as soon as the first answer is in: the others are still waiting their turn.
  await rawRequest(proxy.url, payload, { waitMs: 10_000, until: (text) => answers(text).length >= 1 });
  const counted = (metrics: string) =>
    [...metrics.matchAll(/^strangler_requests_total\{[^}]*route="gone"[^}]*\} (\d+)/gm)].reduce(
      (sum, m) => sum + Number(m[1]),
      0,
    );
  let metrics = '';
  const deadline = Date.now() + 10_000;
  while (counted(metrics) < 10 && Date.now() < deadline) {
    metrics = await (await fetch(`${proxy.adminUrl}/metrics`)).text();
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  expect(legacy.load.arrived.length - before).toBeLessThan(10);
  expect(counted(metrics)).toBe(10);
  await eventually(() => legacy.load.inFlight === 0);
});
