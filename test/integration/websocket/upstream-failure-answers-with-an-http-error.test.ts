import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProxy, type TestProxy } from '../../helpers/proxy.ts';
import { startUpstream, type TestUpstream } from '../../helpers/upstream.ts';
import {
  closeEvent,
  openClient,
  refusedStatus,
  startWsUpstream,
  wsUrl,
  type WsUpstream,
} from '../../helpers/wsTestServers.ts';

describe('a failing WebSocket upstream gets the client an HTTP answer, and the proxy keeps serving', () => {
  let refusing: TestUpstream;
  let silent: http.Server;
  let healthy: WsUpstream;
  let proxy: TestProxy;
  let unreachableUrl: string;

  beforeAll(async () => {
    refusing = await startUpstream((_req, res) => res.end('plain HTTP'));
    refusing.server.on('upgrade', (_req, socket) =>
      socket.end('HTTP/1.1 403 Forbidden\r\ncontent-type: text/plain\r\ncontent-length: 6\r\n\r\nno way'),
    );
    silent = http.createServer();
    // Accepts the TCP connection and never answers the handshake; lets go once the proxy gives up.
    silent.on('upgrade', (_req, socket) => socket.once('end', () => socket.destroy()));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    healthy = await startWsUpstream('legacy');
    const closed = await startUpstream(() => {});
    unreachableUrl = closed.url;
    await closed.close();
    const port = (silent.address() as { port: number }).port;
    proxy = await startProxy({
      config: {
        backends: {
          legacy: { url: healthy.url },
          upstreams: {
            refusing: { url: refusing.url },
            gone: { url: unreachableUrl },
            silent: { url: `http://127.0.0.1:${port}`, timeoutMs: 300 },
          },
        },
        routes: [
          { id: 'refused', match: { path: '/refused' }, new: { upstream: 'refusing' }, weight: 100 },
          { id: 'gone', match: { path: '/gone' }, new: { upstream: 'gone' }, weight: 100 },
          { id: 'silent', match: { path: '/silent' }, new: { upstream: 'silent' }, weight: 100 },
        ],
      },
    });
  });
  afterAll(async () => {
    await proxy.close();
    await refusing.close();
    await healthy.close();
    silent.closeAllConnections();
    await new Promise((resolve) => silent.close(resolve));
  });

  it('an upstream refusal is relayed with its status and body', async () => {
    expect(await refusedStatus(wsUrl(proxy.url, '/refused'))).toEqual({ status: 403, body: 'no way' });
  });

  it('an unreachable upstream answers 502 UPSTREAM_UNREACHABLE', async () => {
    const { status, body } = await refusedStatus(wsUrl(proxy.url, '/gone'));
    expect(status).toBe(502);
    expect(JSON.parse(body)).toMatchObject({ error: { code: 'UPSTREAM_UNREACHABLE' } });
  });

  it('an upstream that never completes the handshake answers 504 after the route timeout', async () => {
    const { status, body } = await refusedStatus(wsUrl(proxy.url, '/silent'));
    expect(status).toBe(504);
    expect(JSON.parse(body)).toMatchObject({ error: { code: 'UPSTREAM_TIMEOUT' } });
  });

  it('a later WebSocket and a later HTTP request still work', async () => {
    const client = await openClient(wsUrl(proxy.url, '/ok'));
    client.close();
    await closeEvent(client);
    expect((await fetch(`${proxy.url}/ok`)).status).toBe(200);
    const metrics = await (await fetch(`${proxy.adminUrl}/metrics`)).text();
    expect(metrics).toMatch(
      /strangler_upstream_errors_total\{route="gone",backend="new",code="UPSTREAM_UNREACHABLE"\} 1/,
    );
  });
});
