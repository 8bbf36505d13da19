import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handlerRegistry } from '../../../proxy/forward/handlers.ts';
import { startProxy, type TestProxy } from '../../helpers/proxy.ts';
import {
  closeEvent,
  echoUpgradeHandler,
  nextMessage,
  openClient,
  refusedStatus,
  startWsUpstream,
  wsUrl,
  type WsUpstream,
} from '../../helpers/wsTestServers.ts';

describe('WebSocket upgrades are routed by the same weight and sticky rules as requests', () => {
  let legacy: WsUpstream;
  let newUpstream: WsUpstream;
  let proxy: TestProxy;

  beforeAll(async () => {
    legacy = await startWsUpstream('legacy');
    newUpstream = await startWsUpstream('new-upstream');
    const handlers = handlerRegistry(
      { feed: (_req, res) => res.end('plain feed') },
      { feed: echoUpgradeHandler('in-process') },
    );
    proxy = await startProxy({
      handlers,
      config: {
        backends: { legacy: { url: legacy.url }, upstreams: { ws2: { url: newUpstream.url } } },
        sticky: { key: ['header:x-user-id'] },
        routes: [
          { id: 'feed-new', match: { path: '/ws/feed' }, new: { handler: 'feed' }, weight: 100 },
          { id: 'feed-old', match: { path: '/ws/old' }, new: { handler: 'feed' }, weight: 0 },
          { id: 'split', match: { path: '/ws/split' }, new: { upstream: 'ws2' }, weight: 50 },
        ],
      },
    });
  });
  afterAll(async () => {
    await proxy.close();
    await legacy.close();
    await newUpstream.close();
  });

  async function backendOf(path: string, userId = 'u1'): Promise<string> {
    const client = await openClient(wsUrl(proxy.url, path), { headers: { 'x-user-id': userId } });
    client.send('who');
    const answer = (await nextMessage(client)).data.toString();
    client.close();
    await closeEvent(client);
    return answer.split(':')[0]!;
  }

  it('weight 100 with an in-process handler: the handler takes the socket', async () => {
    expect(await backendOf('/ws/feed')).toBe('in-process');
  });

  it('the 101 of an in-process handler carries x-strangler-backend and x-request-id, as a relayed one does', async () => {
    const inProcess = await openClient(wsUrl(proxy.url, '/ws/feed'));
    const relayed = await openClient(wsUrl(proxy.url, '/ws/old'));
    expect(inProcess.handshakeHeaders['x-strangler-backend']).toBe('new');
    expect(inProcess.handshakeHeaders['x-request-id']).toMatch(/\S/);
    expect(relayed.handshakeHeaders['x-strangler-backend']).toBe('legacy');
    inProcess.send('who');
    expect((await nextMessage(inProcess)).data.toString()).toMatch(/^in-process:/);
    for (const client of [inProcess, relayed]) {
      client.close();
      await closeEvent(client);
    }
  });

  it('weight 0: relayed to legacy', async () => {
    expect(await backendOf('/ws/old')).toBe('legacy');
  });

  it('a split route sends each user where their plain requests go, every time', async () => {
    const seen = new Set<string>();
    for (let user = 0; user < 12; user++) {
      const userId = `user-${user}`;
      const http = await fetch(`${proxy.url}/ws/split`, { headers: { 'x-user-id': userId } });
      const expected = http.headers.get('x-strangler-backend') === 'new' ? 'new-upstream' : 'legacy';
      expect(await backendOf('/ws/split', userId)).toBe(expected);
      expect(await backendOf('/ws/split', userId)).toBe(expected); // sticky
      seen.add(expected);
    }
    expect(seen).toEqual(new Set(['legacy', 'new-upstream'])); // 12 users at 50 %: both sides used
  });

  it('counts open connections per route and backend, and uncounts them on close', async () => {
    const gauge = async () =>
      (await (await fetch(`${proxy.adminUrl}/metrics`)).text()).match(
        /strangler_websocket_connections\{route="feed-new",backend="new"\} (\d+)/,
      )?.[1];
    const client = await openClient(wsUrl(proxy.url, '/ws/feed'));
    expect(await gauge()).toBe('1');
    client.close();
    await closeEvent(client);
    // The proxy sees the socket close just after the client does: poll briefly.
    for (let tries = 0; tries < 100 && (await gauge()) !== '0'; tries++)
      await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await gauge()).toBe('0');
  });

  it('a handler without a WebSocket endpoint answers 404 to an upgrade', async () => {
    const handlers = handlerRegistry({ plain: (_req, res) => res.end('plain') });
    const plainOnly = await startProxy({
      handlers,
      config: {
        backends: { legacy: { url: legacy.url } },
        routes: [{ id: 'plain', match: { path: '/p' }, new: { handler: 'plain' }, weight: 100 }],
      },
    });
    try {
      expect((await refusedStatus(wsUrl(plainOnly.url, '/p'))).status).toBe(404);
    } finally {
      await plainOnly.close();
    }
  });
});
