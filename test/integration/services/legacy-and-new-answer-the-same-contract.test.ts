// The same request sequence against legacy and against new (each on its own fresh store) gives equal
// status codes and equal JSON, except the volatile fields listed once below.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STACK_START_TIMEOUT_MS, startServices, type ServicesUnderTest } from '../../helpers/servicesServer.ts';
import { callApi, pollTask, SAMPLE_ANALYSIS, type ApiAnswer } from '../../helpers/servicesClient.ts';

/** Fields that legitimately differ between two runs: timestamps, generated ids, uptime. */
const VOLATILE_FIELDS = ['created_at', 'updated_at', 'uptime_seconds', 'task_id'];

const API_KEY = 'test-key-0123456789abcdef';

type Step = [method: string, path: string, body?: unknown, headers?: Record<string, string>];

const SEQUENCE: Step[] = [
  ['GET', '/api/status'],
  ['GET', '/api/balances'],
  ['GET', '/api/positions'],
  ['GET', '/api/config'],
  ['GET', '/api/monitoring'],
  ['GET', '/api/market/AAPL'],
  ['GET', '/api/market/aapl'],
  ['GET', '/api/market/NOPE'],
  ['GET', '/api/market/bad$symbol'],
  ['GET', '/api/orderbook/MSFT?depth=3'],
  ['GET', '/api/orderbook/MSFT?depth=0'],
  ['GET', '/api/orderbook/ZZZZ'],
  ['POST', '/api/orders', { symbol: 'AAPL', side: 'buy', type: 'market', quantity: 10 }],
  ['POST', '/api/orders', { symbol: 'MSFT', side: 'buy', type: 'limit', quantity: 5, price: 1 }],
  ['POST', '/api/orders', { symbol: 'NVDA', side: 'buy', type: 'limit', quantity: 1, price: 1_000 }],
  ['POST', '/api/orders', { symbol: 'AAPL', side: 'sell', type: 'market', quantity: 4 }],
  ['POST', '/api/orders', { symbol: 'AAPL', side: 'sell', type: 'market', quantity: 400 }],
  ['POST', '/api/orders', { symbol: 'NVDA', side: 'buy', type: 'market', quantity: 1_000_000 }],
  ['POST', '/api/orders', { symbol: 'NOPE', side: 'buy', type: 'market', quantity: 1 }],
  ['POST', '/api/orders', { symbol: 'AAPL', side: 'hold', type: 'limit', quantity: -3 }],
  ['POST', '/api/orders', { symbol: 'AAPL', side: 'buy', type: 'market', quantity: 1, price: 3 }],
  ['POST', '/api/orders', '{"symbol": "AAPL",'],
  ['POST', '/api/orders'],
  ['GET', '/api/orders'],
  ['GET', '/api/orders?status=open'],
  ['GET', '/api/orders?symbol=aapl&page=1&page_size=1'],
  ['GET', '/api/orders?status=lost&page=0'],
  ['GET', '/api/orders/1'],
  ['GET', '/api/orders/999'],
  ['GET', '/api/orders/abc'],
  ['DELETE', '/api/orders/2'],
  ['DELETE', '/api/orders/2'],
  ['DELETE', '/api/orders/999'],
  ['GET', '/api/balances'],
  ['GET', '/api/positions'],
  ['PUT', '/api/config', { risk: { max_exposure: 80_000 }, strategy: { fast_period: 5 } }],
  ['PUT', '/api/config', { risk: { max_exposure: -1 }, strategy: { fast_period: 500 }, colour: 'red' }],
  ['PUT', '/api/config', { strategy: { fast_period: 50, slow_period: 40 } }],
  ['POST', '/api/backtest', { symbol: 'AAPL', start_date: '2023-01-01', end_date: '2024-06-30' }],
  ['POST', '/api/backtest', { symbol: 'AAPL', start_date: '2024-06-01', end_date: '2024-06-10' }],
  ['POST', '/api/backtest', { symbol: 'AAPL', start_date: '2024-06-30', end_date: '2024-01-01', initial_capital: 0 }],
  ['POST', '/api/analyze', { positions: {}, start_date: 'yesterday', risk_tolerance: 'reckless' }],
  ['GET', '/api/status/00000000-0000-0000-0000-000000000000'],
  ['PUT', '/api/config', { api_keys: [API_KEY] }],
  ['GET', '/api/balances'],
  ['GET', '/api/orders/1', undefined, { 'x-api-key': 'wrong' }],
  ['GET', '/api/orders/1', undefined, { 'x-api-key': API_KEY }],
  ['PUT', '/api/config', { api_keys: [], trading_enabled: false }, { 'x-api-key': API_KEY }],
  ['GET', '/api/status'],
  ['POST', '/api/orders', { symbol: 'AAPL', side: 'buy', type: 'market', quantity: 1 }],
  ['GET', '/api/monitoring'],
];

function withoutVolatile(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutVolatile);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).filter(([key]) => !VOLATILE_FIELDS.includes(key)).map(([k, v]) => [k, withoutVolatile(v)]));
}

async function run(baseUrl: string): Promise<ApiAnswer[]> {
  const answers: ApiAnswer[] = [];
  for (const [method, path, body, headers] of SEQUENCE) answers.push(await callApi(baseUrl, method, path, body, headers));
  return answers;
}

describe('legacy and new answer the same contract', () => {
  let legacySide: ServicesUnderTest;
  let newSide: ServicesUnderTest;
  beforeAll(async () => {
    [legacySide, newSide] = await Promise.all([startServices(), startServices()]);
  }, STACK_START_TIMEOUT_MS);
  afterAll(async () => {
    await Promise.all([legacySide?.close(), newSide?.close()]);
  });

  it('gives equal status codes and bodies for every step of the sequence', async () => {
    const legacy = await run(legacySide.legacyUrl);
    const fresh = await run(newSide.newUrl);
    SEQUENCE.forEach(([method, path], i) => {
      const step = `${i}: ${method} ${path}`;
      expect({ step, status: fresh[i]!.status, body: withoutVolatile(fresh[i]!.body) }).toEqual({
        step, status: legacy[i]!.status, body: withoutVolatile(legacy[i]!.body),
      });
    });
    const statuses = new Set(legacy.map((a) => a.status));
    for (const expected of [200, 201, 400, 401, 404, 409, 422]) expect(statuses).toContain(expected);
  });

  it('gives equal analysis results for the same request', async () => {
    const submit = async (base: string) => {
      const accepted = await callApi(base, 'POST', '/api/analyze', SAMPLE_ANALYSIS);
      expect(accepted).toMatchObject({ status: 202, body: { status: 'processing' } });
      return pollTask(base, (accepted.body as { task_id: string }).task_id);
    };
    const [legacy, fresh] = await Promise.all([submit(legacySide.legacyUrl), submit(newSide.newUrl)]);
    expect(legacy.status).toBe('complete');
    expect(fresh).toEqual(legacy);
  });
});
