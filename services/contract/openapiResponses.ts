// Shorthands for the OpenAPI route definitions in each endpoint's schema.ts.
import type { ResponseConfig } from '@asteasolutions/zod-to-openapi';
import type { z } from 'zod';
import { ErrorBodySchema, ValidationErrorBodySchema } from './errorBodies.ts';

export function json(description: string, schema: z.ZodType): ResponseConfig {
  return { description, content: { 'application/json': { schema } } };
}

export const UNAUTHORIZED_RESPONSE = json(
  'Missing or invalid X-API-Key (only when API keys are configured)',
  ErrorBodySchema,
);
export const NOT_FOUND_RESPONSE = json('Not found', ErrorBodySchema);
export const VALIDATION_RESPONSE = json('Invalid input: every field error is listed', ValidationErrorBodySchema);
export const REJECTED_RESPONSE = json('Refused by the domain (e.g. risk limits)', ErrorBodySchema);
export const SANDBOX_UNSUPPORTED_RESPONSE = json(
  'Only for a sandboxed shadow copy (`x-strangler-shadow: sandbox`, sent by the proxy): this endpoint cannot run without side effects (`sandbox_unsupported`)',
  ErrorBodySchema,
);
export const MARKET_DATA_RESPONSE = json('The market data provider failed after retries', ErrorBodySchema);

export const SECURITY = [{ ApiKey: [] }];
export const STORE_UNAVAILABLE_RESPONSE = json(
  'The Postgres store (DATABASE_URL) is unreachable or closed the connection; nothing was written, retry (`store_unavailable`)',
  ErrorBodySchema,
);
