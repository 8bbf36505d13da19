import { z } from 'zod';
import type { RouteConfig } from '@asteasolutions/zod-to-openapi';
import { MARKET_DATA_RESPONSE, SECURITY, UNAUTHORIZED_RESPONSE, json } from '../contract/openapiResponses.ts';

export const PositionsSchema = z
  .object({
    positions: z.array(
      z.object({
        symbol: z.string(),
        quantity: z.number(),
        entry_price: z.number(),
        mark_price: z.number(),
        unrealized_pnl: z.number(),
        unrealized_pnl_pct: z.number(),
      }),
    ),
    total_unrealized_pnl: z.number(),
  })
  .meta({ id: 'Positions' });

export const positionsRoutes: RouteConfig[] = [
  {
    method: 'get',
    path: '/api/positions',
    summary: 'Open positions with entry/mark price and unrealized P&L',
    tags: ['portfolio'],
    security: SECURITY,
    responses: { 200: json('Positions', PositionsSchema), 401: UNAUTHORIZED_RESPONSE, 502: MARKET_DATA_RESPONSE },
  },
];
