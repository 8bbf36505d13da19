import { z } from 'zod';
import type { RouteConfig } from '@asteasolutions/zod-to-openapi';
import { NOT_FOUND_RESPONSE, SECURITY, UNAUTHORIZED_RESPONSE, json } from '../contract/openapiResponses.ts';

export const TaskIdParams = z.object({ task_id: z.string().min(1).max(100) });

const HoldingSchema = z.object({
  ticker: z.string(),
  shares: z.number(),
  last_price: z.number(),
  value: z.number(),
  weight: z.number(),
  annualized_volatility: z.number(),
  beta: z.number(),
  period_return: z.number(),
});

export const AnalysisResultSchema = z
  .object({
    period: z.object({ start: z.string(), end: z.string(), trading_days: z.number().int() }),
    benchmark: z.string(),
    total_value: z.number(),
    holdings: z.array(HoldingSchema),
    portfolio: z.object({
      annualized_volatility: z.number(),
      beta: z.number(),
      period_return: z.number(),
      max_drawdown: z.number(),
    }),
    factor_exposures: z.object({
      market: z.number(),
      momentum: z.number(),
      concentration: z.number(),
      relative_volatility: z.number(),
    }),
    risk_score: z.number().int().min(0).max(100),
    risk_score_breakdown: z
      .array(
        z.object({
          factor: z.string(),
          value: z.number(),
          points: z.number(),
          weight: z.number(),
          contribution: z.number(),
        }),
      )
      .describe('risk_score = round(sum of contribution); contribution = points × weight'),
    risk_tolerance: z.enum(['conservative', 'moderate', 'aggressive']),
    recommendations: z.array(z.string()),
  })
  .meta({ id: 'AnalysisResult' });

export const TaskStatusSchema = z
  .discriminatedUnion('status', [
    z.object({ status: z.literal('processing') }),
    z.object({ status: z.literal('complete'), result: AnalysisResultSchema }),
    z.object({ status: z.literal('failed'), error: z.string() }),
  ])
  .meta({ id: 'TaskStatus' });

export const tasksRoutes: RouteConfig[] = [
  {
    method: 'get',
    path: '/api/status/{task_id}',
    summary: 'Poll an analysis task',
    tags: ['analysis'],
    security: SECURITY,
    request: { params: TaskIdParams },
    responses: {
      200: json('processing, complete with result, or failed with error', TaskStatusSchema),
      401: UNAUTHORIZED_RESPONSE,
      404: NOT_FOUND_RESPONSE,
    },
  },
];
