// Every name routes.yaml may use in `new: { handler: <name> }`. No imports, no I/O: the proxy validates
// routes.yaml with this list before anything starts.
export const HANDLER_NAMES = [
  'status',
  'balances',
  'orders',
  'positions',
  'config',
  'backtest',
  'monitoring',
  'market',
  'orderbook',
  'analyze',
  'tasks',
  'openapi',
  'portfolio-ws',
] as const satisfies readonly string[];

export type HandlerName = (typeof HANDLER_NAMES)[number];

/** Handlers that take over an upgraded connection (WebSocket) instead of answering a request. */
export const UPGRADE_HANDLER_NAMES: readonly HandlerName[] = ['portfolio-ws'];
