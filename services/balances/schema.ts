import { z } from 'zod';
import type { RouteConfig } from '@asteasolutions/zod-to-openapi';
import { MARKET_DATA_RESPONSE, SECURITY, UNAUTHORIZED_RESPONSE, json } from '../contract/openapiResponses.ts';

export const BalancesSchema = z
  .object({
    quote_currency: z.string(),
    balances: z.array(
      z.object({ asset: z.string(), free: z.number(), locked: z.number(), total: z.number(), value: z.number() }),
    ),
    total_value: z.number(),
  })
  .meta({ id: 'Balances' });

export const balancesRoutes: RouteConfig[] = [
  {
    method: 'get',
    path: '/api/balances',
    summary: 'Balances per asset, valued in the quote currency',
    tags: ['portfolio'],
    security: SECURITY,
    responses: { 200: json('Balances', BalancesSchema), 401: UNAUTHORIZED_RESPONSE, 502: MARKET_DATA_RESPONSE },
  },
];
