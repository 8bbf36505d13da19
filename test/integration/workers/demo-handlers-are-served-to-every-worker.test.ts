import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnStrangler, type SpawnedStrangler } from '../../helpers/spawnStrangler.ts';
import { openClient, wsUrl } from '../../helpers/wsTestServers.ts';
import { getOnFreshConnection, servingWorkers } from '../../helpers/freshConnection.ts';

// --demo with --workers 2: the reference services (one store) run in the primary, both workers reach them.
const DEMO_ENV = { STRANGLER_DEMO_DATA_DIR: 'memory://', LEGACY_PORT: '0' };

describe('with --demo --workers 2, in-process handlers hosted by the primary serve requests and WebSockets from every worker', () => {
  let strangler: SpawnedStrangler;

  beforeAll(async () => {
    strangler = await spawnStrangler(
      {
        backends: { legacy: { url: 'http://127.0.0.1:9' } }, // unused: every route is fully on new
        routes: [
          { id: 'status', match: { methods: ['GET'], path: '/api/status' }, new: { handler: 'status' }, weight: 100 },
          {
            id: 'portfolio-ws',
            match: { methods: ['GET'], path: '/ws/portfolio' },
            new: { handler: 'portfolio-ws' },
            weight: 100,
          },
          { id: 'orders', match: { methods: ['POST'], path: '/api/orders' }, new: { handler: 'orders' }, weight: 100 },
        ],
      },
      ['--demo', '--workers', '2'],
      DEMO_ENV,
    );
  }, 60_000);
  afterAll(() => strangler.kill());

  it('answers /api/status from the new handler through both workers', async () => {
    const from = strangler.logs.length;
    for (let i = 0; i < 10; i++) {
      const answer = await getOnFreshConnection(`${strangler.proxyUrl}/api/status`);
      expect(answer).toMatchObject({ status: 200, backend: 'new' });
    }
    expect((await servingWorkers(strangler.logs, from, 10)).size).toBe(2);
  });

  it('relays the portfolio WebSocket from the primary-hosted handler', async () => {
    const client = await openClient(wsUrl(strangler.proxyUrl, '/ws/portfolio'));
    expect(client.handshakeHeaders['x-strangler-backend']).toBe('new');
    const frames = () => client.received.map((text) => JSON.parse(text) as { type?: unknown; symbol?: unknown });
    // A market order fills at once, and the fill is pushed to portfolio subscribers.
    const placed = await fetch(`${strangler.proxyUrl}/api/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ symbol: 'AAPL', side: 'buy', type: 'market', quantity: 1 }),
    });
    expect(placed.status).toBe(201);
    for (let waited = 0; !frames().some((f) => f.type === 'order_fill') && waited < 10_000; waited += 50)
      await new Promise((r) => setTimeout(r, 50));
    expect(frames()[0]).toMatchObject({ type: 'connected' });
    expect(frames().find((f) => f.type === 'order_fill')).toMatchObject({ type: 'order_fill', symbol: 'AAPL' });
    client.close();
  });
});
