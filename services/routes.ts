// Which endpoint each handler serves, in routes.yaml path-template syntax (`:param`, trailing `/*`).
// `legacy: false` marks endpoints only the new side has (route them to new at weight 100).
import type { HandlerName } from './handlerNames.ts';

export interface ServiceRoute {
  methods: readonly string[];
  path: string;
  handler: HandlerName;
  legacy: boolean;
}

export const SERVICE_ROUTES: readonly ServiceRoute[] = [
  { methods: ['GET'], path: '/api/status', handler: 'status', legacy: true },
  { methods: ['GET'], path: '/api/status/:task_id', handler: 'tasks', legacy: true },
  { methods: ['GET'], path: '/api/balances', handler: 'balances', legacy: true },
  { methods: ['GET', 'POST'], path: '/api/orders', handler: 'orders', legacy: true },
  { methods: ['GET', 'DELETE'], path: '/api/orders/:id', handler: 'orders', legacy: true },
  { methods: ['GET'], path: '/api/positions', handler: 'positions', legacy: true },
  { methods: ['GET', 'PUT'], path: '/api/config', handler: 'config', legacy: true },
  { methods: ['POST'], path: '/api/backtest', handler: 'backtest', legacy: true },
  { methods: ['GET'], path: '/api/monitoring', handler: 'monitoring', legacy: true },
  { methods: ['GET'], path: '/api/market/:symbol', handler: 'market', legacy: true },
  { methods: ['GET'], path: '/api/orderbook/:symbol', handler: 'orderbook', legacy: true },
  { methods: ['POST'], path: '/api/analyze', handler: 'analyze', legacy: true },
  { methods: ['GET'], path: '/api/openapi.json', handler: 'openapi', legacy: false },
  { methods: ['GET'], path: '/api/docs/*', handler: 'openapi', legacy: false },
  { methods: ['GET'], path: '/ws/portfolio', handler: 'portfolio-ws', legacy: false },
];
