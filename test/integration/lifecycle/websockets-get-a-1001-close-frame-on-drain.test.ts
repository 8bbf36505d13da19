import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  closeEvent,
  nextMessage,
  openClient,
  startWsUpstream,
  wsUrl,
  type WsUpstream,
} from '../../helpers/wsTestServers.ts';
import { spawnStrangler, type SpawnedStrangler } from '../../helpers/spawnStrangler.ts';

describe('on SIGINT (Ctrl-C) an open WebSocket gets a 1001 close frame on both sides and the process exits 0', () => {
  let legacy: WsUpstream;
  let strangler: SpawnedStrangler;

  beforeAll(async () => {
    legacy = await startWsUpstream('legacy');
    strangler = await spawnStrangler({ backends: { legacy: { url: legacy.url } } }, ['--workers', '1']);
  });
  afterAll(async () => {
    strangler.kill();
    await legacy.close();
  });

  it('closes with 1001', async () => {
    const client = await openClient(wsUrl(strangler.proxyUrl, '/ws'));
    client.send('hi');
    expect((await nextMessage(client)).data.toString()).toBe('legacy:hi');
    const upstreamSide = [...legacy.wss.clients].at(-1)!;
    const upstreamClosed = closeEvent(upstreamSide);
    const clientClosed = closeEvent(client);
    strangler.child.kill('SIGINT');
    expect(await clientClosed).toEqual({ code: 1001, reason: 'proxy shutting down' });
    expect((await upstreamClosed).code).toBe(1001);
    expect(await strangler.exited).toEqual({ code: 0, signal: null });
  });
});
