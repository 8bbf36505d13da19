import type WebSocket from 'ws';
import { describe, expect, it } from 'vitest';
import { BAD_GATEWAY } from '../../../proxy/forward/websocketPipe.ts';
import { closeEvent, nextMessage, openClient, wsLegacyProxyForFile, wsUrl } from '../../helpers/wsTestServers.ts';

describe('closing either side of a proxied WebSocket closes the other', () => {
  const running = wsLegacyProxyForFile();

  async function connectedPair(): Promise<{ client: WebSocket; upstreamSide: WebSocket }> {
    const client = await openClient(wsUrl(running.proxy.url, '/ws'));
    client.send('ping'); // a round trip proves the upstream side exists
    await nextMessage(client);
    return { client, upstreamSide: [...running.legacy.wss.clients].at(-1)! };
  }

  it('a client close reaches the upstream with its code and reason', async () => {
    const { client, upstreamSide } = await connectedPair();
    const upstreamClosed = closeEvent(upstreamSide);
    client.close(4000, 'bye');
    expect(await upstreamClosed).toEqual({ code: 4000, reason: 'bye' });
  });

  it('an upstream close reaches the client with its code and reason', async () => {
    const { client, upstreamSide } = await connectedPair();
    const clientClosed = closeEvent(client);
    upstreamSide.close(4001, 'server done');
    expect(await clientClosed).toEqual({ code: 4001, reason: 'server done' });
  });

  it('an upstream that drops the TCP connection makes the proxy close the client with 1014', async () => {
    const { client, upstreamSide } = await connectedPair();
    const clientClosed = closeEvent(client);
    upstreamSide.terminate();
    expect((await clientClosed).code).toBe(BAD_GATEWAY);
  });

  it('a client that drops the TCP connection makes the proxy close the upstream with 1001', async () => {
    const { client, upstreamSide } = await connectedPair();
    const upstreamClosed = closeEvent(upstreamSide);
    client.terminate();
    expect((await upstreamClosed).code).toBe(1001);
  });
});
