// The new backend: one express app per handler name, all on the shared domain; analyses run unbounded
// with concurrent ticker fetches (the async rewrite's point).
import type { Logger } from 'pino';
import { handlerRegistry, type HandlerRegistry, type NewHandler } from '../proxy/forward/handlers.ts';
import { analyzeHandler } from './analyze/handler.ts';
import { backtestHandler } from './backtest/handler.ts';
import { balancesHandler } from './balances/handler.ts';
import { configHandler } from './config/handler.ts';
import type { Domain } from './domain/domain.ts';
import { AnalysisRunner } from './domain/tasks/analysisRunner.ts';
import type { HandlerName } from './handlerNames.ts';
import { marketHandler } from './market/handler.ts';
import { monitoringHandler } from './monitoring/handler.ts';
import { openapiHandler } from './openapi/handler.ts';
import { orderbookHandler } from './orderbook/handler.ts';
import { ordersHandler } from './orders/handler.ts';
import { portfolioWs } from './portfolioWs/handler.ts';
import { positionsHandler } from './positions/handler.ts';
import { statusHandler } from './status/handler.ts';
import { tasksHandler } from './tasks/handler.ts';

/** Ticker histories one analysis fetches at once on the new side. */
export const NEW_FETCH_CONCURRENCY = 16;

export interface NewBackend extends HandlerRegistry {
  /** Aborts running analyses and closes WebSocket clients. */
  close(): Promise<void>;
}

export interface NewBackendDeps {
  domain: Domain;
  logger?: Logger | undefined;
}

export async function createNewBackend({ domain, logger }: NewBackendDeps): Promise<NewBackend> {
  const runner = new AnalysisRunner({
    tasks: domain.tasks,
    analyzer: domain.analyzer,
    events: domain.events,
    fetchConcurrency: NEW_FETCH_CONCURRENCY,
    logger,
  });
  const ws = portfolioWs(domain);
  const handlers: Record<Exclude<HandlerName, 'portfolio-ws'>, NewHandler> = {
    status: statusHandler(domain),
    balances: balancesHandler(domain),
    orders: ordersHandler(domain),
    positions: positionsHandler(domain),
    config: configHandler(domain),
    backtest: backtestHandler(domain),
    monitoring: monitoringHandler(domain),
    market: marketHandler(domain),
    orderbook: orderbookHandler(domain),
    analyze: analyzeHandler(domain, runner),
    tasks: tasksHandler(domain),
    openapi: openapiHandler(domain),
  };
  const registry = handlerRegistry(handlers, { 'portfolio-ws': ws.upgrade });
  return {
    ...registry,
    close: async () => {
      await Promise.all([runner.close(), ws.close()]);
    },
  };
}
