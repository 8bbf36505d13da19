import { z } from 'zod';
import type { RouteConfig } from '@asteasolutions/zod-to-openapi';
import {
  SANDBOX_UNSUPPORTED_RESPONSE,
  SECURITY,
  UNAUTHORIZED_RESPONSE,
  VALIDATION_RESPONSE,
  json,
} from '../contract/openapiResponses.ts';
import { IsoDate } from '../contract/schemas.ts';

const MAX_TICKERS = 50;

export const AnalyzeBody = z
  .object({
    positions: z
      .record(z.string().regex(/^[A-Z][A-Z0-9.]{0,9}$/, 'tickers are upper-case, e.g. AAPL'), z.number().positive())
      .refine((p) => Object.keys(p).length >= 1, 'at least one position is required')
      .refine((p) => Object.keys(p).length <= MAX_TICKERS, `at most ${MAX_TICKERS} positions`)
      .describe('Shares held per ticker, e.g. {"AAPL": 10, "MSFT": 5}'),
    start_date: IsoDate,
    end_date: IsoDate,
    risk_tolerance: z.enum(['conservative', 'moderate', 'aggressive']),
  })
  .refine((b) => b.start_date < b.end_date, { message: 'start_date must be before end_date', path: ['start_date'] })
  .meta({ id: 'AnalyzeRequest' });

export const AnalyzeAcceptedSchema = z
  .object({ task_id: z.string(), status: z.literal('processing') })
  .meta({ id: 'AnalyzeAccepted' });

export const analyzeRoutes: RouteConfig[] = [
  {
    method: 'post',
    path: '/api/analyze',
    tags: ['analysis'],
    security: SECURITY,
    summary: 'Start a portfolio risk analysis (poll GET /api/status/{task_id}, or watch /ws/portfolio)',
    request: { body: { content: { 'application/json': { schema: AnalyzeBody } } } },
    responses: {
      202: json('Accepted: the analysis runs in the background', AnalyzeAcceptedSchema),
      401: UNAUTHORIZED_RESPONSE,
      409: SANDBOX_UNSUPPORTED_RESPONSE,
      422: VALIDATION_RESPONSE,
    },
  },
];
