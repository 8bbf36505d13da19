import type { RouteConfig } from '@asteasolutions/zod-to-openapi';
import { PortfolioEventSchema } from '../domain/events.ts';
import { json } from '../contract/openapiResponses.ts';

export const PORTFOLIO_WS_PATH = '/ws/portfolio';

export const portfolioWsRoutes: RouteConfig[] = [
  {
    method: 'get',
    path: PORTFOLIO_WS_PATH,
    tags: ['realtime'],
    summary: 'WebSocket: real-time portfolio updates (new backend only)',
    description:
      'Upgrade to a WebSocket (X-API-Key required when keys are configured). The server first sends a `connected` frame, then one JSON text frame per event: ' +
      '`price` ticks and `position_pnl` for held symbols on every market tick, `order_fill` when an order fills, ' +
      '`analysis_progress` after each price series an analysis fetches and `analysis_done` when it completes or fails. ' +
      'Clients send nothing. The 200 schema below documents the frames.',
    responses: {
      101: { description: 'Switching protocols' },
      200: json('Schema of each frame the server sends', PortfolioEventSchema),
    },
  },
];
