// Response heads Node's parser accepts but its writer refuses (status below 100, control characters in
// the reason phrase, a 103 or header it cannot write, a 101 nobody asked for) answer 502
// UPSTREAM_INVALID_RESPONSE on both forwarders (GET: undici, POST with a body: node:http), for legacy and
// for a `new: { url }` service alike, and the proxy keeps serving.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startProxy, type TestProxy } from '../../helpers/proxy.ts';
import { firstResponse, rawRequest, statusCodes } from '../../helpers/rawClient.ts';
import { startRawUpstream, type RawUpstream } from '../../helpers/rawUpstream.ts';

const GOOD = 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok';
const HEADS: Record<string, string> = {
  'status-000': 'HTTP/1.1 000 OK\r\nContent-Length: 2\r\n\r\nok',
  'status-099': 'HTTP/1.1 099 Odd\r\nContent-Length: 2\r\n\r\nok',
  'reason-del': 'HTTP/1.1 200 O\x7fK\r\nContent-Length: 2\r\n\r\nok',
  'reason-soh': 'HTTP/1.1 200 O\x01K\r\nContent-Length: 2\r\n\r\nok',
  'header-del': 'HTTP/1.1 200 OK\r\nX-Evil: a\x7fb\r\nContent-Length: 2\r\n\r\nok',
  'hints-bad-link': `HTTP/1.1 103 Early Hints\r\nLink: </a\x7f>; rel=preload\r\n\r\n${GOOD}`,
  'hints-bad-name': `HTTP/1.1 103 Early Hints\r\nLink: </a>; rel=preload\r\nBad Name: x\r\n\r\n${GOOD}`,
  'unsolicited-101': 'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\nxx',
};

let legacy: RawUpstream;
let newService: RawUpstream;
let proxy: TestProxy;

const answer = (socket: import('node:net').Socket, head: string) => {
  const name = /^\w+ \/(?:new\/)?([\w-]+)/.exec(head)?.[1] ?? '';
  socket.write(HEADS[name] ?? GOOD);
};

beforeAll(async () => {
  legacy = await startRawUpstream(answer);
  newService = await startRawUpstream(answer);
  proxy = await startProxy({
    config: {
      backends: { legacy: { url: legacy.url, timeoutMs: 3_000 } },
      routes: [{ id: 'moved', match: { path: '/new/*' }, new: { url: newService.url, timeoutMs: 3_000 }, weight: 100 }],
    },
  });
});
afterAll(async () => {
  await proxy.close();
  await legacy.close();
  await newService.close();
});

const requests = {
  GET: (path: string) => `GET ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`,
  POST: (path: string) => `POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nConnection: close\r\n\r\nhi`,
};
const cases = Object.keys(HEADS).flatMap((name) =>
  (['GET', 'POST'] as const).flatMap((method) =>
    ['', '/new'].map((prefix) => ({ name, method, path: `${prefix}/${name}` })),
  ),
);

it.each(cases)('$method $path answers one 502 UPSTREAM_INVALID_RESPONSE in time', async ({ method, path }) => {
  const exchange = await rawRequest(proxy.url, requests[method](path), { waitMs: 5_000 });
  expect(exchange.closedByServer).toBe(true);
  expect(exchange.elapsedMs).toBeLessThan(3_000);
  expect(statusCodes(exchange.text)).toEqual([502]);
  const response = firstResponse(exchange.text);
  expect(response.headers['x-evil']).toBeUndefined();
  expect((JSON.parse(response.body) as { error: { code: string } }).error.code).toBe('UPSTREAM_INVALID_RESPONSE');
  const backend = path.startsWith('/new') ? newService : legacy;
  expect(backend.requests.some((head) => head.includes(` ${path} `))).toBe(true);

  const good = path.startsWith('/new') ? '/new/fine' : '/fine';
  const after = await rawRequest(proxy.url, requests[method](good), { waitMs: 5_000 });
  expect(statusCodes(after.text)).toEqual([200]);
  expect(firstResponse(after.text).body).toBe('ok');
});
