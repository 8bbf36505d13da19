// The OpenAPI 3 document, generated from the endpoint zod schemas (the same ones that validate requests).
import { OpenAPIRegistry, OpenApiGeneratorV3 } from '@asteasolutions/zod-to-openapi';
import { analyzeRoutes } from '../analyze/schema.ts';
import { backtestRoutes } from '../backtest/schema.ts';
import { balancesRoutes } from '../balances/schema.ts';
import { configRoutes } from '../config/schema.ts';
import { STORE_UNAVAILABLE_RESPONSE } from '../contract/openapiResponses.ts';
import { BOT_VERSION } from '../domain/monitoring.ts';
import { marketRoutes } from '../market/schema.ts';
import { monitoringRoutes } from '../monitoring/schema.ts';
import { orderbookRoutes } from '../orderbook/schema.ts';
import { ordersRoutes } from '../orders/schema.ts';
import { portfolioWsRoutes } from '../portfolioWs/schema.ts';
import { positionsRoutes } from '../positions/schema.ts';
import { statusRoutes } from '../status/schema.ts';
import { tasksRoutes } from '../tasks/schema.ts';

const ALL_ROUTES = [
  statusRoutes,
  balancesRoutes,
  ordersRoutes,
  positionsRoutes,
  configRoutes,
  backtestRoutes,
  monitoringRoutes,
  marketRoutes,
  orderbookRoutes,
  analyzeRoutes,
  tasksRoutes,
  portfolioWsRoutes,
].flat();

export function buildOpenApiDocument() {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'ApiKey', { type: 'apiKey', in: 'header', name: 'X-API-Key' });
  // Every request reads the store (the API-key check reads the stored config first), so any can meet an outage.
  for (const route of ALL_ROUTES)
    registry.registerPath({ ...route, responses: { ...route.responses, 503: STORE_UNAVAILABLE_RESPONSE } });
  return new OpenApiGeneratorV3(registry.definitions).generateDocument({
    openapi: '3.0.3',
    info: {
      title: 'Trading bot API',
      version: BOT_VERSION,
      description:
        'The reference migration: served by the legacy service and by the new async handlers with the same contract.',
    },
  });
}
