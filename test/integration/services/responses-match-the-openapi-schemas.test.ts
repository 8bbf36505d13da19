// What the backends answer is what /api/openapi.json documents: each answer parses with its response schema.
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { AnalyzeAcceptedSchema } from '../../../services/analyze/schema.ts';
import { BacktestResultSchema } from '../../../services/backtest/schema.ts';
import { BalancesSchema } from '../../../services/balances/schema.ts';
import { PublicConfigSchema } from '../../../services/config/schema.ts';
import { ErrorBodySchema, ValidationErrorBodySchema } from '../../../services/contract/errorBodies.ts';
import { MarketSnapshotSchema } from '../../../services/market/schema.ts';
import { MonitoringSchema } from '../../../services/monitoring/schema.ts';
import { OrderbookSchema } from '../../../services/orderbook/schema.ts';
import { OrderListSchema, OrderSchema } from '../../../services/orders/schema.ts';
import { PositionsSchema } from '../../../services/positions/schema.ts';
import { BotStatusSchema } from '../../../services/status/schema.ts';
import { TaskStatusSchema } from '../../../services/tasks/schema.ts';
import { servicesForFile } from '../../helpers/servicesServer.ts';
import { callApi, pollTask, SAMPLE_ANALYSIS } from '../../helpers/servicesClient.ts';

const CASES: Array<[method: string, path: string, body: unknown, status: number, schema: z.ZodType]> = [
  ['POST', '/api/orders', { symbol: 'AAPL', side: 'buy', type: 'market', quantity: 2 }, 201, OrderSchema],
  ['GET', '/api/status', undefined, 200, BotStatusSchema],
  ['GET', '/api/balances', undefined, 200, BalancesSchema],
  ['GET', '/api/positions', undefined, 200, PositionsSchema],
  ['GET', '/api/orders', undefined, 200, OrderListSchema],
  ['GET', '/api/orders/1', undefined, 200, OrderSchema],
  ['GET', '/api/config', undefined, 200, PublicConfigSchema],
  ['GET', '/api/monitoring', undefined, 200, MonitoringSchema],
  ['GET', '/api/market/MSFT', undefined, 200, MarketSnapshotSchema],
  ['GET', '/api/orderbook/MSFT', undefined, 200, OrderbookSchema],
  [
    'POST',
    '/api/backtest',
    { symbol: 'MSFT', start_date: '2022-01-01', end_date: '2024-12-31' },
    200,
    BacktestResultSchema,
  ],
  ['POST', '/api/analyze', SAMPLE_ANALYSIS, 202, AnalyzeAcceptedSchema],
  ['GET', '/api/orders/777', undefined, 404, ErrorBodySchema],
  ['POST', '/api/orders', { side: 'buy' }, 422, ValidationErrorBodySchema],
];

describe('answers match the documented schemas', () => {
  const services = servicesForFile();

  it.each(['legacyUrl', 'newUrl'] as const)('on %s', async (side) => {
    const base = services[side];
    for (const [method, path, body, status, schema] of CASES) {
      const answer = await callApi(base, method, path, body);
      expect(answer.status, `${method} ${path}`).toBe(status);
      const parsed = schema.safeParse(answer.body);
      expect(parsed.success ? 'ok' : parsed.error.message, `${method} ${path}`).toBe('ok');
    }
    const accepted = await callApi(base, 'POST', '/api/analyze', SAMPLE_ANALYSIS);
    expect(
      TaskStatusSchema.safeParse(await pollTask(base, (accepted.body as { task_id: string }).task_id)).success,
    ).toBe(true);
  });
});
