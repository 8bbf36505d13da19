// One request sequence covering the services' contract (reads, writes, every error class, auth), run in order on a
// fresh store; the answers of two runs are compared without the fields that differ by nature.
import type { ApiAnswer } from './servicesClient.ts';

/** Fields that legitimately differ between two runs: timestamps, generated ids, uptime. */
const VOLATILE_FIELDS = ['created_at', 'updated_at', 'uptime_seconds', 'task_id'];

const API_KEY = 'test-key-0123456789abcdef';

type Step = [method: string, path: string, body?: unknown, headers?: Record<string, string>];

export const CONTRACT_SEQUENCE: Step[] = [
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

export function withoutVolatile(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutVolatile);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => !VOLATILE_FIELDS.includes(key))
      .map(([k, v]) => [k, withoutVolatile(v)]),
  );
}

export interface ContractAnswer extends ApiAnswer {
  /** Who answered, as the proxy's x-strangler-backend response header says (null when no proxy is in between). */
  backend: string | null;
}

/** Runs the sequence in order against one base URL; `extraHeaders` go on every request (e.g. a forced backend). */
export async function runContractSequence(
  baseUrl: string,
  extraHeaders: Record<string, string> = {},
): Promise<ContractAnswer[]> {
  const answers: ContractAnswer[] = [];
  for (const [method, path, body, headers] of CONTRACT_SEQUENCE) {
    const response = await fetch(baseUrl + path, {
      method,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...extraHeaders, ...headers },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    answers.push({
      status: response.status,
      body: text ? JSON.parse(text) : undefined,
      backend: response.headers.get('x-strangler-backend'),
    });
  }
  return answers;
}
