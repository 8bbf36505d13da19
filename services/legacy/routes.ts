// The legacy app's URL map, Flask style: one view function per rule, each calling the shared domain
// services and shared request schemas, so both backends keep one contract.
import { parseInput } from '../contract/parseInput.ts';
import { SymbolParams } from '../contract/schemas.ts';
import type { Domain } from '../domain/domain.ts';
import type { AnalysisRunner } from '../domain/tasks/analysisRunner.ts';
import { AnalyzeBody } from '../analyze/schema.ts';
import { BacktestBody } from '../backtest/schema.ts';
import { ConfigUpdateBody } from '../config/schema.ts';
import { OrderbookQuery } from '../orderbook/schema.ts';
import { ListOrdersQuery, NewOrderBody, OrderIdParams } from '../orders/schema.ts';
import { TaskIdParams } from '../tasks/schema.ts';
import type { LegacyRequest } from './readRequest.ts';

export interface LegacyResponse {
  status: number;
  body: unknown;
}

type View = (req: LegacyRequest, params: Record<string, string>) => Promise<LegacyResponse>;

export interface LegacyRoute {
  method: string;
  /** Flask rule, e.g. /api/orders/<id> */
  rule: string;
  view: View;
}

const ok = (body: unknown, status = 200): LegacyResponse => ({ status, body });

export function legacyRoutes(domain: Domain, analyses: AnalysisRunner): LegacyRoute[] {
  return [
    { method: 'GET', rule: '/api/status', view: async () => ok(await domain.monitoring.status()) },
    {
      method: 'GET',
      rule: '/api/status/<task_id>',
      view: async (_req, params) => ok(await domain.tasks.get(parseInput(TaskIdParams, params, 'path').task_id)),
    },
    { method: 'GET', rule: '/api/balances', view: async () => ok(await domain.portfolio.balances()) },
    {
      method: 'GET',
      rule: '/api/orders',
      view: async (req) => ok(await domain.orders.list(parseInput(ListOrdersQuery, req.query, 'query'))),
    },
    {
      method: 'POST',
      rule: '/api/orders',
      view: async (req) => ok(await domain.orders.place(parseInput(NewOrderBody, req.body, 'body')), 201),
    },
    {
      method: 'GET',
      rule: '/api/orders/<id>',
      view: async (_req, params) => ok(await domain.orders.get(parseInput(OrderIdParams, params, 'path').id)),
    },
    {
      method: 'DELETE',
      rule: '/api/orders/<id>',
      view: async (_req, params) => ok(await domain.orders.cancel(parseInput(OrderIdParams, params, 'path').id)),
    },
    { method: 'GET', rule: '/api/positions', view: async () => ok(await domain.portfolio.positions()) },
    { method: 'GET', rule: '/api/config', view: async () => ok(await domain.config.getPublic()) },
    {
      method: 'PUT',
      rule: '/api/config',
      view: async (req) => ok(await domain.config.update(parseInput(ConfigUpdateBody, req.body, 'body'))),
    },
    {
      method: 'POST',
      rule: '/api/backtest',
      view: async (req) => ok(await domain.backtester.run(parseInput(BacktestBody, req.body, 'body'))),
    },
    { method: 'GET', rule: '/api/monitoring', view: async () => ok(await domain.monitoring.health()) },
    {
      method: 'GET',
      rule: '/api/market/<symbol>',
      view: async (_req, params) =>
        ok(await domain.marketData.snapshot(parseInput(SymbolParams, params, 'path').symbol)),
    },
    {
      method: 'GET',
      rule: '/api/orderbook/<symbol>',
      view: async (req, params) => {
        const { symbol } = parseInput(SymbolParams, params, 'path');
        return ok(await domain.orderbook.book(symbol, parseInput(OrderbookQuery, req.query, 'query').depth));
      },
    },
    {
      method: 'POST',
      rule: '/api/analyze',
      view: async (req) =>
        ok({ task_id: await analyses.submit(parseInput(AnalyzeBody, req.body, 'body')), status: 'processing' }, 202),
    },
  ];
}
