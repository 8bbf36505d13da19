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

export const DEFAULT_BOOK_DEPTH = 10;

export const OrderbookQuery = z.object({
  depth: z.coerce.number().int().min(1).max(50).default(DEFAULT_BOOK_DEPTH).describe('Levels per side'),
});

const Level = z.object({ price: z.number(), quantity: z.number() });

export const OrderbookSchema = z
  .object({ symbol: z.string(), mid_price: z.number(), spread: z.number(), bids: z.array(Level), asks: z.array(Level) })
  .meta({ id: 'Orderbook' });

export const orderbookRoutes: RouteConfig[] = [
  {
    method: 'get',
    path: '/api/orderbook/{symbol}',
    summary: 'Bids and asks depth',
    tags: ['market'],
    security: SECURITY,
    request: { params: SymbolParams, query: OrderbookQuery },
    responses: {
      200: json('Order book', OrderbookSchema),
      401: UNAUTHORIZED_RESPONSE,
      404: NOT_FOUND_RESPONSE,
      422: VALIDATION_RESPONSE,
      502: MARKET_DATA_RESPONSE,
    },
  },
];
