// A WebSocket handshake goes through the same opening passes as a plain request: a duplicate Host or too
// many header fields are refused with the error table's answer before any upstream sees the handshake, and
// the client's own shadow marker and address claims never reach the upstream or the in-process handler.
import type { IncomingMessage } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handlerRegistry } from '../../../proxy/forward/handlers.ts';
import { MAX_REQUEST_HEADER_FIELDS } from '../../../proxy/pipeline/passes/limitHeaderCount.ts';
import { startProxy, type TestProxy } from '../../helpers/proxy.ts';
import { firstResponse, rawRequest } from '../../helpers/rawClient.ts';
import {
  closeEvent,
  echoUpgradeHandler,
  nextMessage,
  openClient,
  startWsUpstream,
  wsUrl,
  type WsUpstream,
} from '../../helpers/wsTestServers.ts';

const HANDSHAKE =
  'Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n';

describe('WebSocket upgrades run the same opening passes as plain requests', () => {
  let legacy: WsUpstream;
  let proxy: TestProxy;
  const handlerSaw: IncomingMessage[] = [];

  beforeAll(async () => {
    legacy = await startWsUpstream('legacy');
    const inProcess = echoUpgradeHandler('in-process');
    inProcess.wss.on('connection', (_ws, req: IncomingMessage) => handlerSaw.push(req));
    proxy = await startProxy({
      handlers: handlerRegistry({ feed: (_req, res) => res.end('plain') }, { feed: inProcess }),
      config: {
        backends: { legacy: { url: legacy.url } },
        routes: [{ id: 'feed', match: { path: '/ws/new' }, new: { handler: 'feed' }, weight: 100 }],
      },
    });
  });
  afterAll(async () => {
    await proxy.close();
    await legacy.close();
  });

  it('a handshake with two Host fields gets 400 with the JSON body and an x-request-id; legacy never sees it', async () => {
    const answer = await rawRequest(
      proxy.url,
      `GET /ws/old HTTP/1.1\r\nHost: a.example\r\nHost: b.example\r\n${HANDSHAKE}\r\n`,
    );
    const response = firstResponse(answer.text);
    expect(response.status).toBe(400);
    expect(response.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.parse(response.body)).toMatchObject({
      error: { code: 'BAD_REQUEST', requestId: response.headers['x-request-id'] },
    });
    expect(answer.closedByServer).toBe(true);
    expect(legacy.handshakes.filter((h) => h.url === '/ws/old')).toEqual([]);
  });

  it('a handshake with more header fields than the limit gets 431 TOO_MANY_HEADERS; legacy never sees it', async () => {
    const many = Array.from({ length: MAX_REQUEST_HEADER_FIELDS + 10 }, (_, i) => `X-H${i}: ${i}\r\n`).join('');
    const answer = await rawRequest(proxy.url, `GET /ws/many HTTP/1.1\r\nHost: x\r\n${HANDSHAKE}${many}\r\n`);
    const response = firstResponse(answer.text);
    expect(response.status).toBe(431);
    expect(JSON.parse(response.body)).toMatchObject({ error: { code: 'TOO_MANY_HEADERS' } });
    expect(answer.closedByServer).toBe(true);
    expect(legacy.handshakes.filter((h) => h.url === '/ws/many')).toEqual([]);
  });

  it('the client shadow marker and a spoofed X-Forwarded-For never reach the relayed upstream', async () => {
    const client = await openClient(wsUrl(proxy.url, '/ws/relayed'), {
      headers: { 'x-strangler-shadow': 'sandbox', 'x-forwarded-for': '6.6.6.6', 'x-kept': 'yes' },
    });
    client.send('hi');
    expect((await nextMessage(client)).data.toString()).toBe('legacy:hi');
    client.close();
    await closeEvent(client);
    const seen = legacy.handshakes.find((h) => h.url === '/ws/relayed')!;
    expect(seen.headers['x-strangler-shadow']).toBeUndefined();
    expect(seen.headers['x-forwarded-for']).toBe('127.0.0.1');
    expect(seen.headers['x-kept']).toBe('yes');
    expect(seen.headers['x-request-id']).toBe(client.handshakeHeaders['x-request-id']);
  });

  it('the client shadow marker never reaches an in-process upgrade handler', async () => {
    const client = await openClient(wsUrl(proxy.url, '/ws/new'), { headers: { 'x-strangler-shadow': 'sandbox' } });
    client.send('hi');
    expect((await nextMessage(client)).data.toString()).toBe('in-process:hi');
    client.close();
    await closeEvent(client);
    expect(handlerSaw).toHaveLength(1);
    expect(handlerSaw[0]!.headers['x-strangler-shadow']).toBeUndefined();
    expect(handlerSaw[0]!.headers['x-forwarded-for']).toBe('127.0.0.1');
  });

  it('a dot-segment path is normalized before the route is chosen', async () => {
    const client = await openClient(wsUrl(proxy.url, '/ws/other/../new'));
    client.send('hi');
    expect((await nextMessage(client)).data.toString()).toBe('in-process:hi');
    client.close();
    await closeEvent(client);
  });
});
