// `x-strangler-shadow: sandbox` (a shadow copy of a write): new answers as it would for real, but the store,
// the portfolio event bus and background tasks keep no trace of it. `read` changes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { PortfolioEventSchema, type PortfolioEvent } from '../../../services/domain/events.ts';
import { OrderSchema } from '../../../services/orders/schema.ts';
import { STACK_START_TIMEOUT_MS, startServices, type ServicesUnderTest } from '../../helpers/servicesServer.ts';
import { callApi, SAMPLE_ANALYSIS } from '../../helpers/servicesClient.ts';

const SANDBOX = { 'x-strangler-shadow': 'sandbox' };
const MARKET_BUY = { symbol: 'AAPL', side: 'buy', type: 'market', quantity: 3 } as const;
const LIMIT_BUY = { symbol: 'MSFT', side: 'buy', type: 'limit', quantity: 2, price: 1 } as const;

describe('sandboxed shadow requests leave no trace on new', () => {
  let services: ServicesUnderTest;
  let socket: WebSocket;
  const events: PortfolioEvent[] = [];

  /** Everything a write could change: orders, balances, positions, config, task counters. */
  const snapshot = async () => {
    const read = async (path: string) => {
      const answer = await callApi(services.newUrl, 'GET', path);
      expect(answer.status, path).toBe(200);
      return answer.body as Record<string, unknown>;
    };
    return {
      orders: await read('/api/orders?page_size=100'),
      balances: await read('/api/balances'),
      positions: await read('/api/positions'),
      config: await read('/api/config'),
      counters: (await read('/api/monitoring')).counters,
    };
  };

  beforeAll(async () => {
    services = await startServices();
    socket = new WebSocket(`${services.newUrl.replace('http', 'ws')}/ws/portfolio`);
    socket.on('message', (data) => events.push(PortfolioEventSchema.parse(JSON.parse(String(data)))));
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  }, STACK_START_TIMEOUT_MS);
  afterAll(async () => {
    socket?.close();
    await services?.close();
  });

  it('answers a sandboxed market order like a real one, but books nothing and publishes no fill', async () => {
    const before = await snapshot();
    const sandboxed = await callApi(services.newUrl, 'POST', '/api/orders', MARKET_BUY, SANDBOX);
    expect(sandboxed.status).toBe(201);
    expect(OrderSchema.parse(sandboxed.body)).toMatchObject({
      ...MARKET_BUY,
      status: 'filled',
      filled_price: expect.any(Number),
    });
    expect(await snapshot()).toEqual(before);

    // A real order right after: same answer (but its own id), booked, and its fill is published.
    const real = await callApi(services.newUrl, 'POST', '/api/orders', MARKET_BUY);
    expect(real.status).toBe(201);
    const {
      id: sandboxedId,
      created_at: _c1,
      updated_at: _u1,
      ...sandboxedRest
    } = sandboxed.body as Record<string, unknown>;
    const { id: realId, created_at: _c2, updated_at: _u2, ...realRest } = real.body as Record<string, unknown>;
    expect(realRest).toEqual(sandboxedRest);
    expect(realId).not.toBe(sandboxedId);
    const after = await snapshot();
    expect((after.orders as { total: number }).total).toBe((before.orders as { total: number }).total + 1);
    expect(after.positions).not.toEqual(before.positions);

    await expect.poll(() => events.some((e) => e.type === 'order_fill' && e.order_id === realId)).toBe(true);
    expect(events.filter((e) => e.type === 'order_fill' && e.order_id === sandboxedId)).toEqual([]);
    expect(events.filter((e) => e.type === 'order_fill')).toHaveLength(1);
  });

  it('answers a sandboxed limit order and its cancel, leaving the reservation untouched', async () => {
    const placedSandboxed = await callApi(services.newUrl, 'POST', '/api/orders', LIMIT_BUY, SANDBOX);
    expect(placedSandboxed).toMatchObject({ status: 201, body: { ...LIMIT_BUY, status: 'open' } });

    const open = await callApi(services.newUrl, 'POST', '/api/orders', LIMIT_BUY);
    expect(open).toMatchObject({ status: 201, body: { status: 'open' } });
    const id = (open.body as { id: number }).id;
    const before = await snapshot();
    const cancelled = await callApi(services.newUrl, 'DELETE', `/api/orders/${id}`, undefined, SANDBOX);
    expect(cancelled).toMatchObject({ status: 200, body: { id, status: 'cancelled' } });
    expect(await snapshot()).toEqual(before);
    expect((await callApi(services.newUrl, 'GET', `/api/orders/${id}`)).body).toMatchObject({ status: 'open' });

    // The real cancel still works and answers the same.
    const real = await callApi(services.newUrl, 'DELETE', `/api/orders/${id}`);
    expect(real).toMatchObject({ status: 200, body: { id, status: 'cancelled' } });
  });

  it('gives the same validation, risk and state errors as a real request', async () => {
    const cases: Array<[string, string, unknown]> = [
      ['POST', '/api/orders', { side: 'buy' }],
      ['POST', '/api/orders', { ...MARKET_BUY, quantity: 1_000_000 }],
      ['DELETE', '/api/orders/999999', undefined],
      ['PUT', '/api/config', { strategy: { fast_period: 50, slow_period: 10 } }],
    ];
    const before = await snapshot();
    for (const [method, path, body] of cases) {
      const sandboxed = await callApi(services.newUrl, method, path, body, SANDBOX);
      const real = await callApi(services.newUrl, method, path, body);
      expect(sandboxed.status, `${method} ${path}`).toBeGreaterThanOrEqual(400);
      expect(sandboxed, `${method} ${path}`).toEqual(real);
    }
    expect(await snapshot()).toEqual(before);
  });

  it('answers a sandboxed config update with the merged config but keeps the stored one', async () => {
    const before = await snapshot();
    const update = { risk: { max_position_size: 1234 } };
    const sandboxed = await callApi(services.newUrl, 'PUT', '/api/config', update, SANDBOX);
    expect(sandboxed).toMatchObject({ status: 200, body: { risk: { max_position_size: 1234 } } });
    expect(await snapshot()).toEqual(before);

    const real = await callApi(services.newUrl, 'PUT', '/api/config', update);
    expect(real).toEqual(sandboxed);
    expect((await callApi(services.newUrl, 'GET', '/api/config')).body).toEqual(real.body);
    await callApi(services.newUrl, 'PUT', '/api/config', { risk: (before.config as { risk: object }).risk });
  });

  it('refuses a sandboxed analysis (it would run after the response) with 409 sandbox_unsupported, after validation', async () => {
    const before = await snapshot();
    const eventsBefore = events.length;
    const refused = await callApi(services.newUrl, 'POST', '/api/analyze', SAMPLE_ANALYSIS, SANDBOX);
    expect(refused).toMatchObject({
      status: 409,
      body: { error: 'sandbox_unsupported', message: expect.stringContaining('background') },
    });
    const invalid = await callApi(services.newUrl, 'POST', '/api/analyze', { positions: {} }, SANDBOX);
    expect(invalid).toMatchObject({ status: 422, body: { error: 'validation_error' } });
    expect(await snapshot()).toEqual(before);
    expect(events.slice(eventsBefore).filter((e) => e.type.startsWith('analysis'))).toEqual([]);
  });

  it('treats x-strangler-shadow: read as an ordinary request', async () => {
    const before = await snapshot();
    const placed = await callApi(services.newUrl, 'POST', '/api/orders', MARKET_BUY, { 'x-strangler-shadow': 'read' });
    expect(placed.status).toBe(201);
    expect((await callApi(services.newUrl, 'GET', `/api/orders/${(placed.body as { id: number }).id}`)).body).toEqual(
      placed.body,
    );
    expect(((await snapshot()).orders as { total: number }).total).toBe((before.orders as { total: number }).total + 1);
  });
});
