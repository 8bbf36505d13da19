import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProxy, type TestProxy } from '../../helpers/proxy.ts';
import {
  closeEvent,
  nextMessage,
  openClient,
  startWsUpstream,
  wsUrl,
  type WsUpstream,
} from '../../helpers/wsTestServers.ts';

describe('WebSocket frames flow both ways between client and legacy through the proxy', () => {
  let legacy: WsUpstream;
  let proxy: TestProxy;

  beforeAll(async () => {
    legacy = await startWsUpstream('legacy');
    proxy = await startProxy({
      config: {
        backends: { legacy: { url: legacy.url } },
        routes: [],
      },
    });
  });
  afterAll(async () => {
    await proxy.close();
    await legacy.close();
  });

  it('relays text and binary messages and keeps their type', async () => {
    const client = await openClient(wsUrl(proxy.url, '/ws/prices?symbol=AAPL'));
    client.send('hello');
    const text = await nextMessage(client);
    expect(text).toEqual({ data: Buffer.from('legacy:hello'), isBinary: false });
    client.send(Buffer.from([0, 1, 255]), { binary: true });
    const binary = await nextMessage(client);
    expect(binary.isBinary).toBe(true);
    expect([...binary.data]).toEqual([...Buffer.from('legacy:'), 0, 1, 255]);
    const closed = closeEvent(client);
    client.close(1000);
    await closed;
  });

  it('forwards path, query, sub-protocol and X-Forwarded-For to the upstream, and its cookie back with the proxy headers', async () => {
    const before = legacy.handshakes.length;
    const client = await openClient(wsUrl(proxy.url, '/ws/prices?symbol=MSFT'), {
      protocols: ['v1', 'v2'],
      headers: { 'x-forwarded-for': '6.6.6.6' },
    });
    expect(client.protocol).toBe('v2'); // the upstream picks the last offered; the client sees that choice
    expect(client.handshakeHeaders['set-cookie']).toEqual(['ws-session=legacy; HttpOnly']);
    expect(client.handshakeHeaders['x-strangler-backend']).toBe('legacy');
    const handshake = legacy.handshakes[before]!;
    expect(handshake.url).toBe('/ws/prices?symbol=MSFT');
    expect(handshake.headers['x-forwarded-for']).toBe('127.0.0.1'); // spoofed value replaced: peer is not trusted
    expect(handshake.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(client.handshakeHeaders['x-request-id']).toBe(handshake.headers['x-request-id']);
    client.close();
    await closeEvent(client);
  });

  it('a message pushed by the upstream reaches the client', async () => {
    const client = await openClient(wsUrl(proxy.url, '/ws/push'));
    const upstreamSide = [...legacy.wss.clients].at(-1)!;
    const received = nextMessage(client);
    upstreamSide.send('tick 1');
    expect((await received).data.toString()).toBe('tick 1');
    client.close();
    await closeEvent(client);
  });
});
