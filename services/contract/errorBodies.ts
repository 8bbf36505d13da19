// The error bodies clients of the legacy API depend on; both backends answer exactly these.
import { z } from 'zod';

export const ErrorBodySchema = z
  .object({ error: z.string().describe('Machine-readable code'), message: z.string() })
  .meta({ id: 'Error' });

export const FieldErrorSchema = z
  .object({
    location: z.enum(['body', 'query', 'path']),
    field: z.string().describe('Dotted path of the offending field; empty for the whole body'),
    message: z.string(),
    code: z.string(),
  })
  .meta({ id: 'FieldError' });

export const ValidationErrorBodySchema = z
  .object({ error: z.literal('validation_error'), message: z.string(), details: z.array(FieldErrorSchema) })
  .meta({ id: 'ValidationError' });

export type ErrorBody = z.infer<typeof ErrorBodySchema> | z.infer<typeof ValidationErrorBodySchema>;

export interface ErrorResponse {
  status: number;
  body: ErrorBody;
}

export const UNAUTHORIZED: ErrorResponse = {
  status: 401,
  body: { error: 'unauthorized', message: 'Missing or invalid X-API-Key header' },
};

export const MALFORMED_JSON: ErrorResponse = {
  status: 400,
  body: { error: 'bad_request', message: 'Request body is not valid JSON' },
};

export const BODY_TOO_LARGE: ErrorResponse = {
  status: 413,
  body: { error: 'payload_too_large', message: 'Request body is larger than 1 MB' },
};

export const INTERNAL_ERROR: ErrorResponse = {
  status: 500,
  body: { error: 'internal_error', message: 'Internal server error' },
};

export function routeNotFound(method: string, path: string): ErrorResponse {
  return { status: 404, body: { error: 'not_found', message: `No route for ${method} ${path}` } };
}
