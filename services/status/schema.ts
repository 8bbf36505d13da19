import { z } from 'zod';
import type { RouteConfig } from '@asteasolutions/zod-to-openapi';
import { SECURITY, UNAUTHORIZED_RESPONSE, json } from '../contract/openapiResponses.ts';

export const BotStatusSchema = z
  .object({
    status: z.enum(['running', 'paused']),
    uptime_seconds: z.number().int(),
    exchange: z.string(),
    version: z.string(),
  })
  .meta({ id: 'BotStatus' });

export const statusRoutes: RouteConfig[] = [
  {
    method: 'get',
    path: '/api/status',
    summary: 'Bot status',
    tags: ['bot'],
    security: SECURITY,
    responses: {
      200: json('Running or paused, uptime, exchange, version', BotStatusSchema),
      401: UNAUTHORIZED_RESPONSE,
    },
  },
];
