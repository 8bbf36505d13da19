import { z } from 'zod';
import type { RouteConfig } from '@asteasolutions/zod-to-openapi';
import { SECURITY, UNAUTHORIZED_RESPONSE, json } from '../contract/openapiResponses.ts';

const Health = z.enum(['ok', 'down']);

export const MonitoringSchema = z
  .object({
    status: z.enum(['ok', 'degraded']),
    uptime_seconds: z.number().int(),
    components: z.object({
      exchange: z.object({ status: Health, name: z.string() }),
      market_data: z.object({ status: Health, provider: z.string() }),
      store: z.object({ status: Health, kind: z.enum(['pglite', 'postgres']) }),
    }),
    counters: z.object({
      orders: z.object({ open: z.number().int(), filled: z.number().int(), cancelled: z.number().int() }),
      tasks: z.object({ processing: z.number().int(), complete: z.number().int(), failed: z.number().int() }),
    }),
  })
  .meta({ id: 'Monitoring' });

export const monitoringRoutes: RouteConfig[] = [
  {
    method: 'get',
    path: '/api/monitoring',
    summary: 'Health of the bot components and counters',
    tags: ['bot'],
    security: SECURITY,
    responses: { 200: json('Component health', MonitoringSchema), 401: UNAUTHORIZED_RESPONSE },
  },
];
