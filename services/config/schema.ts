import { z } from 'zod';
import type { RouteConfig } from '@asteasolutions/zod-to-openapi';
import { BotConfigSchema, RiskLimitsSchema } from '../domain/config/botConfig.ts';
import { SECURITY, UNAUTHORIZED_RESPONSE, VALIDATION_RESPONSE, json } from '../contract/openapiResponses.ts';

/** A partial update; the merged result is validated as a whole by ConfigService. */
export const ConfigUpdateBody = z
  .object({
    trading_enabled: BotConfigSchema.shape.trading_enabled.optional(),
    symbols: BotConfigSchema.shape.symbols.optional(),
    risk: RiskLimitsSchema.partial().strict().optional(),
    strategy: z
      .object({
        name: z.literal('sma_crossover').optional(),
        fast_period: z.number().int().min(2).max(200).optional(),
        slow_period: z.number().int().min(3).max(400).optional(),
      })
      .strict()
      .optional(),
    api_keys: BotConfigSchema.shape.api_keys.optional(),
  })
  .strict()
  .meta({ id: 'ConfigUpdate' });

export const PublicConfigSchema = z
  .object({
    trading_enabled: z.boolean(),
    symbols: z.array(z.string()),
    risk: RiskLimitsSchema,
    strategy: z.object({
      name: z.literal('sma_crossover'),
      fast_period: z.number().int(),
      slow_period: z.number().int(),
    }),
    api_keys: z.array(z.string()).describe('Masked: only the last 4 characters are shown'),
  })
  .meta({ id: 'BotConfig' });

export const configRoutes: RouteConfig[] = [
  {
    method: 'get',
    path: '/api/config',
    summary: 'Bot configuration',
    tags: ['bot'],
    security: SECURITY,
    responses: { 200: json('Configuration', PublicConfigSchema), 401: UNAUTHORIZED_RESPONSE },
  },
  {
    method: 'put',
    path: '/api/config',
    summary: 'Update the bot configuration (partial, validated as a whole)',
    tags: ['bot'],
    security: SECURITY,
    request: { body: { content: { 'application/json': { schema: ConfigUpdateBody } } } },
    responses: {
      200: json('The new configuration', PublicConfigSchema),
      401: UNAUTHORIZED_RESPONSE,
      422: VALIDATION_RESPONSE,
    },
  },
];
