// A response still in flight when the drain starts carries `Connection: close` (docs/OPERATIONS.md "Signals
// and drain"), so a keep-alive client knows not to send its next request on that connection.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { drainProxyServer } from '../../../proxy/cluster/drain.ts';
import { startProxy, type TestProxy } from '../../helpers/proxy.ts';
import { firstResponse, rawRequest } from '../../helpers/rawClient.ts';
import { startUpstream, type TestUpstream } from '../../helpers/upstream.ts';

let legacy: TestUpstream;
let proxy: TestProxy;
let answerHeld: () => void = () => {};
let held: () => void;
const requestHeld = new Promise<void>((resolve) => (held = resolve));

beforeAll(async () => {
  legacy = await startUpstream((_req, res) => {
    answerHeld = () => res.end('late answer');
    held();
  });
  proxy = await startProxy({ config: { backends: { legacy: { url: legacy.url } } } });
});
afterAll(async () => {
  await proxy.close();
  await legacy.close();
});

it('a keep-alive request answered after the drain started gets Connection: close, and the connection closes', async () => {
  const exchange = rawRequest(proxy.url, 'GET /slow HTTP/1.1\r\nHost: x\r\n\r\n', { waitMs: 10_000 });
  await requestHeld;
  const drained = drainProxyServer(proxy.proxyServer, proxy.proxyServer.upgrades, 5_000);
  answerHeld();
  const answer = await exchange;
  const response = firstResponse(answer.text);
  expect(response.status).toBe(200);
  expect(response.body).toBe('late answer');
  expect(response.headers.connection).toBe('close');
  expect(answer.closedByServer).toBe(true);
  expect(await drained).toBe('drained');
});
