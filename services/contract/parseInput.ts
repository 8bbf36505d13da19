// Validates one part of a request against its zod schema, collecting every field error (→ 422).
import type { z } from 'zod';
import { RequestValidationError, type FieldError } from '../domain/errors.ts';

export function parseInput<S extends z.ZodType>(
  schema: S,
  value: unknown,
  location: FieldError['location'],
): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new RequestValidationError(
    parsed.error.issues.map((issue) => ({
      location,
      field: issue.path.map(String).join('.'),
      message: issue.message,
      code: issue.code,
    })),
  );
}
