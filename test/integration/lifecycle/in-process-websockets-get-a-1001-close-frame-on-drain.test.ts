import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drainProxyServer } from '../../../proxy/cluster/drain.ts';
import { handlerRegistry } from '../../../proxy/forward/handlers.ts';
import { startProxy, type TestProxy } from '../../helpers/proxy.ts';
import { closeEvent, echoUpgradeHandler, nextMessage, openClient, wsUrl } from '../../helpers/wsTestServers.ts';

describe('a drain sends WebSockets served by an in-process handler a 1001 close frame', () => {
  const feed = echoUpgradeHandler('in-process');
  let proxy: TestProxy;

  beforeAll(async () => {
    proxy = await startProxy({
      handlers: handlerRegistry({}, { feed }),
      config: {
        backends: { legacy: { url: 'http://127.0.0.1:9' } },
        routes: [{ id: 'feed', match: { path: '/ws/feed' }, new: { handler: 'feed' }, weight: 100 }],
      },
    });
  });
  afterAll(async () => {
    await proxy.close();
  });

  it('closes the client with 1001, the handler sees the close, and the drain completes', async () => {
    const client = await openClient(wsUrl(proxy.url, '/ws/feed'));
    client.send('hi');
    expect((await nextMessage(client)).data.toString()).toBe('in-process:hi');
    const handlerSide = [...feed.wss.clients].at(-1)!;
    const handlerClosed = closeEvent(handlerSide);
    const clientClosed = closeEvent(client);
    const drained = drainProxyServer(proxy.proxyServer, proxy.proxyServer.upgrades, 10_000);
    expect((await clientClosed).code).toBe(1001);
    expect((await handlerClosed).code).toBe(1001); // the client echoed the proxy's close frame to the handler
    expect(await drained).toBe('drained');
  });
});
