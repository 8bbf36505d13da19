import { z } from 'zod';
import type { RouteConfig } from '@asteasolutions/zod-to-openapi';
import {
  MARKET_DATA_RESPONSE,
  NOT_FOUND_RESPONSE,
  REJECTED_RESPONSE,
  SECURITY,
  UNAUTHORIZED_RESPONSE,
  VALIDATION_RESPONSE,
  json,
} from '../contract/openapiResponses.ts';
import { IsoDate, SymbolParam } from '../contract/schemas.ts';

export const BacktestBody = z
  .object({
    symbol: SymbolParam,
    start_date: IsoDate,
    end_date: IsoDate,
    initial_capital: z.number().positive().max(1e9).default(10_000),
    fast_period: z.number().int().min(2).max(200).optional().describe('Defaults to the bot config strategy'),
    slow_period: z.number().int().min(3).max(400).optional().describe('Defaults to the bot config strategy'),
  })
  .refine((b) => b.start_date < b.end_date, { message: 'start_date must be before end_date', path: ['start_date'] })
  .meta({ id: 'BacktestRequest' });

export const BacktestResultSchema = z
  .object({
    symbol: z.string(),
    strategy: z.object({
      name: z.literal('sma_crossover'),
      fast_period: z.number().int(),
      slow_period: z.number().int(),
    }),
    period: z.object({ start: z.string(), end: z.string(), trading_days: z.number().int() }),
    initial_capital: z.number(),
    final_equity: z.number(),
    pnl: z.number(),
    return_pct: z.number(),
    max_drawdown: z.number().describe('Largest peak-to-trough fall, fraction of equity'),
    sharpe_ratio: z.number().describe('Annualized, risk-free rate 0'),
    trades: z.array(
      z.object({ date: z.string(), side: z.enum(['buy', 'sell']), price: z.number(), quantity: z.number() }),
    ),
  })
  .meta({ id: 'BacktestResult' });

export const backtestRoutes: RouteConfig[] = [
  {
    method: 'post',
    path: '/api/backtest',
    summary: 'Backtest the SMA crossover strategy on historical prices',
    tags: ['strategy'],
    security: SECURITY,
    request: { body: { content: { 'application/json': { schema: BacktestBody } } } },
    responses: {
      200: json('Trades, P&L, max drawdown, Sharpe ratio', BacktestResultSchema),
      400: REJECTED_RESPONSE,
      401: UNAUTHORIZED_RESPONSE,
      404: NOT_FOUND_RESPONSE,
      422: VALIDATION_RESPONSE,
      502: MARKET_DATA_RESPONSE,
    },
  },
];
