import { afterAll, beforeAll, expect, it } from 'vitest';
import { expectStillServing, startHostileSetup, type HostileSetup } from '../../helpers/hostileSetup.ts';
import { rawRequest, statusCodes } from '../../helpers/rawClient.ts';

let setup: HostileSetup;

beforeAll(async () => {
  // The first request is the slowest, so answering in arrival-of-answer order would reorder them.
  const delays: Record<string, number> = { '/p1': 150, '/p2': 50, '/p3': 0 };
  setup = await startHostileSetup({
    respond: (req, res) => setTimeout(() => res.end(`answer ${req.url}`), delays[req.url!] ?? 0),
  });
});
afterAll(() => setup.close());

it('three pipelined requests on one connection get three answers in request order', async () => {
  const pipelined = ['/p1', '/p2', '/p3']
    .map((path, i) => `GET ${path} HTTP/1.1\r\nHost: x\r\n${i === 2 ? 'Connection: close\r\n' : ''}\r\n`)
    .join('');
  const answer = await rawRequest(setup.proxy.url, pipelined, { waitMs: 10_000 });
  expect(statusCodes(answer.text)).toEqual([200, 200, 200]);
  expect([...answer.text.matchAll(/answer (\/p\d)/g)].map((m) => m[1])).toEqual(['/p1', '/p2', '/p3']);
  await expectStillServing(setup);
});
