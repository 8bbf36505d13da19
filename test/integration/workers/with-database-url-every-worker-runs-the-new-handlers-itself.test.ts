// --workers 2 with in-process handlers. With DATABASE_URL (a real Postgres) each worker opens the store and
// answers new-handler requests itself: the primary starts no loopback handler host, each worker logs its
// own `new services started` on postgres, and an order placed through one worker is read through the
// other, and its fill reaches /ws/portfolio clients on both workers (LISTEN/NOTIFY). Without DATABASE_URL:
// without-database-url-the-primary-hosts-the-new-handlers.test.ts.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { pollUntil } from '../../helpers/poll.ts';
import { startPostgres, type TestPostgres } from '../../helpers/postgres.ts';
import { describeWithTool } from '../../helpers/requiredTool.ts';
import { spawnStrangler, waitForLog, type SpawnedStrangler } from '../../helpers/spawnStrangler.ts';
import { POSTGRES_TOOL } from '../../helpers/storeReplicas.ts';
import { openClient, wsUrl } from '../../helpers/wsTestServers.ts';
import { CONFIG, IN_PRIMARY, IN_WORKERS, request, servedBy } from '../../helpers/workerHandlers.ts';

describeWithTool(POSTGRES_TOOL, '--workers 2 and in-process handlers: where the handlers run', () => {
  let pg: TestPostgres;
  let onPostgres: SpawnedStrangler;
  beforeAll(async () => {
    pg = await startPostgres();
    onPostgres = await spawnStrangler(CONFIG, ['--workers', '2'], { DATABASE_URL: pg.url });
  }, 60_000);
  afterAll(async () => {
    onPostgres?.kill();
    await pg?.destroy();
  });

  it('with DATABASE_URL each worker opens the store and answers itself; the primary hosts no handlers', async () => {
    const pids = new Set<unknown>();
    for (let i = 0; i < 8; i++) {
      const answer = await request(`${onPostgres.proxyUrl}/api/status`);
      expect(answer).toMatchObject({ status: 200, backend: 'new' });
      pids.add(await servedBy(onPostgres, answer));
    }
    expect(pids.size).toBe(2);
    const started = onPostgres.logs.filter((l) => l.msg === 'new services started');
    expect(started.map((l) => l.store)).toEqual(['postgres', 'postgres']);
    // Each serving worker started its own services; the primary (no worker field) started none.
    expect(new Set(started.map((l) => l.worker))).toEqual(pids);
    expect(onPostgres.logs.some((l) => l.msg === IN_WORKERS)).toBe(true);
    expect(onPostgres.logs.filter((l) => l.msg === IN_PRIMARY || l.handlerHost !== undefined)).toEqual([]);
  });

  it('an order placed through one worker is read through the other', async () => {
    const placed = await request(`${onPostgres.proxyUrl}/api/orders`, 'POST', {
      symbol: 'AAPL',
      side: 'buy',
      type: 'market',
      quantity: 1,
    });
    expect(placed.status).toBe(201);
    const { id } = JSON.parse(placed.body) as { id: number };
    const placedBy = await servedBy(onPostgres, placed);
    for (let attempt = 0; attempt < 10; attempt++) {
      const listed = await request(`${onPostgres.proxyUrl}/api/orders`);
      if ((await servedBy(onPostgres, listed)) === placedBy) continue;
      expect(listed.status).toBe(200);
      expect((JSON.parse(listed.body) as { orders: Array<{ id: number }> }).orders.map((order) => order.id)).toContain(
        id,
      );
      return;
    }
    throw new Error(`10 requests all reached worker ${String(placedBy)}: round robin did not reach the other`);
  });

  it('a fill through one worker reaches /ws/portfolio clients on both workers (LISTEN/NOTIFY)', async () => {
    type Client = Awaited<ReturnType<typeof openClient>>;
    const byWorker = new Map<unknown, Client>();
    const extra: Client[] = [];
    for (let attempt = 0; attempt < 6 && byWorker.size < 2; attempt++) {
      const client = await openClient(wsUrl(onPostgres.proxyUrl, '/ws/portfolio'));
      const requestId = client.handshakeHeaders['x-request-id'];
      const opened = await waitForLog(
        onPostgres,
        (l) => l.msg === 'websocket opened' && l.requestId === requestId,
        5_000,
      );
      if (byWorker.has(opened.worker)) extra.push(client);
      else byWorker.set(opened.worker, client);
    }
    expect(byWorker.size).toBe(2);
    const placed = await request(`${onPostgres.proxyUrl}/api/orders`, 'POST', {
      symbol: 'MSFT',
      side: 'buy',
      type: 'market',
      quantity: 1,
    });
    expect(placed.status).toBe(201);
    const { id } = JSON.parse(placed.body) as { id: number };
    const fillSeen = (client: Client) =>
      client.received.some((frame) => {
        const event = JSON.parse(frame) as { type?: string; order_id?: number };
        return event.type === 'order_fill' && event.order_id === id;
      });
    const seen = [];
    for (const client of byWorker.values()) seen.push(await pollUntil(async () => fillSeen(client), Boolean, 5_000));
    expect(seen).toEqual([true, true]);
    for (const client of [...byWorker.values(), ...extra]) client.close();
  });
});
