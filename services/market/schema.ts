import { z } from 'zod';
import type { RouteConfig } from '@asteasolutions/zod-to-openapi';
import {
  MARKET_DATA_RESPONSE,
  NOT_FOUND_RESPONSE,
  SECURITY,
  UNAUTHORIZED_RESPONSE,
  VALIDATION_RESPONSE,
  json,
} from '../contract/openapiResponses.ts';
import { SymbolParams } from '../contract/schemas.ts';

export const MarketSnapshotSchema = z
  .object({
    symbol: z.string(),
    price: z.number(),
    previous_close: z.number(),
    change_24h: z.number(),
    change_24h_pct: z.number(),
    currency: z.literal('USD'),
  })
  .meta({ id: 'MarketSnapshot' });

export const marketRoutes: RouteConfig[] = [
  {
    method: 'get',
    path: '/api/market/{symbol}',
    summary: 'Price and 24 h change',
    tags: ['market'],
    security: SECURITY,
    request: { params: SymbolParams },
    responses: {
      200: json('Market snapshot', MarketSnapshotSchema),
      401: UNAUTHORIZED_RESPONSE,
      404: NOT_FOUND_RESPONSE,
      422: VALIDATION_RESPONSE,
      502: MARKET_DATA_RESPONSE,
    },
  },
];
