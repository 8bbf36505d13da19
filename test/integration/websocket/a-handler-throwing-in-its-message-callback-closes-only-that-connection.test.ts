// An in-process WebSocket handler whose message callback throws: the throw would surface inside the socket's
// 'data' event and end the process. Instead that one connection is closed, the throw is logged and counted
// in strangler_internal_errors_total{site="websocket"}, and the next connection and request work. (This test
// runs the proxy in its own process: an escaped throw would fail it as an uncaught exception.)
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { handlerRegistry } from '../../../proxy/forward/handlers.ts';
import { startProxy, type TestProxy } from '../../helpers/proxy.ts';
import { echoListener, startUpstream, type TestUpstream } from '../../helpers/upstream.ts';
import { closeEvent, echoUpgradeHandler, nextMessage, openClient, wsUrl } from '../../helpers/wsTestServers.ts';

let legacy: TestUpstream;
let proxy: TestProxy;

function throwingUpgradeHandler() {
  const wss = new WebSocketServer({ noServer: true });
  return (req: IncomingMessage, socket: Duplex, head: Buffer) =>
    wss.handleUpgrade(req, socket, head, (ws) => {
      ws.on('message', () => {
        throw new Error('message callback boom');
      });
    });
}

beforeAll(async () => {
  legacy = await startUpstream(echoListener('legacy'));
  proxy = await startProxy({
    handlers: handlerRegistry(
      { boom: (_req, res) => res.end('plain'), echo: (_req, res) => res.end('plain') },
      { boom: throwingUpgradeHandler(), echo: echoUpgradeHandler('echo') },
    ),
    config: {
      backends: { legacy: { url: legacy.url } },
      routes: [
        { id: 'boom', match: { path: '/ws/boom' }, new: { handler: 'boom' }, weight: 100 },
        { id: 'echo', match: { path: '/ws/echo' }, new: { handler: 'echo' }, weight: 100 },
      ],
    },
  });
});
afterAll(async () => {
  await proxy.close();
  await legacy.close();
});

it('the throwing connection is closed and counted; the next WebSocket and HTTP request succeed', async () => {
  const client = await openClient(wsUrl(proxy.url, '/ws/boom'));
  const closed = closeEvent(client);
  client.send('hello');
  expect((await closed).code).toBe(1006); // dropped without a close frame

  const metrics = await (await fetch(`${proxy.adminUrl}/metrics`)).text();
  expect(metrics).toMatch(/strangler_internal_errors_total\{site="websocket"\} 1\b/);

  const next = await openClient(wsUrl(proxy.url, '/ws/echo'));
  next.send('again');
  expect((await nextMessage(next)).data.toString()).toBe('echo:again');
  next.close();
  await closeEvent(next);
  const res = await fetch(`${proxy.url}/plain-after`);
  expect(res.status).toBe(200);
  expect(((await res.json()) as { backend: string }).backend).toBe('legacy');
});
