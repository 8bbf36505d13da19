// Through the real proxy: a route in phase shadow with `shadowWrites: sandbox`. Legacy answers the client's
// POST /api/orders and places the order; new gets the sandboxed copy, answers the same (compared by the
// proxy), and the shared store ends up with exactly one order: legacy's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProxy, type TestProxy } from '../../helpers/proxy.ts';
import { STACK_START_TIMEOUT_MS, startServices, type ServicesUnderTest } from '../../helpers/servicesServer.ts';
import { callApi } from '../../helpers/servicesClient.ts';
import { pollUntil } from '../../helpers/poll.ts';

interface Diffs {
  counts: Record<string, number>;
  mismatches: unknown[];
}

describe('a sandboxed shadow copy of an order through the proxy', () => {
  let services: ServicesUnderTest;
  let proxy: TestProxy;
  beforeAll(async () => {
    services = await startServices();
    proxy = await startProxy({
      handlers: services.stack.handlers,
      config: {
        backends: { legacy: { url: services.legacyUrl } },
        routes: [
          {
            id: 'orders',
            match: { methods: ['GET', 'POST'], path: '/api/orders' },
            new: { handler: 'orders' },
            weight: 0,
            phase: 'shadow',
            // Ids and timestamps differ between the two answers by nature; everything else must match.
            shadow: { sampleRate: 1, calibrationSamples: 0, ignore: ['$.id', '$.created_at', '$.updated_at'] },
            shadowWrites: 'sandbox',
          },
        ],
      },
    });
  }, STACK_START_TIMEOUT_MS);
  afterAll(async () => {
    await proxy?.close();
    await services?.close();
  });

  const diffs = async () => (await (await fetch(`${proxy.adminUrl}/admin/routes/orders/diffs`)).json()) as Diffs;

  it('is answered by legacy, compared with new, and books one order', async () => {
    const balancesBefore = await callApi(services.legacyUrl, 'GET', '/api/balances');
    const response = await fetch(`${proxy.url}/api/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ symbol: 'AAPL', side: 'buy', type: 'market', quantity: 4 }),
    });
    expect(response.status).toBe(201);
    expect(response.headers.get('x-strangler-backend')).toBe('legacy');
    const placed = (await response.json()) as { id: number; filled_price: number };

    // New answered the copy with the same status and body (ids and timestamps aside): a match, not an error.
    const result = await pollUntil(
      diffs,
      (d) => d.counts.match! + d.counts.mismatch! + d.counts.error! + d.counts.shed! >= 1,
    );
    expect(result.mismatches).toEqual([]);
    expect(result.counts).toMatchObject({ match: 1, mismatch: 0, error: 0, shed: 0 });

    const orders = await callApi(services.legacyUrl, 'GET', '/api/orders');
    expect(orders.body).toMatchObject({ total: 1, orders: [placed] });
    const cash = (body: unknown) =>
      (body as { balances: Array<{ asset: string; free: number }> }).balances.find((b) => b.asset === 'USD')!.free;
    const balancesAfter = await callApi(services.legacyUrl, 'GET', '/api/balances');
    expect(cash(balancesAfter.body)).toBeCloseTo(cash(balancesBefore.body) - 4 * placed.filled_price, 6);
    expect((await callApi(services.legacyUrl, 'GET', '/api/positions')).body).toMatchObject({
      positions: [{ symbol: 'AAPL', quantity: 4 }],
    });
  });
});
