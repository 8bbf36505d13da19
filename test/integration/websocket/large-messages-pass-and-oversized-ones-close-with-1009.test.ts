import { describe, expect, it } from 'vitest';
import { MAX_WEBSOCKET_MESSAGE_BYTES } from '../../../proxy/forward/websocket.ts';
import { closeEvent, openClient, wsLegacyProxyForFile, wsUrl } from '../../helpers/wsTestServers.ts';

describe('large WebSocket messages pass intact; one above the limit closes the connection with 1009', () => {
  const running = wsLegacyProxyForFile();

  it('relays 20 binary messages of 1 MiB each, in order and byte for byte', async () => {
    const client = await openClient(wsUrl(running.proxy.url, '/ws'));
    const received: Buffer[] = [];
    const all = new Promise<void>((resolve) =>
      client.on('message', (data) => {
        received.push(data as Buffer);
        if (received.length === 20) resolve();
      }),
    );
    const sent = Array.from({ length: 20 }, (_, i) => Buffer.alloc(1024 * 1024, i));
    for (const message of sent) client.send(message, { binary: true });
    await all;
    received.forEach((data, i) => expect(data.equals(Buffer.concat([Buffer.from('legacy:'), sent[i]!]))).toBe(true));
    client.close();
    await closeEvent(client);
  });

  it('a message over the limit closes the client with 1009 and the upstream with it', async () => {
    const client = await openClient(wsUrl(running.proxy.url, '/ws'));
    const upstreamSide = [...running.legacy.wss.clients].at(-1)!;
    const clientClosed = closeEvent(client);
    const upstreamClosed = closeEvent(upstreamSide);
    client.send(Buffer.alloc(MAX_WEBSOCKET_MESSAGE_BYTES + 1), { binary: true });
    expect((await clientClosed).code).toBe(1009);
    expect((await upstreamClosed).code).toBe(1009);
  });
});
